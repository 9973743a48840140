// `npm run bench`: measures sm-autoscale against moto behind the test proxy, which adds 30 ms to every AWS call
// (its own latency, as a nearby AWS region would), and checks the budgets of the performance issue:
//
//   1. cold start: `sm-autoscale --help` against a bare `node -e 0`        budget: within 1.3x
//   2. `init` with every flag given: wall time and AWS calls               budget: at most 12 calls
//   3. `describe --json` on 200 endpoints, 150 autoscaled: wall time,
//      AWS calls, most calls in flight
//   4. the reference: what a user runs without us, the AWS CLI's
//      `describe-scalable-targets` + `describe-scaling-policies` for
//      the namespace (all pages), through the same proxy                   budget: describe faster than both
//   5. `simulate`: the replay of 14 days × 10 candidate targets, compute
//      only (in this process: the trace from the datapoints, the load
//      served, 10 replays, the recommendation, the chart's replay)         budget: well under a second (≤ 250 ms)
//      and `simulate --days 14 --json` through the proxy: GetMetricData
//      calls against the fewest the API allows                            budget: exactly that many
//
// It prints a table and PASS/FAIL per budget, and exits 1 if a budget fails. It is not a test and not in CI:
// timings depend on the machine. Run `npm run bench` (it builds first); `tsx scripts/bench.ts` reuses dist/.

import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { PAGE } from "../src/domain/constants.js";
import type { DescribeJson } from "../src/domain/describe-model.js";
import { DEFAULT_REPLAY, observedLoad, replay, traceFrom, whatIf } from "../src/domain/what-if.js";
import { CLI_BIN, REPO_ROOT, runAwsCli, runCli } from "../test/support/cli.js";
import { cleanBaseEnv, emulatorEnv } from "../test/support/env.js";
import { type Moto, startMoto } from "../test/support/moto.js";
import { type EmulatorProxy, startProxy } from "../test/support/proxy.js";
import {
  diurnalSeries,
  prng,
  seedEndpoint,
  seeder,
  seedScaleRegion,
  variantResourceId,
} from "../test/support/seed.js";

const LATENCY_MS = 30;
const COLD_START_RUNS = 15;
const INIT_RUNS = 3;
const DESCRIBE_RUNS = 3;
const INIT_REGION = "us-west-2";
const SCALE_REGION = "eu-west-2";
const SIMULATE_REGION = "eu-central-1";
const SIMULATE_RUNS = 15;
/** The emulator's GetMetricData is quadratic in the window (moto compares every datapoint with every period). */
const SIMULATE_SEEDED_HOURS = 26;

const SCALE_ENDPOINTS = 200;
const SCALE_AUTOSCALED = 150;
// init: 10 calls, plus the optional read of the account's instance quota: one ListServiceQuotas page and, with no
// applied value seeded here, one ListAWSDefaultServiceQuotas page.
const BUDGET = { helpVsNode: 1.3, initCalls: 12, simulateComputeMs: 250 } as const;

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};
const ms = (n: number) => `${Math.round(n)} ms`;
const total = (counts: Record<string, number>) => Object.values(counts).reduce((a, b) => a + b, 0);
const say = (line = "") => process.stderr.write(`${line}\n`);

/** Wall time of one child process, start to exit, output discarded. */
function timeProcess(args: string[]): number {
  const started = performance.now();
  const result = spawnSync(process.execPath, args, { env: cleanBaseEnv(), stdio: "ignore", cwd: REPO_ROOT });
  const elapsed = performance.now() - started;
  if (result.status !== 0) throw new Error(`node ${args.join(" ")} exited ${result.status}`);
  return elapsed;
}

interface Row {
  measure: string;
  value: string;
  budget: string;
  pass?: boolean;
  /** Printed under the table, keyed by the measure. */
  detail?: string;
}

async function coldStart(): Promise<{ rows: Row[]; node: number; help: number }> {
  // One warm-up each (file cache, V8 code cache), then alternate so drift hits both alike.
  timeProcess(["-e", "0"]);
  timeProcess([CLI_BIN, "--help"]);
  const node: number[] = [];
  const help: number[] = [];
  for (let i = 0; i < COLD_START_RUNS; i++) {
    node.push(timeProcess(["-e", "0"]));
    help.push(timeProcess([CLI_BIN, "--help"]));
  }
  const n = median(node);
  const h = median(help);
  const ratio = h / n;
  return {
    node: n,
    help: h,
    rows: [
      { measure: "node -e 0 (median of 15)", value: ms(n), budget: "" },
      {
        measure: "sm-autoscale --help (median of 15)",
        value: `${ms(h)}: ${ratio.toFixed(2)}x node`,
        budget: `≤ ${BUDGET.helpVsNode}x node`,
        pass: ratio <= BUDGET.helpVsNode,
      },
    ],
  };
}

