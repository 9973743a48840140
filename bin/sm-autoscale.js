#!/usr/bin/env node
// A tiny shim, CommonJS like dist/cli.cjs (bin/package.json): `--help` then never starts Node's ES module loader.
// Commands run on the ES module side, which dist/cli.cjs imports only when one runs.
require("../dist/cli.cjs").main(process.argv);
