/**
 * engine/sql: templates compiled to SQL, and the aggregates a database returns fed to the evaluator.
 * @module
 */
export { DIALECTS, dialect, isDialect, type Dialect, type DialectName } from "./dialect.js";
export { compileTemplate, rollupSql, type CompileOptions, type Relation, type SourceQuery } from "./compile.js";
export { SqlUnsupported } from "./filter-sql.js";
export { SqlAggregates, type SqlColumns } from "./cells.js";
