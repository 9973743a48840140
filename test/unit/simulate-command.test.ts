import {
  ApplicationAutoScalingClient,
  DescribeScalableTargetsCommand,
  DescribeScalingPoliciesCommand,
} from "@aws-sdk/client-application-auto-scaling";
import {
  CloudWatchClient,
  GetMetricDataCommand,
  type GetMetricDataCommandInput,
} from "@aws-sdk/client-cloudwatch";
import {
  DescribeEndpointCommand,
  DescribeEndpointConfigCommand,
  SageMakerClient,
} from "@aws-sdk/client-sagemaker";
import { mockClient } from "aws-sdk-client-mock";
import { beforeEach, describe, expect, it } from "vitest";
import { runSimulate, unicodeLocale } from "../../src/commands/simulate.js";
import type { SimulateJson } from "../../src/domain/what-if.js";
import { CommandError, explainError, UsageError } from "../../src/errors.js";
import { fakeContext } from "./fake-context.js";
import { awsError, sdkClients } from "./mock-clients.js";

const sm = mockClient(SageMakerClient);
const aas = mockClient(ApplicationAutoScalingClient);
const cw = mockClient(CloudWatchClient);

const RID = "endpoint/shop/variant/AllTraffic";
const NOW = new Date("2026-03-15T12:00:30Z");
const END = Date.parse("2026-03-15T12:00:00Z");
const PIPE = { isTTY: false };
const UTF8 = { LANG: "C.UTF-8" };

/** Per-minute values ending the minute before END, oldest first, as GetMetricData returns them (newest first). */
function series(id: string, values: number[]) {
  const timestamps = values.map((_, i) => new Date(END - (values.length - i) * 60_000));
  return {
    Id: id,
    Timestamps: [...timestamps].reverse(),
    Values: [...values].reverse(),
    StatusCode: "Complete" as const,
  };
}

/** 26 hours at 100 a minute on one instance, with an hour at 300 from minute 600. */
const STEP = Array.from({ length: 26 * 60 }, (_, i) => (i >= 600 && i < 660 ? 300 : 100));

function endpoint(
  options: { variants?: string[]; count?: number; async?: boolean; instanceType?: string } = {},
) {
  const names = options.variants ?? ["AllTraffic"];
  sm.on(DescribeEndpointCommand).resolves({
    EndpointName: "shop",
    EndpointConfigName: "shop-config",
    EndpointStatus: "InService",
    ProductionVariants: names.map((n) => ({
      VariantName: n,
      CurrentInstanceCount: options.count ?? 2,
      DesiredInstanceCount: options.count ?? 2,
    })),
  });
  sm.on(DescribeEndpointConfigCommand).resolves({
    ProductionVariants: names.map((n) => ({
      VariantName: n,
      ModelName: "m",
      InstanceType: (options.instanceType ?? "ml.m5.large") as never,
    })),
    ...(options.async ? { AsyncInferenceConfig: { OutputConfig: { S3OutputPath: "s3://b/o" } } } : {}),
  });
}

function autoscaled(options: { min?: number; max?: number; target?: number; disableScaleIn?: boolean } = {}) {
  aas.on(DescribeScalableTargetsCommand).resolves({
    ScalableTargets: [
      {
        ServiceNamespace: "sagemaker",
        ResourceId: RID,
        ScalableDimension: "sagemaker:variant:DesiredInstanceCount",
        MinCapacity: options.min ?? 1,
        MaxCapacity: options.max ?? 6,
        RoleARN: "arn:role",
        CreationTime: new Date(0),
      },
    ],
  });
  aas.on(DescribeScalingPoliciesCommand).resolves({
    ScalingPolicies: [
      {
        PolicyARN: "arn:p",
        PolicyName: "SageMakerEndpointInvocationScalingPolicy",
        ServiceNamespace: "sagemaker",
        ResourceId: RID,
        ScalableDimension: "sagemaker:variant:DesiredInstanceCount",
        PolicyType: "TargetTrackingScaling",
        CreationTime: new Date(0),
        TargetTrackingScalingPolicyConfiguration: {
          TargetValue: options.target ?? 200,
          PredefinedMetricSpecification: { PredefinedMetricType: "SageMakerVariantInvocationsPerInstance" },
          ScaleInCooldown: 600,
          ScaleOutCooldown: 120,
          DisableScaleIn: options.disableScaleIn ?? false,
        },
      },
    ],
  });
}

