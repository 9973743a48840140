// Preloaded with `node --import` by a test: records every file module the process loads into $SM_LOAD_LOG, so the
// test can prove which bundle chunks `sm-autoscale --help` reads.
import { register } from "node:module";

register("./record-loads-hooks.mjs", import.meta.url, { data: { log: process.env.SM_LOAD_LOG } });
