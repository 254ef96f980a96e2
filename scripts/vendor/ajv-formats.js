// dist/vendor/ajv-formats.js: ajv-formats as `import fm from "ajv-formats"` reads it (the CommonJS exports, `.default` the plugin).
import formats from "ajv-formats";
export default formats;
