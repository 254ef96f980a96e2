#!/usr/bin/env node
// The `kpi` command. Runs the TypeScript sources through tsx, so the bin works
// right after `npm ci` with no build step.
//
// chevrotain is imported before tsx registers its loader: it is plain
// JavaScript of many small modules, and loading them through tsx's hooks
// roughly doubles the start-up time of every command.
import "chevrotain";
import { register } from "tsx/esm/api";

register();
await import("../cli/main.ts");
