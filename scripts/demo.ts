// `npm run demo [-- <command> [args...]]`: try sm-autoscale against a local AWS emulator, no AWS account needed.
//
// Starts moto_server and the emulator proxy in front of it (test/support), seeds a handful of SageMaker endpoints,
// then runs `node bin/sm-autoscale.js init` (or the command you pass) with the terminal attached and every AWS
// call pointed at the emulator. When the CLI exits, the emulator is stopped and the demo exits with the CLI's code.
//
//   npm run demo                      # the interactive init wizard
//   npm run demo -- describe          # any command: init, describe, teardown, schedule, simulate, export, iam-policy
//   npm run -s demo -- describe --json | jq .   # -s: npm's own banner stays off stdout, so it pipes cleanly
//   npm run demo -- --endpoint x      # anything else is passed to init
//   npm run demo -- shell             # a shell where `sm-autoscale …` and `aws …` reach the same emulator, so the
//                                     # "Next:" hints (and the printed aws commands) can be run one after another

import { type ChildProcess, spawn } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { COMMAND_NAMES } from "../src/cli.js";
import { CLI_BIN, REPO_ROOT } from "../test/support/cli.js";
import { emulatorEnv, MOTO_ACCOUNT_ID, parentEnvWithoutAws } from "../test/support/env.js";
import { type Moto, startMoto } from "../test/support/moto.js";
import { type EmulatorProxy, startProxy } from "../test/support/proxy.js";
import { DEMO_ENDPOINTS, seedDemoRegion, variantResourceId } from "../test/support/seed.js";

const REGION = "us-east-1";
// Every command the CLI declares (help and version flags go to init, which prints them the same way).
const COMMANDS = new Set(COMMAND_NAMES);

const extra = process.argv.slice(2);
const shellMode = extra[0] === "shell";
const cliArgs = extra[0] !== undefined && COMMANDS.has(extra[0]) ? extra : ["init", ...extra];

const useColor = process.stderr.isTTY && !process.env["NO_COLOR"];
const dim = (s: string) => (useColor ? `\x1b[2m${s}\x1b[22m` : s);
const bold = (s: string) => (useColor ? `\x1b[1m${s}\x1b[22m` : s);
const say = (s = "") => process.stderr.write(`${s}\n`);

let moto: Moto | undefined;
let proxy: EmulatorProxy | undefined;
let child: ChildProcess | undefined;
let stopping = false;

async function shutdown(code: number): Promise<never> {
  if (!stopping) {
    stopping = true;
    await proxy?.stop().catch(() => undefined);
    await moto?.stop().catch(() => undefined);
  }
  process.exit(code);
}

// Ctrl-C in the terminal reaches the CLI directly (same foreground process group); the CLI decides what to do
// with it. The demo only keeps running until the CLI has exited, then cleans up.
process.on("SIGINT", () => {
  if (!child) void shutdown(130);
});
for (const sig of ["SIGTERM", "SIGHUP"] as const) {
  process.on(sig, () => {
    if (child && child.exitCode === null) child.kill(sig);
    else void shutdown(sig === "SIGTERM" ? 143 : 129);
  });
}

