// Bundles the CLI with esbuild. Code splitting keeps each command (and the AWS SDK clients it needs) in its own
// chunk, loaded by a dynamic import only when that command runs, so `--help` reads one small file.
import { rmSync } from "node:fs";
import { build } from "esbuild";

rmSync(new URL("../dist", import.meta.url), { recursive: true, force: true });
await build({
  entryPoints: { cli: "src/cli.ts" },
  outdir: "dist",
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  // Prefer the packages' ES modules: named exports survive dynamic import() and unused code is dropped.
  mainFields: ["module", "main"],
  target: "node20",
  sourcemap: "linked",
  legalComments: "none",
  logLevel: "warning",
  // Some bundled CommonJS dependencies call require(); give the ESM bundle one.
  banner: {
    js: "import { createRequire as __smCreateRequire } from 'node:module'; const require = __smCreateRequire(import.meta.url);",
  },
});