async function initRuns(proxy: EmulatorProxy): Promise<{ rows: Row[]; wall: number; calls: number }> {
  const names = Array.from({ length: INIT_RUNS }, (_, i) => `bench-init-${i}`);
  for (const name of names) {
    await seedEndpoint(
      { url: proxy.url, region: INIT_REGION },
      { name, variants: [{ name: "AllTraffic", instanceType: "ml.m5.large", count: 2 }] },
    );
  }
  const walls: number[] = [];
  let calls: Record<string, number> = {};
  for (const name of names) {
    proxy.resetCounts();
    const run = await runCli(
      ["init", "--endpoint", name, "--min", "1", "--max", "4", "--target", "300", "--yes"],
      { endpoint: proxy.url, region: INIT_REGION, timeoutMs: 60_000 },
    );
    if (run.code !== 0) throw new Error(`init failed (${run.code}):\n${run.stderr}`);
    walls.push(run.ms);
    const counts = proxy.countBy();
    if (total(counts) > total(calls)) calls = counts;
  }
  const wall = median(walls);
  const n = total(calls);
  return {
    wall,
    calls: n,
    rows: [
      { measure: `init with flags: wall (median of ${INIT_RUNS})`, value: ms(wall), budget: "" },
      {
        measure: "init: AWS calls",
        value: String(n),
        budget: `≤ ${BUDGET.initCalls}`,
        pass: n <= BUDGET.initCalls,
        detail: opList(calls),
      },
    ],
  };
}

interface DescribeRun {
  wall: number;
  counts: Record<string, number>;
  maxInFlight: number;
  json: DescribeJson;
}

async function describeRun(proxy: EmulatorProxy): Promise<DescribeRun> {
  proxy.resetCounts();
  const run = await runCli(["describe", "--json"], {
    endpoint: proxy.url,
    region: SCALE_REGION,
    timeoutMs: 120_000,
  });
  if (run.code !== 0) throw new Error(`describe failed (${run.code}):\n${run.stderr}`);
  return {
    wall: run.ms,
    counts: proxy.countBy(),
    maxInFlight: proxy.maxInFlight(),
    json: JSON.parse(run.stdout) as DescribeJson,
  };
}

interface AwsCliRun {
  wall: number;
  calls: number;
  targets: number;
  policies: number;
}

async function awsCliRun(proxy: EmulatorProxy, dir: string): Promise<AwsCliRun> {
  proxy.resetCounts();
  const targetsFile = join(dir, "targets.json");
  const policiesFile = join(dir, "policies.json");
  // What a user types; the aws CLI follows NextToken itself (all pages, the service's default page size).
  const script = [
    `aws application-autoscaling describe-scalable-targets --service-namespace sagemaker > '${targetsFile}'`,
    `aws application-autoscaling describe-scaling-policies --service-namespace sagemaker > '${policiesFile}'`,
  ].join("\n");
  const run = await runAwsCli(script, emulatorEnv(proxy.url, SCALE_REGION));
  if (run.code !== 0) throw new Error(`aws CLI failed (${run.code}):\n${run.stderr}`);
  const targets = (JSON.parse(readFileSync(targetsFile, "utf8")) as { ScalableTargets: unknown[] })
    .ScalableTargets.length;
  const policies = (JSON.parse(readFileSync(policiesFile, "utf8")) as { ScalingPolicies: unknown[] })
    .ScalingPolicies.length;
  return { wall: run.ms, calls: total(proxy.countBy()), targets, policies };
}