function history(total: number[], perInstance: number[] = total) {
  cw.on(GetMetricDataCommand).resolves({
    MetricDataResults: [series("inv", total), series("ipi", perInstance)],
  });
}

beforeEach(() => {
  sm.reset();
  aas.reset();
  cw.reset();
  endpoint();
  autoscaled();
  history(STEP);
});

async function simulate(
  flags: Record<string, unknown>,
  stdout: { isTTY?: boolean; columns?: number } = PIPE,
  env = UTF8,
) {
  const ctx = fakeContext({ clients: sdkClients() });
  await runSimulate(ctx, { endpoint: "shop", ...flags }, stdout, env, () => NOW);
  return ctx;
}

const json = (ctx: { stdout(): string }) => JSON.parse(ctx.stdout()) as SimulateJson;

describe("simulate: what it reads", () => {
  it("one GetMetricData call for the window: Invocations and InvocationsPerInstance, Sum per minute, exact window", async () => {
    await simulate({ json: true, days: "15" });
    expect(cw.commandCalls(GetMetricDataCommand)).toHaveLength(1);
    const input = cw.commandCalls(GetMetricDataCommand)[0]!.args[0].input as GetMetricDataCommandInput;
    expect(input.EndTime).toEqual(new Date(END));
    expect(input.StartTime).toEqual(new Date(END - 15 * 86_400_000));
    expect(input.MetricDataQueries).toEqual(
      ["Invocations", "InvocationsPerInstance"].map((name) => ({
        Id: name === "Invocations" ? "inv" : "ipi",
        MetricStat: {
          Metric: {
            Namespace: "AWS/SageMaker",
            MetricName: name,
            Dimensions: [
              { Name: "EndpointName", Value: "shop" },
              { Name: "VariantName", Value: "AllTraffic" },
            ],
          },
          Period: 60,
          Stat: "Sum",
        },
        ReturnData: true,
      })),
    );
  });

  it("--hours sets the window", async () => {
    await simulate({ json: true, hours: "30" });
    const input = cw.commandCalls(GetMetricDataCommand)[0]!.args[0].input as GetMetricDataCommandInput;
    expect(input.StartTime).toEqual(new Date(END - 30 * 3_600_000));
  });

  it("follows every page: the minutes of each page are joined into one trace", async () => {
    const first = STEP.slice(0, 800);
    const rest = STEP.slice(800);
    const older = series("inv", first);
    const newer = series("inv", rest);
    // The older page's timestamps are before the newer one's: shift them back by the newer page's length.
    older.Timestamps = older.Timestamps.map((t) => new Date(t.getTime() - rest.length * 60_000));
    cw.on(GetMetricDataCommand)
      .resolvesOnce({ MetricDataResults: [newer, series("ipi", rest)], NextToken: "page-2" })
      .resolvesOnce({ MetricDataResults: [older] });
    const out = json(await simulate({ json: true, targets: "100" }));
    expect(cw.commandCalls(GetMetricDataCommand)).toHaveLength(2);
    expect(cw.commandCalls(GetMetricDataCommand)[1]!.args[0].input.NextToken).toBe("page-2");
    expect(out.window.minutes).toBe(STEP.length);
  });

  it("reads the live target and policy once each", async () => {
    await simulate({ json: true });
    expect(aas.commandCalls(DescribeScalableTargetsCommand)).toHaveLength(1);
    expect(aas.commandCalls(DescribeScalableTargetsCommand)[0]!.args[0].input.ResourceIds).toEqual([RID]);
    expect(aas.commandCalls(DescribeScalingPoliciesCommand)).toHaveLength(1);
  });
});

