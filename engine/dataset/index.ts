/**
 * Dataset loading: every dataset form (a JSON file, a folder of CSV and NDJSON
 * files) into one typed, validated, columnar `Dataset`, checked against what
 * the template declares (`DatasetSpec`). Bad data never throws: the loaders
 * return `{ ok: false, errors }` with every error's file, line or JSON
 * pointer, and field; `formatDataError` prints one.
 * @module
 * @example
 * import { loadDatasetFolder, formatDataError } from "./engine/dataset/index.js";
 * const r = await loadDatasetFolder("data", spec);
 * if (!r.ok) { for (const e of r.errors) console.error(formatDataError(e)); process.exitCode = 1; }
 */
export { loadDatasetJson } from "./load-json.js";
export { loadDataset, loadDatasetFiles, loadDatasetFolder, type LoadOptions } from "./load-folder.js";
export { folderFiles, memoryFiles, type DataFiles } from "./data-files.js";
export { checkMapping, readMapping, type Mapping, type MappingResult } from "./mapping.js";
export { mappingPlaceErrors, type MappingPlace } from "./mapping-place.js";
export { formatDataError, formatDataWarning, MAX_ERRORS, type DataError, type DataWarning, type LoadResult } from "./errors.js";
export { formatIsoDate, parseIsoDate, daysFromCivil } from "./values.js";
export { ROOT } from "./entities.js";
export * from "./types.js";