async function describeVsAwsCli(proxy: EmulatorProxy, motoUrl: string): Promise<Row[]> {
  say(`  seeding ${SCALE_ENDPOINTS} endpoints, ${SCALE_AUTOSCALED} autoscaled…`);
  const seeded = await seedScaleRegion({
    motoUrl,
    proxyUrl: proxy.url,
    region: SCALE_REGION,
    total: SCALE_ENDPOINTS,
    scaled: SCALE_AUTOSCALED,
  });
  say(`  seeded in ${ms(seeded.ms)}`);
  const dir = mkdtempSync(join(tmpdir(), "sm-autoscale-bench-"));
  try {
    // Alternate the two, so drift on the machine hits both alike.
    const ours: DescribeRun[] = [];
    const theirs: AwsCliRun[] = [];
    for (let i = 0; i < DESCRIBE_RUNS; i++) {
      ours.push(await describeRun(proxy));
      theirs.push(await awsCliRun(proxy, dir));
    }
    const wall = median(ours.map((r) => r.wall));
    const reference = median(theirs.map((r) => r.wall));
    const last = ours[ours.length - 1]!;
    const json = last.json;
    if (
      json.variants.length !== seeded.scaled ||
      json.unscaledEndpoints.length !== seeded.total - seeded.scaled
    ) {
      throw new Error(
        `describe is incomplete: ${json.variants.length} variants, ${json.unscaledEndpoints.length} unscaled`,
      );
    }
    const alarms = json.variants.flatMap((v) => v.policies.flatMap((p) => p.alarms)).length;
    const findings = json.variants.flatMap((v) => v.findings).length;
    const policies = json.variants.flatMap((v) => v.policies).length;
    const ref = theirs[theirs.length - 1]!;
    return [
      {
        measure: `describe --json: wall (median of ${DESCRIBE_RUNS})`,
        value: `${ms(wall)}: ${(wall / reference).toFixed(2)}x the reference`,
        budget: "< AWS CLI reference",
        pass: wall < reference,
      },
      {
        measure: "describe: AWS calls",
        value: String(total(last.counts)),
        budget: "",
        detail: opList(last.counts),
      },
      { measure: "describe: most calls in flight", value: String(last.maxInFlight), budget: "" },
      {
        measure: `AWS CLI reference: wall (median of ${DESCRIBE_RUNS})`,
        value: ms(reference),
        budget: "",
        detail:
          "`aws application-autoscaling describe-scalable-targets` + `describe-scaling-policies`, " +
          `--service-namespace sagemaker, all pages: ${ref.calls} calls; reports ${ref.targets} targets and ` +
          `${ref.policies} policies`,
      },
      {
        measure: "describe reports",
        value: "",
        budget: "",
        detail:
          `${json.variants.length} targets with ${policies} policies, ${json.unscaledEndpoints.length} endpoints ` +
          `without autoscaling, endpoint status, instance types and counts, ${alarms} alarm states, the last ` +
          `scaling activities, ${findings} findings with their fix`,
      },
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The replay's compute: 14 days of per-minute invocations (diurnal, noisy, with bursts) as GetMetricData gives
 * them, through everything `simulate` does with them after the read, for 10 candidate targets. Median of 15.
 */
function simulateCompute(): { rows: Row[]; ms: number } {
  const minutes = 14 * 1_440;
  const end = Date.UTC(2026, 2, 15);
  const rand = prng(11);
  const perInstance = diurnalSeries(minutes, {
    low: 40,
    peak: 900,
    noise: 0.1,
    seed: 3,
    endAt: new Date(end),
  }).map((v) => (rand() < 0.002 ? v * 3 : v));
  const at = (i: number) => end - (minutes - i) * 60_000;
  const total = perInstance.map((v, i) => ({ t: at(i), v: v * 3 }));
  const perInstancePoints = perInstance.map((v, i) => ({ t: at(i), v }));
  const candidates = [150, 200, 250, 300, 350, 400, 450, 500, 600, 800];
  const times: number[] = [];
  let recommended: number | undefined;
  for (let run = 0; run < SIMULATE_RUNS; run++) {
    const started = performance.now();
    const trace = traceFrom(total)!;
    const model = whatIf(
      trace,
      { ...DEFAULT_REPLAY, minCapacity: 1, maxCapacity: 20 },
      candidates,
      observedLoad(perInstancePoints),
    );
    replay(trace, model.settings, model.recommended ?? candidates[0]!, true);
    times.push(performance.now() - started);
    recommended = model.recommended;
  }
  const ms = median(times);
  return {
    ms,
    rows: [
      {
        measure: `simulate: 14 days × ${candidates.length} targets, compute (median of ${SIMULATE_RUNS})`,
        value: `${ms.toFixed(1)} ms`,
        budget: `≤ ${BUDGET.simulateComputeMs} ms`,
        pass: ms <= BUDGET.simulateComputeMs,
        detail:
          `${minutes.toLocaleString("en-US")} minutes: the trace from the datapoints, the load served, ` +
          `${candidates.length} replays, the recommendation (${recommended ?? "none"}) and the chart's replay`,
      },
    ],
  };
}

/**
 * `simulate --days 14 --json` through the proxy: the calls it makes. The request asks for 14 days of two series
 * (Invocations, InvocationsPerInstance): 2 × 20,160 datapoints, one page of at most 100,800 (§11), so one
 * GetMetricData call is the fewest the API allows. The emulator holds 26 hours of them: its GetMetricData compares
 * every datapoint with every period, and 14 days would take it minutes.
 */
async function simulateCalls(proxy: EmulatorProxy): Promise<Row[]> {
  const s = seeder(proxy.url, SIMULATE_REGION);
  await s.seedEndpoint({
    name: "bench-simulate",
    variants: [{ name: "AllTraffic", instanceType: "ml.m5.large", count: 2 }],
  });
  const rid = variantResourceId("bench-simulate", "AllTraffic");
  await s.registerTarget({ resourceId: rid, min: 1, max: 8 });
  await s.putPolicy("SageMakerEndpointInvocationScalingPolicy", rid, 300);
  const endAt = new Date(Date.now() - 120_000);
  const values = diurnalSeries(SIMULATE_SEEDED_HOURS * 60, { low: 40, peak: 900, seed: 9, endAt });
  await s.putInvocationsHistory("bench-simulate", "AllTraffic", values, endAt, {
    instanceCount: 2,
    latency: false,
  });
  proxy.resetCounts();
  const run = await runCli(["simulate", "--endpoint", "bench-simulate", "--days", "14", "--json"], {
    endpoint: proxy.url,
    region: SIMULATE_REGION,
    timeoutMs: 120_000,
  });
  if (run.code !== 0) throw new Error(`simulate failed (${run.code}):\n${run.stderr}`);
  const counts = proxy.countBy();
  const metricCalls = counts["CloudWatch.GetMetricData"] ?? 0;
  const fewest = Math.ceil((2 * 14 * 1_440) / PAGE.metricDatapoints);
  return [
    { measure: "simulate --days 14 --json: wall", value: ms(run.ms), budget: "" },
    {
      measure: "simulate: GetMetricData calls",
      value: String(metricCalls),
      budget: `= ${fewest} (2 × 20,160 datapoints, 100,800 a call)`,
      pass: metricCalls === fewest,
      detail: `all calls: ${opList(counts)}`,
    },
  ];
}

/** "DescribeEndpoint 150, DescribeScalableTargets 3, …" */
function opList(counts: Record<string, number>): string {
  return Object.entries(counts)
    .sort(([a, x], [b, y]) => y - x || a.localeCompare(b))
    .map(([op, c]) => `${op.split(".")[1]} ${c}`)
    .join(", ");
}

function printTable(title: string, rows: Row[]): void {
  const head = ["measure", "value", "budget", ""];
  const cells = rows
    .filter((r) => r.value !== "")
    .map((r) => [r.measure, r.value, r.budget, r.pass === undefined ? "" : r.pass ? "PASS" : "FAIL"]);
  const widths = head.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (c: string[]) => `| ${c.map((x, i) => x.padEnd(widths[i]!)).join(" | ")} |`;
  const details = rows.filter((r) => r.detail).map((r) => `- ${r.measure.replace(/:.*$/, "")}: ${r.detail}`);
  process.stdout.write(
    [
      title,
      "",
      line(head),
      `|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`,
      ...cells.map(line),
      "",
      ...details,
      "",
    ].join("\n"),
  );
}

async function main(): Promise<void> {
  if (!existsSync(join(REPO_ROOT, "dist", "cli.cjs"))) {
    say("dist/cli.cjs is missing: run `npm run build` first (`npm run bench` does it for you).");
    process.exit(1);
  }
  const aws = spawnSync("aws", ["--version"], { encoding: "utf8" });
  say(
    `sm-autoscale bench: node ${process.version}, ${(aws.stdout || aws.stderr).trim().split(" ")[0] ?? "aws ?"}, ` +
      `${cpus().length} CPUs, proxy latency ${LATENCY_MS} ms per AWS call`,
  );
  let moto: Moto | undefined;
  let proxy: EmulatorProxy | undefined;
  try {
    say("cold start…");
    const cold = await coldStart();
    moto = await startMoto();
    proxy = await startProxy({ upstream: moto.url, latencyMs: LATENCY_MS });
    say("init…");
    const init = await initRuns(proxy);
    say("describe and the AWS CLI reference…");
    const describe = await describeVsAwsCli(proxy, moto.url);
    say("simulate…");
    const compute = simulateCompute();
    const simulate = await simulateCalls(proxy);
    const rows = [...cold.rows, ...init.rows, ...describe, ...compute.rows, ...simulate];
    printTable(
      `sm-autoscale ${new Date().toISOString().slice(0, 10)}, against moto behind a proxy adding ${LATENCY_MS} ms ` +
        `per AWS call; describe: ${SCALE_ENDPOINTS} endpoints, ${SCALE_AUTOSCALED} autoscaled`,
      rows,
    );
    const failed = rows.filter((r) => r.pass === false);
    say(
      failed.length === 0
        ? "All budgets met."
        : `${failed.length} budget(s) FAILED: ${failed.map((r) => r.measure).join("; ")}`,
    );
    process.exitCode = failed.length === 0 ? 0 : 1;
  } finally {
    await proxy?.stop().catch(() => undefined);
    await moto?.stop().catch(() => undefined);
  }
}

await main();