describe("simulate --json: the known trace, end to end through the command", () => {
  it("replays each target; the cheapest within the budget is recommended", async () => {
    const out = json(await simulate({ json: true, targets: "100,200", min: "1", max: "10" }));
    expect(out.endpointName).toBe("shop");
    expect(out.variantName).toBe("AllTraffic");
    expect(out.window).toEqual({
      start: new Date(END - STEP.length * 60_000).toISOString(),
      end: new Date(END).toISOString(),
      minutes: 1560,
      minutesWithData: 1560,
      indicative: false,
      shortfall: null,
    });
    // Target 100: out to 3 at minute 603 (3 minutes above target), in to 1 at 675 (15 minutes below 90 after
    // the hour at 300). Target 200: out to 2 at 603; 300 on 2 is 150, already below 180, so the 15 minutes below
    // run from 608 (when the 2 serve) and the scale-in comes as soon as the traffic falls, at 661. Both: 3
    // minutes + 5 of warm-up above the target.
    expect(out.candidates).toEqual([
      {
        targetValue: 100,
        instanceHours: Math.round(((1560 + 2 * 72) / 60) * 100) / 100,
        maxInstances: 3,
        minutesOverTarget: 8,
        minutesOverCapacity: null,
        minutesOverObserved: 0,
        scaleOuts: 1,
        scaleIns: 1,
        cost: null,
      },
      {
        targetValue: 200,
        instanceHours: Math.round(((1560 + 58) / 60) * 100) / 100,
        maxInstances: 2,
        minutesOverTarget: 8,
        minutesOverCapacity: null,
        minutesOverObserved: 0,
        scaleOuts: 1,
        scaleIns: 1,
        cost: null,
      },
    ]);
    expect(out.recommended).toBe(200);
    // The load served: 300 a minute on its one instance (p99 of the busy minutes); neither candidate goes above.
    expect(out.assumptions.observedLoad).toEqual({ perInstancePerMinute: 300 });
    expect(out.assumptions.riskBudget).toEqual({
      measure: "minutesOverObserved",
      loadPerMinute: 300,
      maxShare: 0.01,
      maxMinutes: 15,
    });
  });

  it("defaults come from the live target and policy, and say so", async () => {
    const out = json(await simulate({ json: true }));
    expect(out.assumptions).toMatchObject({
      minCapacity: 1,
      maxCapacity: 6,
      scaleInCooldownSeconds: 600,
      scaleOutCooldownSeconds: 120,
      scaleInEnabled: true,
      warmupMinutes: 5,
      scaleOutAfterMinutesAbove: 3,
      scaleInAfterMinutesBelow: 15,
      scaleInBelowShareOfTarget: 0.9,
      maxRps: null,
      pricePerHour: null,
      from: {
        minCapacity: "scalable target",
        maxCapacity: "scalable target",
        cooldowns: "policy",
        scaleIn: "policy",
        warmup: "assumed",
      },
    });
    expect(out.liveTargetValue).toBe(200);
    // The suggestion: p99 of the per-instance minutes (300) × 0.5.
    expect(out.suggestedTargetValue).toBe(150);
    expect(out.candidates.map((c) => c.targetValue)).toEqual([75, 101, 120, 150, 188, 200, 225, 300]);
  });

  it("without a live target: min 1 and max 4 × the instances now; the AAS default cooldowns", async () => {
    aas.on(DescribeScalableTargetsCommand).resolves({ ScalableTargets: [] });
    aas.on(DescribeScalingPoliciesCommand).resolves({ ScalingPolicies: [] });
    endpoint({ count: 3 });
    const out = json(await simulate({ json: true }));
    expect(out.assumptions).toMatchObject({
      minCapacity: 1,
      maxCapacity: 12,
      scaleInCooldownSeconds: 300,
      scaleOutCooldownSeconds: 300,
      from: { minCapacity: "default", maxCapacity: "4 × the 3 instances now" },
    });
    expect(out.liveTargetValue).toBeNull();
    expect(out.candidates.map((c) => c.targetValue)).toContain(150);
  });

  it("flags win over the live values; --max-rps counts minutes above capacity; --price-per-hour the cost", async () => {
    const out = json(
      await simulate({
        json: true,
        targets: "100",
        min: "2",
        max: "3",
        maxRps: "2",
        pricePerHour: "0.5",
        warmup: "0",
      }),
    );
    expect(out.assumptions).toMatchObject({
      minCapacity: 2,
      maxCapacity: 3,
      warmupMinutes: 0,
      maxRps: 2,
      pricePerHour: 0.5,
      riskBudget: { measure: "minutesOverCapacity", loadPerMinute: 120, maxShare: 0.001, maxMinutes: 1 },
      from: { minCapacity: "--min", maxCapacity: "--max", warmup: "--warmup" },
    });
    const [c] = out.candidates;
    // 2 instances serve 120 a minute each: 300 on 2 is 150 each, above until the third serves (warm-up 0).
    expect(c!.minutesOverCapacity).toBe(3);
    expect(c!.cost).toBe(Math.round(c!.instanceHours * 0.5 * 100) / 100);
  });

  it("scale-in disabled on the policy, or suspended on the target, is replayed as such", async () => {
    autoscaled({ disableScaleIn: true });
    const out = json(await simulate({ json: true, targets: "100" }));
    expect(out.assumptions.scaleInEnabled).toBe(false);
    expect(out.candidates[0]!.scaleIns).toBe(0);
  });

  it("too little data is said plainly: indicative only, with why", async () => {
    history(Array.from({ length: 180 }, () => 100));
    const ctx = await simulate({ json: true, targets: "100" });
    const out = json(ctx);
    expect(out.window.indicative).toBe(true);
    expect(out.window.shortfall).toBe(
      "the history spans only 3 h; a day at least is needed to see a daily cycle",
    );
    expect(ctx.stderr()).toContain(
      "⚠ Too little data to go by: the history spans only 3 h; a day at least is needed to see a daily cycle. The results are indicative only.",
    );
  });

  it("--days 1 with every published minute is a day: CloudWatch's newest minutes are late, not missing", async () => {
    // The window is the day before END; CloudWatch has published all but its newest 3 minutes.
    const day = Array.from({ length: 24 * 60 }, () => 100);
    const published = (lag: number) => {
      const inv = series("inv", day);
      inv.Timestamps = inv.Timestamps.slice(lag);
      inv.Values = inv.Values.slice(lag);
      cw.on(GetMetricDataCommand).resolves({ MetricDataResults: [inv] });
    };
    published(3);
    let ctx = await simulate({ days: "1", targets: "100" });
    expect(ctx.stderr()).not.toContain("Too little data");
    expect(ctx.stdout()).toMatch(
      /^What-if for shop\/AllTraffic: .* UTC \(23\.9 h, 100 % of minutes with data\);/m,
    );
    expect(ctx.stdout()).not.toContain("Indicative only");
    published(18);
    ctx = await simulate({ days: "1", targets: "100", json: true });
    expect(json(ctx).window).toMatchObject({
      minutes: 24 * 60 - 18,
      indicative: true,
      shortfall:
        "the history spans only 23.7 h and ends 18 min before the window does; a day at least is needed to see a daily cycle",
    });
  });

  it("a history that is mostly holes is indicative only", async () => {
    const total = series("inv", STEP);
    total.Timestamps = total.Timestamps.filter((_, i) => i % 2 === 0);
    total.Values = total.Values.filter((_, i) => i % 2 === 0);
    cw.on(GetMetricDataCommand).resolves({ MetricDataResults: [total] });
    const out = json(await simulate({ json: true, targets: "100" }));
    expect(out.window.minutesWithData).toBe(780);
    expect(out.window.shortfall).toBe("only 50 % of its minutes have data (80 % needed)");
  });
});

