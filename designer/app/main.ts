/**
 * The designer's entry point: registers the components; `<kpi-app>` in
 * index.html does the rest.
 * @module
 */
import "./kpi-app.js";
