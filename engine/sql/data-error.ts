/**
 * A database's data that does not fit the template, or a query it refused:
 * a missing table or column, floating-point money, a mapping's query that
 * fails. The message names the schema, table or query (never a password).
 * It is a kind of `SqlUnsupported`, so that every caller that reports SQL
 * work it cannot do as a user error (exit 1, a 4xx) reports this one too,
 * but its message is the reason alone, not "cannot compile to SQL".
 * @module
 */
import { SqlUnsupported } from "./filter-sql.js";

/**
 * The data in the database does not fit, or the database refused a query.
 * @example
 * throw new SqlDataError("postgres://kpi:***@db/sales?schema=crm: no table or view crm.deals for the source deals");
 */
export class SqlDataError extends SqlUnsupported {
  constructor(what: string) {
    super(what);
    this.message = what;
    this.name = "SqlDataError";
  }
}