describe("simulate: the picture and the table", () => {
  it("not a terminal: an ASCII chart, the table and the recommendation, no colour", async () => {
    const ctx = await simulate({ targets: "100,200" });
    const out = ctx.stdout();
    expect(out).toMatch(
      /^What-if for shop\/AllTraffic: 2026-03-14 10:00 to 2026-03-15 11:59 UTC \(26 h, 100 % of minutes with data\); busiest minute 300 invocations\.$/m,
    );
    expect(out).toContain(
      "Target 200: traffic and instances, one column = 28 min (. above target, ^ above load served)",
    );
    expect(out).toContain("invocations/min   300 |");
    expect(out).toMatch(/^target {2}instance-hours {2}most instances/m);
    expect(out).toMatch(/^200 +27 +2 +8 +0 +1\/1 +recommended, live$/m);
    expect(out).toContain(
      "Recommended: 200 (the live target), the cheapest candidate that runs its instances above the load they regularly served (p99 of the busy minutes: 300 invocations per instance per minute) in at most 15 of the 1,560 minutes with traffic (1 %, as often as the history itself): 27 instance-hours.",
    );
    // Plain ASCII only, and no escape sequence.
    expect(out).toMatch(/^[\x20-\x7e\n]*$/);
  });

  it("no recommendation: the chart shows one of the table's candidates, never the live target off the table", async () => {
    // The live target is 500; no InvocationsPerInstance history, so nothing to judge the risk by.
    autoscaled({ target: 500 });
    history(STEP, []);
    let out = (await simulate({ targets: "300,600" })).stdout();
    expect(out).not.toContain("Target 500");
    expect(out).toContain(
      "Target 300 (the lowest target, whose instances run coolest: nothing to judge the risk by, so no recommendation): traffic and instances, one column = 28 min (. above target)",
    );
    expect(out.match(/^(300|600) /gm)).toEqual(["300 ", "600 "]);
    // With --max-rps 3 (180 a minute per instance), neither stays within the budget (1 minute): the hour at 300
    // is above capacity for 8 minutes with 100 (3 minutes and the warm-up), all 60 with 600. The least risky is
    // shown, the one the recommendation line names.
    out = (await simulate({ targets: "100,600", maxRps: "3" })).stdout();
    expect(out).toMatch(/^100 .* 8 +1\/1$/m);
    expect(out).toMatch(/^600 .* 60 +0\/0$/m);
    expect(out).toContain(
      "Target 100 (the least risky: no candidate is within the budget): traffic and instances, one column = 28 min (. above target, ^ above capacity)",
    );
    expect(out).toContain("The least risky is 100 (8 minutes above capacity)");
  });

  it("a terminal with a UTF-8 locale: block characters; with colour only when the UI has it", async () => {
    const out = (await simulate({ targets: "100,200" }, { isTTY: true, columns: 100 })).stdout();
    expect(out).toMatch(/[▁▂▃▄▅▆▇█]/);
    expect(out).toContain("┤");
    // The fake UI has no colour (as with NO_COLOR): Unicode stays, colour goes.
    expect(out).not.toContain("\x1b[");
    // The chart fills the terminal's width, never more.
    const chart = out.split("\n").filter((l) => /[┤│└]/.test(l));
    expect(chart.length).toBeGreaterThan(9);
    for (const line of chart) expect([...line].length).toBeLessThanOrEqual(100);
    expect(Math.max(...chart.map((l) => [...l].length))).toBeGreaterThan(90);
  });

  it("a terminal without a UTF-8 locale: ASCII", async () => {
    const out = (await simulate({ targets: "100" }, { isTTY: true, columns: 100 }, { LANG: "C" })).stdout();
    expect(out).not.toMatch(/[▁▂▃▄▅▆▇█┤]/);
  });

  it("equal instance-hours: the live target is recommended, and never '0 % fewer'", async () => {
    // At --min 2 --max 2 both candidates run 2 instances throughout: the same 52 instance-hours, and neither goes
    // above the 300 a minute one instance served. The cheaper target used to win the tie: "0 % fewer than the live".
    autoscaled({ target: 600 });
    const out = (await simulate({ targets: "300,600", min: "2", max: "2" })).stdout();
    expect(out).toMatch(/^300 +52 +2 +0 +0 +0\/0$/m);
    expect(out).toMatch(/^600 +52 +2 +0 +0 +0\/0 +recommended, live$/m);
    expect(out).toMatch(
      /^Recommended: 600 \(the live target\), the cheapest candidate that .*: 52 instance-hours\.$/m,
    );
    expect(out).not.toMatch(/\b0 % fewer/);
  });

  it("--price-per-hour adds the cost column", async () => {
    const out = (await simulate({ targets: "100,200", pricePerHour: "0.115" })).stdout();
    expect(out).toMatch(/cost at 0\.115\/h/);
    expect(out).toMatch(/^200 +27 +3\.1 /m);
  });
});

