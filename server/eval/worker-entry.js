// The evaluation worker's entry point. It is plain JavaScript because a
// worker thread starts without the parent's loaders: like bin/kpi.js it
// registers tsx itself, then imports the TypeScript worker. chevrotain is
// imported first, before tsx's hooks, for the same start-up reason as there.
import "chevrotain";
import { register } from "tsx/esm/api";

register();
await import("./worker.ts");
