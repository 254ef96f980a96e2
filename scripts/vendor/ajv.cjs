// dist/vendor/ajv.cjs: ajv's draft 2020-12 class and ajv-formats in one CommonJS file,
// loaded synchronously on first use by schemas/ajv-load.ts.
exports.Ajv2020 = require("ajv/dist/2020.js").Ajv2020;
exports.addFormats = require("ajv-formats").default;
