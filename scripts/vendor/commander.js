// dist/vendor/commander.js: commander (an ES module wrapper over CommonJS files) in one file,
// so that start-up skips the CommonJS loader and the export scan of its files.
export * from "commander";
