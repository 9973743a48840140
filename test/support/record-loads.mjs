// Preloaded with `node --import` by a test: records every file module the process loads into $SM_LOAD_LOG, so the
// test can prove which bundle chunks `sm-autoscale --help` reads. ES modules are seen by the loader hook in
// record-loads-hooks.mjs; CommonJS ones (bin/ and dist/cli.cjs are CommonJS, for start-up time) by wrapping the
// CommonJS loader's file extension handlers, which Node 20's module hooks do not reach.
import { appendFileSync } from "node:fs";
import { createRequire, register } from "node:module";
import { pathToFileURL } from "node:url";

const log = process.env.SM_LOAD_LOG;
register("./record-loads-hooks.mjs", import.meta.url, { data: { log } });

if (log) {
  const Module = createRequire(import.meta.url)("node:module");
  // Node 20 has no ".cjs" handler of its own: it loads .cjs files with the ".js" one.
  for (const ext of [".js", ".cjs"].filter((e) => Module._extensions[e])) {
    const load = Module._extensions[ext];
    Module._extensions[ext] = function recordLoad(module, filename) {
      appendFileSync(log, `${pathToFileURL(filename).href}\n`);
      return load.call(this, module, filename);
    };
  }
}
