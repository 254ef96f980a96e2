// dist/vendor/chevrotain.js: chevrotain (an ES module package) in one file.
export * from "chevrotain";
