// `npm run demo`: the documented ways to use it work as written. The demo starts its own emulator, so these
// run the script itself (through tsx, as `npm run demo` does), with a clean environment.

import { spawn } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { REPO_ROOT, type RunResult } from "../support/cli.js";
import { cleanBaseEnv } from "../support/env.js";

function demo(args: string[], input = ""): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(
      process.execPath,
      [join(REPO_ROOT, "node_modules", "tsx", "dist", "cli.mjs"), "scripts/demo.ts", ...args],
      { cwd: REPO_ROOT, env: { ...cleanBaseEnv(), SHELL: "/bin/sh" }, stdio: ["pipe", "pipe", "pipe"] },
    );
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c: Buffer) => {
      stdout += c.toString();
    });
    child.stderr.on("data", (c: Buffer) => {
      stderr += c.toString();
    });
    child.stdin.end(input);
    child.once("error", reject);
    child.once("close", (code) =>
      resolve({ code: code ?? 1, stdout, stderr, ms: Math.round(performance.now() - started) }),
    );
  });
}

describe("the demo", () => {
  it("`demo -- describe --json` prints only JSON on stdout, ready to pipe", async () => {
    const run = await demo(["describe", "--json"]);
    expect(run.code, run.stderr).toBe(0);
    const parsed = JSON.parse(run.stdout) as { region: string };
    expect(parsed.region).toBe("us-east-1");
    expect(run.stderr).toContain("this is a local emulator, not AWS");
  });

  it("`demo -- export …` and `demo -- schedule list` run those commands, not init with stray arguments", async () => {
    const exported = await demo(["export", "--endpoint", "fraud-scorer", "--format", "terraform"]);
    expect(exported.code, exported.stderr).toBe(0);
    expect(exported.stdout).toContain('resource "aws_appautoscaling_target"');
    // The demo's fraud-scorer scales 2–6 on a custom-named policy (seed.ts): exported as it is live.
    expect(exported.stdout).toContain('resource_id        = "endpoint/fraud-scorer/variant/AllTraffic"');
    expect(exported.stdout).toContain('name               = "fraud-invocations-policy"');
    const listed = await demo(["schedule", "list"]);
    expect(listed.code, listed.stderr).toBe(0);
    expect(listed.stderr).not.toMatch(/unknown|Usage: sm-autoscale init/i);
  });

  it("`demo -- shell`: the Next: hints and the printed aws commands run against the same emulator", async () => {
    const script = [
      "sm-autoscale init --endpoint churn-predictor --min 1 --max 3 --target 500 --yes > init.out 2> init.err",
      'echo "init exit $?"',
      "grep '^Next: ' init.err",
      "sm-autoscale describe --endpoint churn-predictor --json",
      'echo "describe exit $?"',
      "rm -f init.out init.err",
    ].join("\n");
    const run = await demo(["shell"], `cd "$(mktemp -d)"\n${script}\n`);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain("init exit 0");
    expect(run.stdout).toContain("Next: sm-autoscale describe --endpoint churn-predictor");
    expect(run.stdout).toContain("describe exit 0");
    expect(run.stdout).toMatch(/"resourceId": "endpoint\/churn-predictor\/variant\/AllTraffic"/);
  });
});
