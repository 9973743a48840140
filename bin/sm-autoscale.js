#!/usr/bin/env node
// A tiny shim: everything lives in the bundled CLI, which loads each command only when it runs.
import("../dist/cli.js").then((cli) => cli.main(process.argv));
