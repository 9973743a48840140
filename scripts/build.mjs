// Bundles the CLI with esbuild, in two parts:
// - dist/cli.cjs, CommonJS: the entry. The flag table, the parser and the help, nothing else, so `--help` and
//   usage errors read one small file and never start Node's ES module loader (several ms of a ~40 ms budget).
// - dist/run.js, ES modules with code splitting: what runs a command. Each command (and the AWS SDK clients it
//   needs) is its own chunk, loaded by a dynamic import only when that command runs.
import { rmSync } from "node:fs";
import { build } from "esbuild";

rmSync(new URL("../dist", import.meta.url), { recursive: true, force: true });
const common = {
  outdir: "dist",
  bundle: true,
  platform: "node",
  // Prefer the packages' ES modules: named exports survive dynamic import() and unused code is dropped.
  mainFields: ["module", "main"],
  target: "node20",
  sourcemap: "linked",
  legalComments: "none",
  logLevel: "warning",
};
await Promise.all([
  build({
    ...common,
    entryPoints: { cli: "src/cli.ts" },
    format: "cjs",
    outExtension: { ".js": ".cjs" },
    // Left as import("./run.js"): the ES module side, loaded only when a command runs.
    external: ["./run.js"],
  }),
  build({
    ...common,
    entryPoints: { run: "src/run.ts" },
    format: "esm",
    splitting: true,
    // Some bundled CommonJS dependencies call require(); give the ESM bundle one.
    banner: {
      js: "import { createRequire as __smCreateRequire } from 'node:module'; const require = __smCreateRequire(import.meta.url);",
    },
  }),
]);
