import {
  ApplicationAutoScalingClient,
  DescribeScalableTargetsCommand,
  DescribeScalingActivitiesCommand,
  DescribeScalingPoliciesCommand,
  DescribeScheduledActionsCommand,
} from "@aws-sdk/client-application-auto-scaling";
import { CloudWatchClient, DescribeAlarmsCommand } from "@aws-sdk/client-cloudwatch";
import {
  DescribeEndpointCommand,
  DescribeEndpointConfigCommand,
  ListEndpointsCommand,
  SageMakerClient,
} from "@aws-sdk/client-sagemaker";
import { mockClient } from "aws-sdk-client-mock";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runDescribe, STRICT_EXIT_CODE } from "../../src/commands/describe.js";
import type { DescribeJson } from "../../src/domain/describe-model.js";
import { CommandError, explainError, UsageError } from "../../src/errors.js";
import { fakeContext } from "./fake-context.js";
import { awsError, sdkClients } from "./mock-clients.js";

const sm = mockClient(SageMakerClient);
const aas = mockClient(ApplicationAutoScalingClient);
const cw = mockClient(CloudWatchClient);

const RID = "endpoint/churn/variant/AllTraffic";
const NOW = new Date("2025-06-01T12:00:00Z");
const PIPE = { isTTY: false };

/** One autoscaled endpoint (churn), one not (idle). `minMax` 1–4 unless given. */
function region(options: { min?: number; max?: number; policyCreated?: Date; alarm?: string } = {}) {
  sm.on(ListEndpointsCommand).resolves({
    Endpoints: ["churn", "idle"].map((n) => ({
      EndpointName: n,
      EndpointArn: `arn:${n}`,
      EndpointStatus: "InService",
      CreationTime: new Date(0),
      LastModifiedTime: new Date(0),
    })),
  });
  sm.on(DescribeEndpointCommand).resolves({
    EndpointName: "churn",
    EndpointConfigName: "churn-config",
    EndpointStatus: "InService",
    ProductionVariants: [{ VariantName: "AllTraffic", CurrentInstanceCount: 2, DesiredInstanceCount: 2 }],
  });
  sm.on(DescribeEndpointConfigCommand).resolves({
    ProductionVariants: [{ VariantName: "AllTraffic", ModelName: "m", InstanceType: "ml.m5.large" }],
  });
  aas.on(DescribeScalableTargetsCommand).resolves({
    ScalableTargets: [
      {
        ServiceNamespace: "sagemaker",
        ResourceId: RID,
        ScalableDimension: "sagemaker:variant:DesiredInstanceCount",
        MinCapacity: options.min ?? 1,
        MaxCapacity: options.max ?? 4,
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
        CreationTime: options.policyCreated ?? new Date("2025-01-01T00:00:00Z"),
        TargetTrackingScalingPolicyConfiguration: {
          TargetValue: 100,
          PredefinedMetricSpecification: { PredefinedMetricType: "SageMakerVariantInvocationsPerInstance" },
        },
        Alarms: [{ AlarmName: `TargetTracking-${RID}-AlarmHigh-1`, AlarmARN: "arn:a" }],
      },
    ],
  });
  aas.on(DescribeScheduledActionsCommand).resolves({ ScheduledActions: [] });
  aas.on(DescribeScalingActivitiesCommand).resolves({ ScalingActivities: [] });
  cw.on(DescribeAlarmsCommand).resolves({
    MetricAlarms: [
      { AlarmName: `TargetTracking-${RID}-AlarmHigh-1`, StateValue: (options.alarm ?? "OK") as never },
    ],
  });
}

const run = async (
  flags: Parameters<typeof runDescribe>[1],
  stdout: { isTTY?: boolean; columns?: number } = PIPE,
) => {
  const ctx = fakeContext({ clients: sdkClients() });
  await runDescribe(ctx, flags, stdout, () => NOW);
  return ctx;
};

beforeEach(() => {
  sm.reset();
  aas.reset();
  cw.reset();
  process.exitCode = undefined;
});
afterEach(() => {
  process.exitCode = undefined;
});