describe("simulate: what it refuses", () => {
  it("an endpoint with several variants needs --variant (exit 2)", async () => {
    endpoint({ variants: ["A", "B"] });
    const error = await simulate({}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toBe('Endpoint "shop" has 2 variants: pass --variant (A, B).');
  });

  it("a variant that does not exist is named with the ones that do", async () => {
    const error = await simulate({ variant: "Blue" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CommandError);
    expect(explainError(error)).toMatchObject({
      message: 'Endpoint "shop" has no variant "Blue".',
      hint: "Its variants: AllTraffic.",
      exitCode: 1,
    });
  });

  it("an async endpoint, a burstable instance: one line each, exit 1", async () => {
    endpoint({ async: true });
    await expect(simulate({})).rejects.toThrow(
      "Variant AllTraffic of shop is an asynchronous endpoint's variant: it scales on its queue (ApproximateBacklogSizePerInstance).",
    );
    endpoint({ instanceType: "ml.t2.medium" });
    await expect(simulate({})).rejects.toThrow(
      /runs on ml\.t2\.medium\. Burstable ml\.t\* instances cannot be autoscaled/,
    );
  });

  it("no datapoint at all: nothing to replay, exit 1", async () => {
    cw.on(GetMetricDataCommand).resolves({ MetricDataResults: [{ Id: "inv", Timestamps: [], Values: [] }] });
    const error = await simulate({}).catch((e: unknown) => e);
    expect(explainError(error)).toMatchObject({
      message:
        "No Invocations datapoints for shop/AllTraffic in us-east-1 over the last 14 days: nothing to replay.",
      exitCode: 1,
    });
  });

  it("only zeros and no live target: no target to start from, unless --targets", async () => {
    aas.on(DescribeScalableTargetsCommand).resolves({ ScalableTargets: [] });
    aas.on(DescribeScalingPoliciesCommand).resolves({ ScalingPolicies: [] });
    history(STEP.map(() => 0));
    await expect(simulate({ json: true })).rejects.toThrow(
      /no invocations in the window and has no live target/,
    );
    const out = json(await simulate({ json: true, targets: "50" }));
    expect(out.candidates[0]).toMatchObject({ targetValue: 50, instanceHours: 26, scaleOuts: 0 });
  });

  it("a live minimum above --max is a usage error naming both", async () => {
    autoscaled({ min: 4, max: 8 });
    await expect(simulate({ max: "2" })).rejects.toThrow("the live minimum 4 is above --max 2.");
  });

  it("the live autoscaling denied: one warning, the defaults; the metrics denied: the error names the action", async () => {
    aas
      .on(DescribeScalableTargetsCommand)
      .rejects(awsError("AccessDeniedException", "not authorized to perform"));
    const ctx = await simulate({ json: true });
    expect(ctx.stderr()).toContain("access denied to application-autoscaling:DescribeScalableTargets");
    expect(json(ctx).assumptions.from.minCapacity).toBe("default");

    cw.on(GetMetricDataCommand).rejects(
      Object.assign(
        awsError("AccessDenied", "User x is not authorized to perform: cloudwatch:GetMetricData"),
        {
          $smService: "cloudwatch",
          $smOperation: "GetMetricData",
        },
      ),
    );
    const error = await simulate({ json: true }).catch((e: unknown) => e);
    expect(explainError(error).message).toMatch(/cloudwatch:GetMetricData/);
    expect(explainError(error).exitCode).toBe(1);
  });

  it("the other errors of the live read are not swallowed", async () => {
    aas.on(DescribeScalingPoliciesCommand).rejects(awsError("ValidationException", "bad"));
    await expect(simulate({ json: true })).rejects.toThrow("bad");
  });
});

describe("unicodeLocale", () => {
  it.each([
    [{ LANG: "en_US.UTF-8" }, true],
    [{ LANG: "C.utf8" }, true],
    [{ LANG: "C" }, false],
    [{}, false],
    [{ LANG: "en_US.UTF-8", LC_ALL: "C" }, false],
    [{ LANG: "C", LC_CTYPE: "en_US.UTF-8" }, true],
  ])("%j → %s", (env, expected) => {
    if (process.platform !== "win32") expect(unicodeLocale(env)).toBe(expected);
  });
});