async function main(): Promise<void> {
  if (!existsSync(join(REPO_ROOT, "dist", "cli.cjs"))) {
    say("dist/cli.cjs is missing: run `npm run build` first (`npm run demo` does it for you).");
    process.exit(1);
  }
  say(dim("Starting the local AWS emulator (moto + sm-autoscale test proxy)..."));
  moto = await startMoto();
  proxy = await startProxy({ upstream: moto.url });
  const endpoints = await seedDemoRegion(proxy.url, REGION);
  proxy.setEndpointStatus(DEMO_ENDPOINTS.creating, "Creating");

  // Some scaling history for the endpoint that is already autoscaled.
  const fraud = variantResourceId(DEMO_ENDPOINTS.fraud, "AllTraffic");
  const hour = 3_600_000;
  const now = Date.now();
  proxy.addScalingActivity({
    resourceId: fraud,
    statusCode: "Successful",
    description: "Setting desired instance count to 4.",
    startTime: now - 26 * hour,
  });
  proxy.addScalingActivity({
    resourceId: fraud,
    statusCode: "Successful",
    description: "Setting desired instance count to 3.",
    startTime: now - 20 * hour,
    cause: `monitor alarm TargetTracking-${fraud}-AlarmLow in state ALARM triggered policy fraud-invocations-policy`,
  });
  proxy.addScalingActivity({
    resourceId: fraud,
    statusCode: "Failed",
    description: "Setting desired instance count to 6.",
    startTime: now - 2 * hour,
    statusMessage:
      "Failed to set desired instance count to 6. Reason: The account-level service limit 'ml.m5.xlarge for endpoint usage' is 5 Instances, with current utilization of 3 Instances and a request delta of 3 Instances. Please use AWS Service Quotas to request an increase for this quota. (Service: AmazonSageMaker; Status Code: 400; Error Code: ResourceLimitExceeded)",
  });

  // The account's instance quotas for endpoints (Service Quotas), which init checks the maximum against.
  proxy.setServiceQuotas([
    { quotaName: "ml.m5.large for endpoint usage", quotaCode: "L-DEMO0001", value: 8 },
    { quotaName: "ml.m5.xlarge for endpoint usage", quotaCode: "L-DEMO0002", value: 5 },
    { quotaName: "ml.c5.xlarge for endpoint usage", quotaCode: "L-DEMO0003", value: 6 },
  ]);

  say();
  say(bold("sm-autoscale demo: this is a local emulator, not AWS."));
  say(
    `  Region ${REGION}, fake account ${MOTO_ACCOUNT_ID}, dummy credentials. Nothing you do here costs money`,
  );
  say("  or touches a real AWS account; everything is gone when the demo exits.");
  say("  Seeded SageMaker endpoints:");
  const width = Math.max(...endpoints.map((e) => e.name.length));
  for (const e of endpoints) say(`    ${e.name.padEnd(width)}  ${dim(`${e.kind}: ${e.summary}`)}`);
  const env: Record<string, string> = { ...parentEnvWithoutAws(), ...emulatorEnv(proxy.url, REGION) };
  let command: string;
  let args: string[];
  if (shellMode) {
    // `sm-autoscale` on PATH runs this checkout's build; `aws` (botocore ≥ 1.31) reads AWS_ENDPOINT_URL itself.
    const bin = mkdtempSync(join(tmpdir(), "sm-autoscale-demo-"));
    const shim = join(bin, "sm-autoscale");
    writeFileSync(
      shim,
      `#!/bin/sh\nexec ${JSON.stringify(process.execPath)} ${JSON.stringify(CLI_BIN)} "$@"\n`,
    );
    chmodSync(shim, 0o755);
    env["PATH"] = `${bin}${delimiter}${env["PATH"] ?? ""}`;
    env["SM_AUTOSCALE_DEMO"] = "1";
    command = process.env["SHELL"] || "/bin/sh";
    args = [];
    say(dim(`  Emulator: ${proxy.url} (moto ${moto.url}).`));
    say(
      "  A shell where `sm-autoscale …` and `aws …` reach this emulator: run the Next: hints as they come.",
    );
    say("  `exit` (or Ctrl-D) stops the emulator; what you changed is gone with it.");
  } else {
    command = process.execPath;
    args = [CLI_BIN, ...cliArgs];
    say(dim(`  Emulator: ${proxy.url} (moto ${moto.url}). Running: sm-autoscale ${cliArgs.join(" ")}`));
  }
  say();

  const started = spawn(command, args, { stdio: "inherit", env, cwd: process.cwd() });
  child = started;
  started.once("error", (err) => {
    say(`could not start the CLI: ${err.message}`);
    void shutdown(1);
  });
  started.once("exit", (code, signal) => {
    const signals: Record<string, number> = { SIGINT: 2, SIGTERM: 15, SIGHUP: 1 };
    if (!shellMode && cliArgs[0] !== "iam-policy") {
      // The emulator goes with the demo, so a "Next:" hint run from the user's own shell would reach AWS itself.
      say();
      say(
        dim(
          "Demo over: the emulator and its state are gone. To run the Next: hints against it, start `npm run demo -- shell`.",
        ),
      );
    }
    void shutdown(code ?? (signal ? 128 + (signals[signal] ?? 0) : 1));
  });
}

main().catch(async (err: unknown) => {
  say(`demo failed: ${err instanceof Error ? err.message : String(err)}`);
  await shutdown(1);
});