describe("runDescribe", () => {
  it("rejects a malformed --endpoint before any AWS call (exit 2)", async () => {
    const error = await run({ endpoint: "my_endpoint" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UsageError);
    expect(explainError(error).exitCode).toBe(2);
    expect(sm.calls().length + aas.calls().length + cw.calls().length).toBe(0);
  });

  it("--json prints the documented shape on stdout, and nothing but it", async () => {
    region();
    const ctx = await run({ json: true });
    const json = JSON.parse(ctx.stdout()) as DescribeJson;
    expect(json.region).toBe("us-east-1");
    expect(json.variants).toHaveLength(1);
    expect(json.variants[0]).toMatchObject({
      endpointName: "churn",
      minCapacity: 1,
      maxCapacity: 4,
      findings: [],
    });
    expect(json.unscaledEndpoints).toEqual([{ endpointName: "idle", status: "InService" }]);
    expect(json.orphans).toEqual([]);
    expect(process.exitCode).toBeUndefined();
  });

  it("piped: plain text on stdout, no colour; progress never on stdout", async () => {
    region();
    const ctx = await run({});
    expect(ctx.stdout()).toContain("churn / AllTraffic\n");
    expect(ctx.stdout()).toContain("1 variant autoscaled, 1 endpoint without autoscaling; 0 findings.");
    expect(ctx.stdout()).not.toMatch(/\x1b\[/);
    expect(ctx.stdout()).not.toContain("Reading autoscaling");
  });

  it("findings do not change the exit code without --strict", async () => {
    region({ min: 2, max: 2 });
    await run({ json: true });
    expect(process.exitCode).toBeUndefined();
  });

  it("--strict exits 3 on a warning", async () => {
    region({ min: 2, max: 2 });
    await run({ strict: true });
    expect(process.exitCode).toBe(STRICT_EXIT_CODE);
  });

  it("--strict passes with only info findings (alarms of a policy created minutes ago)", async () => {
    region({ policyCreated: new Date(NOW.getTime() - 60_000), alarm: "INSUFFICIENT_DATA" });
    const ctx = await run({ strict: true, json: true });
    const json = JSON.parse(ctx.stdout()) as DescribeJson;
    expect(json.variants[0]?.findings.map((f) => [f.severity, f.code])).toEqual([
      ["info", "ALARM_INSUFFICIENT_DATA"],
    ]);
    expect(process.exitCode).toBeUndefined();
  });

  it("--endpoint for an endpoint that does not exist and has no target: a clear error", async () => {
    region();
    sm.on(DescribeEndpointCommand).rejects(
      awsError("ValidationException", 'Could not find endpoint "nope".'),
    );
    aas.on(DescribeScalableTargetsCommand).resolves({ ScalableTargets: [] });
    const error = await run({ endpoint: "nope" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CommandError);
    expect((error as CommandError).message).toBe('Endpoint "nope" was not found in us-east-1.');
  });

  it("an AWS error propagates to the top-level handler: exit 1 naming the call", async () => {
    region();
    aas.on(DescribeScalingPoliciesCommand).rejects(
      Object.assign(awsError("AccessDeniedException", "User is not authorized"), {
        $smService: "application-autoscaling",
        $smOperation: "DescribeScalingPolicies",
      }),
    );
    const error = await run({}).catch((e: unknown) => e);
    const explained = explainError(error);
    expect(explained.exitCode).toBe(1);
    expect(explained.message).toContain("application-autoscaling:DescribeScalingPolicies");
  });

  it("on a terminal: wrapped at its width", async () => {
    region({ min: 2, max: 2 });
    const ctx = fakeContext({ clients: sdkClients() });
    await runDescribe(ctx, {}, { isTTY: true, columns: 80 }, () => NOW);
    const lines = ctx.stdout().split("\n");
    for (const l of lines) expect(l.length).toBeLessThanOrEqual(80);
  });

  it("optional reads denied: one warning each on stderr, unknown in the table, null in --json, exit 0", async () => {
    region();
    const deny = (action: string) =>
      awsError(
        "AccessDeniedException",
        `User: arn:aws:iam::1:user/u is not authorized to perform: ${action}`,
      );
    aas
      .on(DescribeScalingActivitiesCommand)
      .rejects(deny("application-autoscaling:DescribeScalingActivities"));
    cw.on(DescribeAlarmsCommand).rejects(deny("cloudwatch:DescribeAlarms"));
    const table = await run({ strict: true });
    expect(
      table
        .stderr()
        .split("\n")
        .filter((l) => l.startsWith("⚠")),
    ).toEqual([
      "⚠ Could not read scaling activities: access denied to application-autoscaling:DescribeScalingActivities; shown as unknown.",
      "⚠ Could not read alarm states: access denied to cloudwatch:DescribeAlarms; shown as unknown.",
    ]);
    expect(table.stdout()).toContain("  Scaling activities unknown (not read)\n");
    expect(table.stdout()).toContain("    alarms: AlarmHigh unknown\n");
    // Nothing it could judge is wrong: --strict passes.
    expect(process.exitCode).toBeUndefined();

    const json = JSON.parse((await run({ json: true })).stdout()) as DescribeJson;
    expect(json.variants[0]).toMatchObject({ activities: null, scheduledActions: [] });
    expect(json.variants[0]?.policies[0]?.alarms).toEqual([
      { name: `TargetTracking-${RID}-AlarmHigh-1`, state: null },
    ]);
    expect(json.unread.map((u) => u.action)).toEqual([
      "application-autoscaling:DescribeScalingActivities",
      "cloudwatch:DescribeAlarms",
    ]);
  });
});
