// dist/vendor/ajv-2020.js: ajv's draft 2020-12 class, as `import { Ajv2020 } from "ajv/dist/2020.js"` reads it.
import ajv from "ajv/dist/2020.js";
export const Ajv2020 = ajv.Ajv2020;
export default ajv;
