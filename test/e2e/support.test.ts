// Tests of the test infrastructure itself: moto + proxy (accounting, faults, emulation), seed helpers, the aws CLI
// runner and the pty driver. Each describe block uses its own region of the shared moto.
// Regions of this file (no other e2e file uses them): eu-north-1, eu-south-1, eu-south-2, ca-central-1,
// ap-southeast-2, ap-south-2, eu-west-1 (every endpoint kind, inference components; the aws CLI side of the step
// policy replay), us-west-1 (step policies and their alarms, backlog metrics).

import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  ApplicationAutoScalingClient,
  DeleteScalingPolicyCommand,
  DeregisterScalableTargetCommand,
  DescribeScalableTargetsCommand,
  DescribeScalingActivitiesCommand,
  DescribeScalingPoliciesCommand,
  DescribeScheduledActionsCommand,
  PutScalingPolicyCommand,
  RegisterScalableTargetCommand,
} from "@aws-sdk/client-application-auto-scaling";
import {
  CloudWatchClient,
  DeleteAlarmsCommand,
  DescribeAlarmsCommand,
  GetMetricDataCommand,
  type PutMetricAlarmCommandInput,
  SetAlarmStateCommand,
} from "@aws-sdk/client-cloudwatch";
import { IAMClient, ListRolesCommand } from "@aws-sdk/client-iam";
import {
  CreateEndpointConfigCommand,
  type CreateEndpointConfigCommandInput,
  CreateInferenceComponentCommand,
  DeleteEndpointCommand,
  DeleteInferenceComponentCommand,
  DescribeEndpointCommand,
  DescribeEndpointConfigCommand,
  DescribeInferenceComponentCommand,
  ListEndpointsCommand,
  ListInferenceComponentsCommand,
  type ListInferenceComponentsCommandInput,
  ListModelsCommand,
  paginateListInferenceComponents,
  SageMakerClient,
  UpdateInferenceComponentRuntimeConfigCommand,
} from "@aws-sdk/client-sagemaker";
import {
  GetServiceQuotaCommand,
  ListServiceQuotasCommand,
  ServiceQuotasClient,
} from "@aws-sdk/client-service-quotas";
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { outputProblems } from "../support/botocore-model.js";
import { CLI_BIN, REPO_ROOT, runAwsCli, runCli } from "../support/cli.js";
import { emulatorEnv } from "../support/env.js";
import { connectProxy, type EmulatorProxy, startProxy } from "../support/proxy.js";
import { KEY, spawnPty } from "../support/pty.js";
import { emulatorClientConfig } from "../support/sdk.js";
import {
  type AutoscalingState,
  DIM_COPY_COUNT,
  DIM_INSTANCES,
  DIM_PROVISIONED_CONCURRENCY,
  EXECUTION_ROLE_ARN,
  inferenceComponentResourceId,
  readState,
  seeder,
  variantResourceId,
} from "../support/seed.js";

const motoUrl = inject("motoUrl");
let proxy: EmulatorProxy;

beforeAll(async () => {
  proxy = await startProxy({ upstream: motoUrl });
});
afterAll(async () => {
  await proxy?.stop();
});

const clients = (region: string, maxAttempts = 1) => {
  const cfg = emulatorClientConfig(proxy.url, region, { maxAttempts });
  return {
    aas: new ApplicationAutoScalingClient(cfg),
    sm: new SageMakerClient(cfg),
    cw: new CloudWatchClient(cfg),
    iam: new IAMClient(cfg),
    sts: new STSClient(cfg),
  };
};

describe("call accounting", () => {
  const region = "eu-north-1";

  it("counts SDK calls of every protocol by Service.Operation, and the peak concurrency", async () => {
    const c = clients(region);
    proxy.resetState();
    proxy.setLatency(40);
    await Promise.all([
      c.aas.send(new DescribeScalableTargetsCommand({ ServiceNamespace: "sagemaker" })),
      c.aas.send(new DescribeScalableTargetsCommand({ ServiceNamespace: "sagemaker" })),
      c.sm.send(new ListEndpointsCommand({})),
      c.cw.send(new DescribeAlarmsCommand({})),
      c.iam.send(new ListRolesCommand({})),
      c.sts.send(new GetCallerIdentityCommand({})),
    ]);
    proxy.setLatency(0);
    expect(proxy.countBy()).toEqual({
      "ApplicationAutoScaling.DescribeScalableTargets": 2,
      "SageMaker.ListEndpoints": 1,
      "CloudWatch.DescribeAlarms": 1,
      "IAM.ListRoles": 1,
      "STS.GetCallerIdentity": 1,
    });
    expect(proxy.maxInFlight()).toBeGreaterThanOrEqual(4);
    const calls = proxy.calls();
    expect(calls.every((x) => x.region === region && x.status === 200)).toBe(true);
    expect(calls.every((x) => (x.ms ?? 0) >= 35)).toBe(true);
    expect(calls.find((x) => x.operation === "ListRoles")?.protocol).toBe("query");
    expect(calls.find((x) => x.operation === "DescribeAlarms")?.protocol).toBe("json1.0");
    expect(proxy.count("DescribeScalableTargets")).toBe(2);
    proxy.resetCounts();
    expect(proxy.calls()).toEqual([]);
    expect(proxy.maxInFlight()).toBe(0);
  });

  it("counts aws CLI calls, answers its DescribeScalingActivities, and reads back like the SDK path", async () => {
    const sdkRegion = "eu-south-1";
    const cliRegion = "eu-south-2";
    for (const r of [sdkRegion, cliRegion]) {
      await seeder(proxy.url, r).seedEndpoint({
        name: "replay",
        variants: [{ name: "AllTraffic", instanceType: "ml.m5.large", count: 1 }],
      });
    }
    // The SDK path.
    const s = seeder(proxy.url, sdkRegion);
    const rid = variantResourceId("replay", "AllTraffic");
    await s.registerTarget({ resourceId: rid, min: 1, max: 4 });
    await s.putPolicy("replay-policy", rid, 250, { scaleInCooldown: 600, scaleOutCooldown: 120 });
    await s.putScheduledAction({
      name: "morning",
      resourceId: rid,
      schedule: "cron(0 8 * * ? *)",
      min: 2,
      max: 4,
    });

    // The same through the aws CLI (what the CLI prints would be replayed like this).
    proxy.resetCounts();
    proxy.addScalingActivity({
      resourceId: rid,
      statusCode: "Successful",
      description: "Setting desired instance count to 2.",
      region: cliRegion,
    });
    const script = `
aws application-autoscaling register-scalable-target --service-namespace sagemaker \\
  --resource-id ${rid} --scalable-dimension ${DIM_INSTANCES} --min-capacity 1 --max-capacity 4
aws application-autoscaling put-scaling-policy --service-namespace sagemaker --resource-id ${rid} \\
  --scalable-dimension ${DIM_INSTANCES} --policy-name replay-policy --policy-type TargetTrackingScaling \\
  --target-tracking-scaling-policy-configuration '{"TargetValue":250,"PredefinedMetricSpecification":{"PredefinedMetricType":"SageMakerVariantInvocationsPerInstance"},"ScaleInCooldown":600,"ScaleOutCooldown":120}'
aws application-autoscaling put-scheduled-action --service-namespace sagemaker --resource-id ${rid} \\
  --scalable-dimension ${DIM_INSTANCES} --scheduled-action-name morning --schedule 'cron(0 8 * * ? *)' \\
  --scalable-target-action MinCapacity=2,MaxCapacity=4
aws application-autoscaling describe-scaling-activities --service-namespace sagemaker --resource-id ${rid} \\
  --scalable-dimension ${DIM_INSTANCES}
`;
    const res = await runAwsCli(script, emulatorEnv(proxy.url, cliRegion));
    expect(res.stderr).toBe("");
    expect(res.code).toBe(0);
    expect(res.stdout).toContain('"Setting desired instance count to 2."');
    expect(res.stdout).toContain("TargetTracking-endpoint/replay/variant/AllTraffic-AlarmHigh-");
    expect(proxy.countBy()).toEqual({
      "ApplicationAutoScaling.RegisterScalableTarget": 1,
      "ApplicationAutoScaling.PutScalingPolicy": 1,
      "ApplicationAutoScaling.PutScheduledAction": 1,
      "ApplicationAutoScaling.DescribeScalingActivities": 1,
    });
    expect(proxy.calls().every((x) => x.region === cliRegion)).toBe(true);

    const viaSdk = await readState(proxy.url, sdkRegion);
    const viaCli = await readState(motoUrl, cliRegion);
    expect(viaCli).toEqual(viaSdk);
    expect(viaSdk.policies[0]?.TargetTrackingScalingPolicyConfiguration).toEqual({
      DisableScaleIn: false,
      PredefinedMetricSpecification: { PredefinedMetricType: "SageMakerVariantInvocationsPerInstance" },
      ScaleInCooldown: 600,
      ScaleOutCooldown: 120,
      TargetValue: 250,
    });
    expect(proxy.emulationErrors()).toEqual([]);
  });
});

describe("fault injection", () => {
  const region = "ca-central-1";

  it("renders a ThrottlingException the SDK surfaces (awsJson1_1), for `times` calls only", async () => {
    const { aas } = clients(region, 1);
    proxy.resetState();
    proxy.inject({ operation: "DescribeScalableTargets", times: 2 });
    const err = await aas
      .send(new DescribeScalableTargetsCommand({ ServiceNamespace: "sagemaker" }))
      .catch((e) => e);
    expect(err).toMatchObject({ name: "ThrottlingException", message: "Rate exceeded" });
    expect(err.$metadata.httpStatusCode).toBe(400);
    await expect(
      aas.send(new DescribeScalableTargetsCommand({ ServiceNamespace: "sagemaker" })),
    ).rejects.toThrow("Rate exceeded");
    await expect(
      aas.send(new DescribeScalableTargetsCommand({ ServiceNamespace: "sagemaker" })),
    ).resolves.toBeTruthy();
    expect(proxy.calls().map((x) => x.fault)).toEqual([
      "ThrottlingException",
      "ThrottlingException",
      undefined,
    ]);
  });

  it("lets SDK retries absorb transient faults", async () => {
    const { aas } = clients(region, 3);
    proxy.resetState();
    proxy.inject({
      operation: "ApplicationAutoScaling.DescribeScalableTargets",
      times: 2,
      status: 500,
      code: "InternalServiceException",
      message: "boom",
    });
    await aas.send(new DescribeScalableTargetsCommand({ ServiceNamespace: "sagemaker" }));
    expect(proxy.count("DescribeScalableTargets")).toBe(3);
  });

  it("renders query (IAM) and query-compatible JSON 1.0 (CloudWatch) errors", async () => {
    const { iam, cw } = clients(region, 1);
    proxy.resetState();
    proxy.inject({ operation: "IAM.ListRoles", code: "Throttling", message: "Rate exceeded", times: 1 });
    proxy.inject({ operation: "DescribeAlarms", status: 403, code: "AccessDenied", message: "no" });
    await expect(iam.send(new ListRolesCommand({}))).rejects.toMatchObject({ name: "Throttling" });
    const err = await cw.send(new DescribeAlarmsCommand({})).catch((e) => e);
    expect(err).toMatchObject({ name: "AccessDenied", message: "no" });
    expect(err.$metadata.httpStatusCode).toBe(403);
  });

  it("matches on request parameters, drops connections, and fails after the change happened", async () => {
    const { aas } = clients(region, 1);
    proxy.resetState();
    proxy.inject({ operation: "DescribeScalableTargets", match: { ResourceIds: ["endpoint/x/variant/y"] } });
    proxy.inject({ operation: "DescribeScalingPolicies", drop: true });
    proxy.inject({
      operation: "RegisterScalableTarget",
      phase: "after",
      code: "InternalServiceException",
      status: 500,
      when: (p) => p?.["MinCapacity"] === 1,
    });
    await expect(
      aas.send(
        new DescribeScalableTargetsCommand({
          ServiceNamespace: "sagemaker",
          ResourceIds: ["endpoint/o/variant/y"],
        }),
      ),
    ).resolves.toBeTruthy();
    await expect(
      aas.send(
        new DescribeScalableTargetsCommand({
          ServiceNamespace: "sagemaker",
          ResourceIds: ["endpoint/x/variant/y"],
        }),
      ),
    ).rejects.toMatchObject({ name: "ThrottlingException" });
    await expect(
      aas.send(new DescribeScalingPoliciesCommand({ ServiceNamespace: "sagemaker" })),
    ).rejects.toThrow();

    const s = seeder(proxy.url, region);
    await s.seedEndpoint({ name: "lost-response" });
    const rid = variantResourceId("lost-response", "AllTraffic");
    await expect(
      aas.send(
        new RegisterScalableTargetCommand({
          ServiceNamespace: "sagemaker",
          ResourceId: rid,
          ScalableDimension: DIM_INSTANCES,
          MinCapacity: 1,
          MaxCapacity: 2,
        }),
      ),
    ).rejects.toMatchObject({ name: "InternalServiceException" });
    expect((await readState(motoUrl, region)).targets.map((t) => t.ResourceId)).toEqual([rid]);
    expect(proxy.faults().every((f) => f.remaining === 0 && f.hits === 1)).toBe(true);
  });
});

describe("emulation", () => {
  const region = "ap-southeast-2";
  const s = () => seeder(proxy.url, region);

  beforeAll(async () => {
    proxy.resetState();
    await s().seedEndpoint({
      name: "ep-a",
      variants: [{ name: "AllTraffic", instanceType: "ml.m5.large", count: 2 }],
    });
    await s().seedEndpoint({ name: "ep-b" });
    await s().seedEndpoint({
      name: "ep-burst",
      variants: [{ name: "AllTraffic", instanceType: "ml.t2.medium", count: 1 }],
    });
    await s().seedEndpoint({
      name: "ep-sls",
      serverless: { memory: 2048, maxConcurrency: 5, provisionedConcurrency: 2 },
    });
  });

  it("rewrites EndpointStatus in ListEndpoints (also under StatusEquals) and DescribeEndpoint", async () => {
    const { sm } = clients(region);
    proxy.setEndpointStatus("ep-b", "Creating", { region });
    proxy.setEndpointStatus("ep-a", "Failed", { region: "us-west-1", failureReason: "elsewhere" });
    const all = await sm.send(new ListEndpointsCommand({}));
    const statuses = Object.fromEntries((all.Endpoints ?? []).map((e) => [e.EndpointName, e.EndpointStatus]));
    expect(statuses).toMatchObject({ "ep-a": "InService", "ep-b": "Creating" });
    const creating = await sm.send(new ListEndpointsCommand({ StatusEquals: "Creating" }));
    expect(creating.Endpoints?.map((e) => e.EndpointName)).toEqual(["ep-b"]);
    const inService = await sm.send(new ListEndpointsCommand({ StatusEquals: "InService" }));
    expect(inService.Endpoints?.map((e) => e.EndpointName)).not.toContain("ep-b");
    expect((await sm.send(new DescribeEndpointCommand({ EndpointName: "ep-b" }))).EndpointStatus).toBe(
      "Creating",
    );
    expect((await sm.send(new DescribeEndpointCommand({ EndpointName: "ep-a" }))).EndpointStatus).toBe(
      "InService",
    );
    proxy.setEndpointStatus("ep-b", null, { region });
    expect((await sm.send(new DescribeEndpointCommand({ EndpointName: "ep-b" }))).EndpointStatus).toBe(
      "InService",
    );
  });

  it("answers DescribeScalingActivities: empty by default, filtered, newest first, paginated", async () => {
    const { aas } = clients(region);
    proxy.clearScalingActivities();
    const empty = await aas.send(new DescribeScalingActivitiesCommand({ ServiceNamespace: "sagemaker" }));
    expect(empty.ScalingActivities).toEqual([]);
    const a = variantResourceId("ep-a", "AllTraffic");
    const t0 = Date.parse("2026-01-01T00:00:00Z");
    for (let i = 0; i < 3; i++) {
      proxy.addScalingActivity({
        resourceId: a,
        statusCode: "Successful",
        description: `step ${i}`,
        startTime: t0 + i * 60_000,
      });
    }
    proxy.addScalingActivity({
      resourceId: variantResourceId("ep-b", "AllTraffic"),
      statusCode: "Failed",
      description: "limit",
      statusMessage: "ResourceLimitExceeded",
      region,
    });
    proxy.addScalingActivity({
      resourceId: a,
      statusCode: "InProgress",
      description: "other region",
      region: "eu-west-1",
    });

    const p1 = await aas.send(
      new DescribeScalingActivitiesCommand({
        ServiceNamespace: "sagemaker",
        ResourceId: a,
        ScalableDimension: DIM_INSTANCES,
        MaxResults: 2,
      }),
    );
    expect(p1.ScalingActivities?.map((x) => x.Description)).toEqual(["step 2", "step 1"]);
    expect(p1.ScalingActivities?.[0]).toMatchObject({
      ServiceNamespace: "sagemaker",
      ResourceId: a,
      ScalableDimension: DIM_INSTANCES,
      StatusCode: "Successful",
      StartTime: new Date(t0 + 120_000),
      EndTime: new Date(t0 + 180_000),
    });
    expect(p1.ScalingActivities?.[0]?.Cause).toContain("AlarmHigh");
    expect(p1.NextToken).toBeTruthy();
    const p2 = await aas.send(
      new DescribeScalingActivitiesCommand({
        ServiceNamespace: "sagemaker",
        ResourceId: a,
        MaxResults: 2,
        NextToken: p1.NextToken,
      }),
    );
    expect(p2.ScalingActivities?.map((x) => x.Description)).toEqual(["step 0"]);
    expect(p2.NextToken).toBeUndefined();
    const all = await aas.send(new DescribeScalingActivitiesCommand({ ServiceNamespace: "sagemaker" }));
    expect(all.ScalingActivities).toHaveLength(4);
    expect(all.ScalingActivities?.[0]).toMatchObject({
      StatusCode: "Failed",
      StatusMessage: "ResourceLimitExceeded",
    });
    await expect(
      aas.send(new DescribeScalingActivitiesCommand({ ServiceNamespace: "sagemaker", MaxResults: 51 })),
    ).rejects.toMatchObject({ name: "ValidationException" });
    await expect(
      aas.send(new DescribeScalingActivitiesCommand({ ServiceNamespace: "sagemaker", NextToken: "garbage" })),
    ).rejects.toMatchObject({ name: "InvalidNextTokenException" });
  });

  it("creates, returns, updates and deletes the target-tracking alarms", async () => {
    const { aas, cw } = clients(region);
    const rid = variantResourceId("ep-a", "AllTraffic");
    await s().registerTarget({ resourceId: rid, min: 1, max: 4 });
    const put = await s().putPolicy("ipi", rid, 300);
    expect(put.alarms.map((a) => a.AlarmName)).toEqual([
      expect.stringMatching(/^TargetTracking-endpoint\/ep-a\/variant\/AllTraffic-AlarmHigh-[0-9a-f-]{36}$/),
      expect.stringMatching(/^TargetTracking-endpoint\/ep-a\/variant\/AllTraffic-AlarmLow-[0-9a-f-]{36}$/),
    ]);
    expect(put.alarms[0]?.AlarmARN).toBe(
      `arn:aws:cloudwatch:${region}:123456789012:alarm:${put.alarms[0]?.AlarmName}`,
    );
    const names = put.alarms.map((a) => a.AlarmName ?? "");
    const described = await cw.send(new DescribeAlarmsCommand({ AlarmNames: names }));
    const [high, low] = described.MetricAlarms ?? [];
    expect(high).toMatchObject({
      StateValue: "INSUFFICIENT_DATA",
      MetricName: "InvocationsPerInstance",
      Namespace: "AWS/SageMaker",
      Statistic: "Sum",
      Threshold: 300,
      ComparisonOperator: "GreaterThanThreshold",
      EvaluationPeriods: 3,
      Dimensions: [
        { Name: "EndpointName", Value: "ep-a" },
        { Name: "VariantName", Value: "AllTraffic" },
      ],
    });
    expect(low).toMatchObject({
      Threshold: 270,
      ComparisonOperator: "LessThanThreshold",
      EvaluationPeriods: 15,
    });
    const policies = await aas.send(
      new DescribeScalingPoliciesCommand({ ServiceNamespace: "sagemaker", ResourceId: rid, MaxResults: 10 }),
    );
    expect(policies.ScalingPolicies?.[0]?.Alarms?.map((a) => a.AlarmName)).toEqual(names);

    // An update keeps the alarms (same names) with the new thresholds.
    const again = await s().putPolicy("ipi", rid, 100);
    expect(again.alarms.map((a) => a.AlarmName)).toEqual(names);
    const updated = await cw.send(new DescribeAlarmsCommand({ AlarmNames: names }));
    expect(updated.MetricAlarms?.map((a) => a.Threshold)).toEqual([100, 90]);

    // A second policy with scale-in disabled gets only the AlarmHigh.
    const noIn = await s().putPolicy("no-scale-in", rid, 50, { disableScaleIn: true });
    expect(noIn.alarms).toHaveLength(1);

    await aas.send(
      new DeleteScalingPolicyCommand({
        ServiceNamespace: "sagemaker",
        ResourceId: rid,
        ScalableDimension: DIM_INSTANCES,
        PolicyName: "ipi",
      }),
    );
    expect((await cw.send(new DescribeAlarmsCommand({ AlarmNames: names }))).MetricAlarms).toEqual([]);
    expect(proxy.emulatedAlarms().map((p) => p.policyName)).toEqual(["no-scale-in"]);
    const missing = await aas
      .send(
        new DeleteScalingPolicyCommand({
          ServiceNamespace: "sagemaker",
          ResourceId: rid,
          ScalableDimension: DIM_INSTANCES,
          PolicyName: "ipi",
        }),
      )
      .catch((e) => e);
    expect(missing.name).toBe("ObjectNotFoundException");
  });

  it("cascades DeregisterScalableTarget to policies, scheduled actions and alarms", async () => {
    const { aas, cw } = clients(region);
    const rid = variantResourceId("ep-b", "AllTraffic");
    await s().registerTarget({ resourceId: rid, min: 1, max: 3 });
    const p1 = await s().putPolicy("one", rid, 100);
    await s().putPolicy("two", rid, 200, { scaleInCooldown: 900 });
    await s().putScheduledAction({
      name: "night",
      resourceId: rid,
      schedule: "cron(0 22 * * ? *)",
      min: 1,
      max: 1,
    });
    await aas.send(
      new DeregisterScalableTargetCommand({
        ServiceNamespace: "sagemaker",
        ResourceId: rid,
        ScalableDimension: DIM_INSTANCES,
      }),
    );
    const pol = await aas.send(
      new DescribeScalingPoliciesCommand({ ServiceNamespace: "sagemaker", ResourceId: rid, MaxResults: 10 }),
    );
    expect(pol.ScalingPolicies).toEqual([]);
    const acts = await aas.send(
      new DescribeScheduledActionsCommand({ ServiceNamespace: "sagemaker", ResourceId: rid }),
    );
    expect(acts.ScheduledActions).toEqual([]);
    const alarms = await cw.send(
      new DescribeAlarmsCommand({ AlarmNames: p1.alarms.map((a) => a.AlarmName ?? "") }),
    );
    expect(alarms.MetricAlarms).toEqual([]);
    expect(proxy.emulatedAlarms().some((p) => p.resourceId === rid)).toBe(false);
    // AWS says ObjectNotFoundException for a target that is not there (moto: ValidationException).
    await expect(
      aas.send(
        new DeregisterScalableTargetCommand({
          ServiceNamespace: "sagemaker",
          ResourceId: rid,
          ScalableDimension: DIM_INSTANCES,
        }),
      ),
    ).rejects.toMatchObject({ name: "ObjectNotFoundException" });
  });

  it("checks targets and registrations like AWS", async () => {
    const { aas } = clients(region);
    const put = (rid: string) =>
      aas.send(
        new PutScalingPolicyCommand({
          ServiceNamespace: "sagemaker",
          ResourceId: rid,
          ScalableDimension: DIM_INSTANCES,
          PolicyName: "p",
          PolicyType: "TargetTrackingScaling",
          TargetTrackingScalingPolicyConfiguration: {
            TargetValue: 1,
            PredefinedMetricSpecification: { PredefinedMetricType: "SageMakerVariantInvocationsPerInstance" },
          },
        }),
      );
    await expect(put(variantResourceId("ep-b", "AllTraffic"))).rejects.toMatchObject({
      name: "ObjectNotFoundException",
      message: expect.stringContaining("No scalable target registered"),
    });
    const register = (rid: string, dim: string = DIM_INSTANCES) =>
      aas.send(
        new RegisterScalableTargetCommand({
          ServiceNamespace: "sagemaker",
          ResourceId: rid,
          ScalableDimension: dim as typeof DIM_INSTANCES,
          MinCapacity: 1,
          MaxCapacity: 2,
        }),
      );
    await expect(register(variantResourceId("nope", "AllTraffic"))).rejects.toMatchObject({
      name: "ValidationException",
    });
    await expect(register(variantResourceId("ep-b", "Missing"))).rejects.toMatchObject({
      name: "ValidationException",
    });
    await expect(register(variantResourceId("ep-burst", "AllTraffic"))).rejects.toMatchObject({
      name: "ValidationException",
      message: expect.stringContaining("burstable"),
    });
    await expect(register(variantResourceId("ep-sls", "AllTraffic"))).rejects.toMatchObject({
      name: "ValidationException",
    });
    await expect(
      register(variantResourceId("ep-sls", "AllTraffic"), "sagemaker:variant:DesiredProvisionedConcurrency"),
    ).resolves.toBeTruthy();
    expect(proxy.emulationErrors()).toEqual([]);
  });

  it("supports the serverless dimension moto rejects, with exact filters and AWS paging", async () => {
    const { aas } = clients(region);
    const PC = "sagemaker:variant:DesiredProvisionedConcurrency" as const;
    const sls = variantResourceId("ep-sls", "AllTraffic");
    // The serverless target was registered by the previous test; add a policy on it.
    const put = await s().putPolicy("pc-util", sls, 0.7, {
      dimension: PC,
      metric: "SageMakerVariantProvisionedConcurrencyUtilization",
    });
    expect(put.policyArn).toMatch(
      /:resource\/sagemaker\/endpoint\/ep-sls\/variant\/AllTraffic:policyName\/pc-util$/,
    );
    expect(put.alarms).toHaveLength(2);
    const targets = await aas.send(
      new DescribeScalableTargetsCommand({ ServiceNamespace: "sagemaker", ResourceIds: [sls] }),
    );
    expect(targets.ScalableTargets?.map((t) => [t.ResourceId, t.ScalableDimension])).toEqual([[sls, PC]]);
    const policies = await aas.send(
      new DescribeScalingPoliciesCommand({ ServiceNamespace: "sagemaker", ScalableDimension: PC }),
    );
    expect(policies.ScalingPolicies?.map((p) => [p.PolicyName, p.ResourceId, p.ScalableDimension])).toEqual([
      ["pc-util", sls, PC],
    ]);

    // moto matches ResourceId filters by substring; AWS (and the proxy) exactly.
    await s().seedEndpoint({
      name: "ep-v",
      variants: [
        { name: "A", instanceType: "ml.m5.large", count: 1 },
        { name: "AB", instanceType: "ml.m5.large", count: 1 },
      ],
    });
    for (const v of ["A", "AB"]) {
      const rid = variantResourceId("ep-v", v);
      await s().registerTarget({ resourceId: rid, min: 1, max: 2 });
      for (let i = 0; i < 6; i++) await s().putPolicy(`p${i}`, rid, 100 + i);
    }
    const ab = await aas.send(
      new DescribeScalingPoliciesCommand({
        ServiceNamespace: "sagemaker",
        ResourceId: variantResourceId("ep-v", "AB"),
      }),
    );
    expect(ab.ScalingPolicies?.every((p) => p.ResourceId === variantResourceId("ep-v", "AB"))).toBe(true);
    expect(ab.ScalingPolicies).toHaveLength(6);

    // AWS page sizes: policies default 10, at most 10; targets page with working tokens.
    const firstPage = await aas.send(new DescribeScalingPoliciesCommand({ ServiceNamespace: "sagemaker" }));
    expect(firstPage.ScalingPolicies).toHaveLength(10);
    expect(firstPage.NextToken).toBeTruthy();
    await expect(
      aas.send(new DescribeScalingPoliciesCommand({ ServiceNamespace: "sagemaker", MaxResults: 11 })),
    ).rejects.toMatchObject({ name: "ValidationException" });
    const seen: string[] = [];
    let token: string | undefined;
    do {
      const page = await aas.send(
        new DescribeScalableTargetsCommand({
          ServiceNamespace: "sagemaker",
          MaxResults: 1,
          NextToken: token,
        }),
      );
      seen.push(...(page.ScalableTargets ?? []).map((t) => `${t.ResourceId} ${t.ScalableDimension}`));
      token = page.NextToken;
    } while (token && seen.length < 100);
    expect(seen).toHaveLength(new Set(seen).size);
    expect(seen).toEqual(
      expect.arrayContaining([`${sls} ${PC}`, `${variantResourceId("ep-v", "A")} ${DIM_INSTANCES}`]),
    );
    expect(seen.length).toBeGreaterThanOrEqual(4);

    // Deregistering the serverless target cascades through the translated ids too.
    await aas.send(
      new DeregisterScalableTargetCommand({
        ServiceNamespace: "sagemaker",
        ResourceId: sls,
        ScalableDimension: PC,
      }),
    );
    const after = await aas.send(
      new DescribeScalingPoliciesCommand({
        ServiceNamespace: "sagemaker",
        ResourceId: sls,
        ScalableDimension: PC,
      }),
    );
    expect(after.ScalingPolicies).toEqual([]);
    expect(proxy.emulationErrors()).toEqual([]);
  });

  it("answers the inference-component calls moto lacks", async () => {
    const { sm } = clients(region);
    expect(
      (await sm.send(new ListInferenceComponentsCommand({ MaxResults: 100 }))).InferenceComponents,
    ).toEqual([]);
    await expect(
      sm.send(new DescribeInferenceComponentCommand({ InferenceComponentName: "nope" })),
    ).rejects.toMatchObject({ name: "ValidationException" });
  });

  it("answers Service Quotas from seeded quotas, input checked against the botocore model", async () => {
    const sq = new ServiceQuotasClient(emulatorClientConfig(proxy.url, region, { maxAttempts: 1 }));
    const quotas = Array.from({ length: 150 }, (_, i) => ({
      quotaName: `ml.type${i} for endpoint usage`,
      quotaCode: `L-${i}`,
      value: i,
    }));
    await connectProxy(proxy.url).setServiceQuotas(quotas, region);
    const first = await sq.send(new ListServiceQuotasCommand({ ServiceCode: "sagemaker", MaxResults: 100 }));
    expect(first.Quotas).toHaveLength(100);
    expect(first.Quotas?.[0]).toEqual({
      ServiceCode: "sagemaker",
      ServiceName: "Amazon SageMaker",
      QuotaArn: `arn:aws:servicequotas:${region}:123456789012:sagemaker/L-0`,
      QuotaCode: "L-0",
      QuotaName: "ml.type0 for endpoint usage",
      Value: 0,
      Unit: "None",
      Adjustable: true,
      GlobalQuota: false,
      QuotaAppliedAtLevel: "ACCOUNT",
    });
    expect(first.NextToken).toMatch(/^[a-zA-Z0-9/+]*={0,2}$/);
    const second = await sq.send(
      new ListServiceQuotasCommand({ ServiceCode: "sagemaker", MaxResults: 100, NextToken: first.NextToken }),
    );
    expect(second.Quotas?.map((q) => q.QuotaCode).at(-1)).toBe("L-149");
    expect(second.NextToken).toBeUndefined();
    expect(
      (await sq.send(new GetServiceQuotaCommand({ ServiceCode: "sagemaker", QuotaCode: "L-7" }))).Quota
        ?.Value,
    ).toBe(7);
    // another service's code lists nothing seeded for sagemaker
    expect((await sq.send(new ListServiceQuotasCommand({ ServiceCode: "ec2" }))).Quotas).toEqual([]);

    // What AWS rejects, the emulator rejects (model: ServiceCode pattern and length, MaxResults 1-100, tokens).
    for (const [input, code] of [
      [{ ServiceCode: "1sagemaker" }, "ValidationException"],
      [{ ServiceCode: "s" }, "ValidationException"],
      [{ ServiceCode: "sagemaker", MaxResults: 0 }, "ValidationException"],
      [{ ServiceCode: "sagemaker", MaxResults: 101 }, "ValidationException"],
      [{ ServiceCode: "sagemaker", NextToken: "not-a-token!" }, "ValidationException"],
      [{ ServiceCode: "sagemaker", NextToken: "bm9wZQ==" }, "InvalidPaginationTokenException"],
    ] as const) {
      await expect(sq.send(new ListServiceQuotasCommand(input)), JSON.stringify(input)).rejects.toMatchObject(
        {
          name: code,
        },
      );
    }
    await expect(
      sq.send(new GetServiceQuotaCommand({ ServiceCode: "sagemaker", QuotaCode: "L-999" })),
    ).rejects.toMatchObject({ name: "NoSuchResourceException" });

    // botocore (the aws CLI) reads the same answers, paging with its own tokens.
    const cli = await runAwsCli(
      "aws service-quotas list-service-quotas --service-code sagemaker --query 'length(Quotas)'",
      emulatorEnv(proxy.url, region),
    );
    expect(cli.stderr).toBe("");
    expect(cli.stdout.trim()).toBe("150");
    expect(proxy.emulationErrors()).toEqual([]);
    sq.destroy();
  });

  it("is drivable from another process through the control API", async () => {
    const remote = connectProxy(proxy.url);
    const { sm } = clients(region);
    await remote.resetCounts();
    await remote.setEndpointStatus("ep-a", "Updating");
    await remote.inject({ operation: "SageMaker.ListEndpoints", times: Number.POSITIVE_INFINITY });
    await expect(sm.send(new ListEndpointsCommand({}))).rejects.toMatchObject({
      name: "ThrottlingException",
    });
    await expect(sm.send(new ListEndpointsCommand({}))).rejects.toMatchObject({
      name: "ThrottlingException",
    });
    expect((await remote.faults())[0]).toMatchObject({ remaining: -1, hits: 2 });
    await remote.clearFaults();
    expect((await sm.send(new DescribeEndpointCommand({ EndpointName: "ep-a" }))).EndpointStatus).toBe(
      "Updating",
    );
    const act = await remote.addScalingActivity({
      resourceId: variantResourceId("ep-a", "AllTraffic"),
      statusCode: "Pending",
      description: "remote",
    });
    expect(act.EndTime).toBeUndefined();
    expect(await remote.countBy()).toEqual({ "SageMaker.ListEndpoints": 2, "SageMaker.DescribeEndpoint": 1 });
    await remote.setEndpointStatus("ep-a", null);
    expect(await remote.emulationErrors()).toEqual([]);
  });
});

// ------------------------------------------------------------------------------------------------ every endpoint kind

/** A JSON-protocol call sent as the SDK sends it (unsigned signature: moto and the proxy read only its scope); the raw wire reply. */
async function rawCall(
  service: "SageMaker" | "ApplicationAutoScaling",
  operation: string,
  params: Record<string, unknown>,
  region: string,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const [target, signing] =
    service === "SageMaker"
      ? ["SageMaker", "sagemaker"]
      : ["AnyScaleFrontendService", "application-autoscaling"];
  const res = await fetch(proxy.url, {
    method: "POST",
    headers: {
      "content-type": "application/x-amz-json-1.1",
      "x-amz-target": `${target}.${operation}`,
      authorization: `AWS4-HMAC-SHA256 Credential=testing/20260101/${region}/${signing}/aws4_request, SignedHeaders=host, Signature=0`,
    },
    body: JSON.stringify(params),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

/** The wire reply of a read, checked against the operation's output shape in the botocore model. */
async function wireOf(
  service: "SageMaker" | "ApplicationAutoScaling",
  operation: string,
  params: Record<string, unknown>,
  region: string,
): Promise<Record<string, unknown>> {
  const { status, body } = await rawCall(service, operation, params, region);
  expect(status, JSON.stringify(body)).toBe(200);
  expect(outputProblems(service, operation, body)).toEqual([]);
  return body;
}

describe("endpoints of every kind", () => {
  const region = "eu-west-1";
  const s = () => seeder(proxy.url, region);
  const IC_EP = "llm-hub";

  beforeAll(async () => {
    await s().seedEndpoint({
      name: IC_EP,
      inferenceComponents: {
        instanceType: "ml.g5.12xlarge",
        count: 2,
        managedScaling: { min: 0, max: 4, scaleInStrategy: "IDLE_RELEASE" },
        components: [
          { name: "chat", copies: 2, memoryMb: 16384, accelerators: 2 },
          { name: "summarize", copies: 1, memoryMb: 8192, accelerators: 1, cpus: 2 },
          { name: "chat-adapter", copies: 0, adapterOf: "chat" },
        ],
      },
    });
    await s().seedEndpoint({
      name: "hetero",
      variants: [
        {
          name: "AllTraffic",
          count: 3,
          pools: [
            { instanceType: "ml.g6.xlarge", priority: 2 },
            { instanceType: "ml.g5.xlarge", priority: 1 },
          ],
        },
      ],
    });
    await s().seedEndpoint({
      name: "shadowed",
      variants: [{ name: "AllTraffic", instanceType: "ml.c5.xlarge", count: 2 }],
      shadowVariants: [{ name: "Shadow", instanceType: "ml.c5.xlarge", count: 1, weight: 0.5 }],
    });
    await s().seedEndpoint({ name: "sls-demand", serverless: { memory: 1024, maxConcurrency: 10 } });
    await s().seedEndpoint({
      name: "sls-pc",
      serverless: { memory: 2048, maxConcurrency: 20, provisionedConcurrency: 4 },
    });
    await s().seedEndpoint({ name: "queue", async: true });
  });

  it("describes the config and endpoint of every kind as AWS does, on the wire and through the SDK", async () => {
    const { sm } = clients(region);
    const icConfig = await sm.send(
      new DescribeEndpointConfigCommand({ EndpointConfigName: `${IC_EP}-config` }),
    );
    expect(icConfig.ExecutionRoleArn).toBe(EXECUTION_ROLE_ARN);
    expect(icConfig.ProductionVariants).toEqual([
      {
        VariantName: "AllTraffic",
        InstanceType: "ml.g5.12xlarge",
        InitialInstanceCount: 2,
        ManagedInstanceScaling: {
          Status: "ENABLED",
          MinInstanceCount: 0,
          MaxInstanceCount: 4,
          ScaleInPolicy: { Strategy: "IDLE_RELEASE" },
        },
        RoutingConfig: { RoutingStrategy: "LEAST_OUTSTANDING_REQUESTS" },
      },
    ]);
    const icEndpoint = await sm.send(new DescribeEndpointCommand({ EndpointName: IC_EP }));
    expect(icEndpoint.ProductionVariants?.[0]).toMatchObject({
      VariantName: "AllTraffic",
      CurrentInstanceCount: 2,
      DesiredInstanceCount: 2,
      ManagedInstanceScaling: { Status: "ENABLED", MinInstanceCount: 0, MaxInstanceCount: 4 },
      RoutingConfig: { RoutingStrategy: "LEAST_OUTSTANDING_REQUESTS" },
    });
    // moto's empty DataCaptureConfig (it lacks the model's required members) is not passed on.
    expect(icEndpoint.DataCaptureConfig).toBeUndefined();

    const pools = await sm.send(new DescribeEndpointCommand({ EndpointName: "hetero" }));
    expect(pools.ProductionVariants?.[0]?.InstancePools).toEqual([
      { InstanceType: "ml.g5.xlarge", CurrentInstanceCount: 3 },
      { InstanceType: "ml.g6.xlarge", CurrentInstanceCount: 0 },
    ]);
    const poolConfig = await sm.send(
      new DescribeEndpointConfigCommand({ EndpointConfigName: "hetero-config" }),
    );
    expect(poolConfig.ProductionVariants?.[0]?.InstanceType).toBeUndefined();
    expect(poolConfig.ProductionVariants?.[0]?.InstancePools).toHaveLength(2);

    const shadow = await sm.send(new DescribeEndpointCommand({ EndpointName: "shadowed" }));
    expect(shadow.ProductionVariants?.map((v) => v.VariantName)).toEqual(["AllTraffic"]);
    expect(shadow.ShadowProductionVariants).toEqual([
      {
        VariantName: "Shadow",
        CurrentInstanceCount: 1,
        DesiredInstanceCount: 1,
        CurrentWeight: 0.5,
        DesiredWeight: 0.5,
      },
    ]);
    const shadowConfig = await sm.send(
      new DescribeEndpointConfigCommand({ EndpointConfigName: "shadowed-config" }),
    );
    expect(shadowConfig.ShadowProductionVariants?.[0]).toMatchObject({
      VariantName: "Shadow",
      InstanceType: "ml.c5.xlarge",
      ModelName: "shadowed-model",
    });

    const demand = await sm.send(new DescribeEndpointCommand({ EndpointName: "sls-demand" }));
    expect(demand.ProductionVariants?.[0]?.CurrentServerlessConfig).toEqual({
      MemorySizeInMB: 1024,
      MaxConcurrency: 10,
    });
    const pc = await sm.send(new DescribeEndpointCommand({ EndpointName: "sls-pc" }));
    expect(pc.ProductionVariants?.[0]).toMatchObject({
      CurrentServerlessConfig: { MemorySizeInMB: 2048, MaxConcurrency: 20, ProvisionedConcurrency: 4 },
      DesiredServerlessConfig: { MemorySizeInMB: 2048, MaxConcurrency: 20, ProvisionedConcurrency: 4 },
    });
    const queue = await sm.send(new DescribeEndpointCommand({ EndpointName: "queue" }));
    expect(queue.AsyncInferenceConfig?.OutputConfig?.S3OutputPath).toContain("/queue/output");

    // Every reply, as sent, fits the model's output shape.
    for (const name of [IC_EP, "hetero", "shadowed", "sls-demand", "sls-pc", "queue"]) {
      await wireOf("SageMaker", "DescribeEndpoint", { EndpointName: name }, region);
      await wireOf("SageMaker", "DescribeEndpointConfig", { EndpointConfigName: `${name}-config` }, region);
    }
    // The stand-in model moto needs for variants without one is not listed.
    const models = await sm.send(new ListModelsCommand({ MaxResults: 100 }));
    expect(models.Models?.map((m) => m.ModelName)).not.toContain("sm-emulator-variant-without-model");
    expect(proxy.emulationErrors()).toEqual([]);
  });

  it("refuses endpoint configs AWS refuses, with a ValidationException that says why", async () => {
    const { sm } = clients(region);
    const create = (input: Partial<CreateEndpointConfigCommandInput>) =>
      sm.send(
        new CreateEndpointConfigCommand({
          EndpointConfigName: "refused",
          ProductionVariants: [],
          ...input,
        } as CreateEndpointConfigCommandInput),
      );
    const variant = {
      VariantName: "AllTraffic",
      InstanceType: "ml.m5.large" as const,
      InitialInstanceCount: 1,
    };
    const cases: [Partial<CreateEndpointConfigCommandInput>, RegExp][] = [
      [
        {
          ProductionVariants: [
            { ...variant, ModelName: "hetero-model", ManagedInstanceScaling: { MinInstanceCount: 0 } },
          ],
        },
        /^ManagedInstanceScaling is only supported for inference component endpoints\.$/,
      ],
      [
        {
          ProductionVariants: [
            { ...variant, ModelName: "hetero-model" },
            { ...variant, VariantName: "B", ModelName: "hetero-model" },
          ],
          ShadowProductionVariants: [{ ...variant, VariantName: "S", ModelName: "hetero-model" }],
        },
        /exactly one variant/,
      ],
      [
        { ProductionVariants: [{ ...variant, VariantName: "-bad", ModelName: "hetero-model" }] },
        /^1 validation error detected: Value '-bad' at 'productionVariants\.1\.member\.variantName' failed to satisfy constraint: Member must satisfy regular expression pattern: /,
      ],
      [
        {
          ProductionVariants: [
            {
              VariantName: "AllTraffic",
              ModelName: "hetero-model",
              ServerlessConfig: { MemorySizeInMB: 2048, MaxConcurrency: 2, ProvisionedConcurrency: 3 },
            },
          ],
        },
        /ProvisionedConcurrency \(3\).*MaxConcurrency \(2\)/,
      ],
      [
        {
          ProductionVariants: [
            {
              ...variant,
              ModelName: "hetero-model",
              InstancePools: [{ InstanceType: "ml.g5.xlarge", Priority: 1 }],
            },
          ],
        },
        /only one of InstanceType, InstancePools/,
      ],
      [
        {
          ProductionVariants: [
            { ...variant, InstanceType: "ml.x9.huge" as "ml.m5.large", ModelName: "hetero-model" },
          ],
        },
        /at 'productionVariants\.1\.member\.instanceType' failed to satisfy constraint: Member must satisfy enum value set/,
      ],
      [
        { ProductionVariants: [] },
        /at 'productionVariants' failed to satisfy constraint: Member must have length greater than or equal to 1/,
      ],
    ];
    for (const [input, message] of cases) {
      await expect(create(input), JSON.stringify(input)).rejects.toMatchObject({
        name: "ValidationException",
        message: expect.stringMatching(message),
      });
    }
    expect(proxy.emulationErrors()).toEqual([]);
  });

  it("serves inference components: create, describe, list with filters, update copies, adapters", async () => {
    const { sm } = clients(region);
    const chat = await sm.send(new DescribeInferenceComponentCommand({ InferenceComponentName: "chat" }));
    expect(chat).toMatchObject({
      InferenceComponentName: "chat",
      InferenceComponentArn: `arn:aws:sagemaker:${region}:123456789012:inference-component/chat`,
      EndpointName: IC_EP,
      EndpointArn: `arn:aws:sagemaker:${region}:123456789012:endpoint/${IC_EP}`,
      VariantName: "AllTraffic",
      InferenceComponentStatus: "InService",
      RuntimeConfig: { DesiredCopyCount: 2, CurrentCopyCount: 2 },
      Specification: {
        ComputeResourceRequirements: { MinMemoryRequiredInMb: 16384, NumberOfAcceleratorDevicesRequired: 2 },
        Container: { DeployedImage: { SpecifiedImage: expect.stringContaining("/chat:latest") } },
      },
    });
    expect(chat.CreationTime).toBeInstanceOf(Date);
    const adapter = await sm.send(
      new DescribeInferenceComponentCommand({ InferenceComponentName: "chat-adapter" }),
    );
    expect(adapter.Specification?.BaseInferenceComponentName).toBe("chat");
    expect(adapter.VariantName).toBe("AllTraffic");
    expect(adapter.RuntimeConfig).toBeUndefined();

    // UpdateInferenceComponentRuntimeConfig sets the desired copies (0 allowed); the emulator has them at once.
    const updated = await sm.send(
      new UpdateInferenceComponentRuntimeConfigCommand({
        InferenceComponentName: "summarize",
        DesiredRuntimeConfig: { CopyCount: 0 },
      }),
    );
    expect(updated.InferenceComponentArn).toMatch(/:inference-component\/summarize$/);
    const summarize = await sm.send(
      new DescribeInferenceComponentCommand({ InferenceComponentName: "summarize" }),
    );
    expect(summarize.RuntimeConfig).toEqual({ DesiredCopyCount: 0, CurrentCopyCount: 0 });
    expect(summarize.LastModifiedTime?.getTime()).toBeGreaterThanOrEqual(
      summarize.CreationTime?.getTime() ?? 0,
    );

    // A test can make an IC look like AWS mid-change.
    expect(
      proxy.setInferenceComponentState("summarize", { status: "Updating", currentCopyCount: 1 }, { region }),
    ).toBe(1);
    const list = (input: ListInferenceComponentsCommandInput) =>
      sm
        .send(new ListInferenceComponentsCommand(input))
        .then((o) => o.InferenceComponents?.map((c) => c.InferenceComponentName));
    expect(await list({ EndpointNameEquals: IC_EP })).toEqual(["chat-adapter", "summarize", "chat"]);
    expect(await list({ EndpointNameEquals: IC_EP, SortBy: "Name", SortOrder: "Ascending" })).toEqual([
      "chat",
      "chat-adapter",
      "summarize",
    ]);
    expect(await list({ StatusEquals: "Updating" })).toEqual(["summarize"]);
    expect(await list({ NameContains: "chat", SortBy: "Name", SortOrder: "Ascending" })).toEqual([
      "chat",
      "chat-adapter",
    ]);
    expect(await list({ VariantNameEquals: "Other" })).toEqual([]);
    expect(await list({ EndpointNameEquals: "hetero" })).toEqual([]);
    expect(
      await list({ CreationTimeAfter: new Date(Date.now() + 60_000), EndpointNameEquals: IC_EP }),
    ).toEqual([]);
    const [summary] =
      (await sm.send(new ListInferenceComponentsCommand({ NameContains: "summarize" })))
        .InferenceComponents ?? [];
    expect(summary).toEqual({
      InferenceComponentName: "summarize",
      InferenceComponentArn: `arn:aws:sagemaker:${region}:123456789012:inference-component/summarize`,
      EndpointName: IC_EP,
      EndpointArn: `arn:aws:sagemaker:${region}:123456789012:endpoint/${IC_EP}`,
      VariantName: "AllTraffic",
      InferenceComponentStatus: "Updating",
      CreationTime: expect.any(Date),
      LastModifiedTime: expect.any(Date),
    });
    // ... also from another process, through the control API.
    expect(
      await connectProxy(proxy.url).setInferenceComponentState(
        "summarize",
        { status: "InService", currentCopyCount: 0 },
        { region },
      ),
    ).toBe(1);
    expect(
      (await sm.send(new DescribeInferenceComponentCommand({ InferenceComponentName: "summarize" })))
        .RuntimeConfig,
    ).toEqual({ DesiredCopyCount: 0, CurrentCopyCount: 0 });
    await wireOf("SageMaker", "DescribeInferenceComponent", { InferenceComponentName: "chat" }, region);
    await wireOf(
      "SageMaker",
      "DescribeInferenceComponent",
      { InferenceComponentName: "chat-adapter" },
      region,
    );
    await wireOf("SageMaker", "ListInferenceComponents", { EndpointNameEquals: IC_EP }, region);
    expect(proxy.emulationErrors()).toEqual([]);
  });

  it("refuses inference-component calls AWS refuses, each with a ValidationException", async () => {
    const { sm } = clients(region);
    const spec = {
      Container: { Image: "img:1" },
      ComputeResourceRequirements: { MinMemoryRequiredInMb: 1024 },
    };
    const refused: [() => Promise<unknown>, RegExp][] = [
      [
        () => sm.send(new ListInferenceComponentsCommand({ MaxResults: 0 })),
        /at 'maxResults' failed to satisfy constraint: Member must have value greater than or equal to 1/,
      ],
      [
        () => sm.send(new ListInferenceComponentsCommand({ MaxResults: 101 })),
        /at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 100/,
      ],
      [
        () => sm.send(new ListInferenceComponentsCommand({ NameContains: "a_b" })),
        /at 'nameContains' failed to satisfy constraint/,
      ],
      [() => sm.send(new ListInferenceComponentsCommand({ NextToken: "not-ours" })), /pagination token/],
      [
        () => sm.send(new ListInferenceComponentsCommand({ StatusEquals: "Sleeping" as "InService" })),
        /enum value set: \[InService, Creating, Updating, Failed, Deleting\]/,
      ],
      [
        () => sm.send(new DescribeInferenceComponentCommand({ InferenceComponentName: "bad_name" })),
        /at 'inferenceComponentName' failed to satisfy constraint: Member must satisfy regular expression pattern/,
      ],
      [
        () => sm.send(new DescribeInferenceComponentCommand({ InferenceComponentName: "nope" })),
        /^Could not find inference component "arn:aws:sagemaker:eu-west-1:123456789012:inference-component\/nope"\.$/,
      ],
      [
        () => sm.send(new DeleteInferenceComponentCommand({ InferenceComponentName: "nope" })),
        /Could not find inference component/,
      ],
      [
        () =>
          sm.send(
            new UpdateInferenceComponentRuntimeConfigCommand({
              InferenceComponentName: "chat",
              DesiredRuntimeConfig: { CopyCount: -1 },
            }),
          ),
        /at 'desiredRuntimeConfig\.copyCount' failed to satisfy constraint: Member must have value greater than or equal to 0/,
      ],
      [
        () =>
          sm.send(
            new UpdateInferenceComponentRuntimeConfigCommand({
              InferenceComponentName: "chat-adapter",
              DesiredRuntimeConfig: { CopyCount: 1 },
            }),
          ),
        /adapter/,
      ],
      [
        () =>
          sm.send(
            new CreateInferenceComponentCommand({
              InferenceComponentName: "chat",
              EndpointName: IC_EP,
              Specification: spec,
              RuntimeConfig: { CopyCount: 1 },
            }),
          ),
        /^Cannot create already existing inference component/,
      ],
      [
        () =>
          sm.send(
            new CreateInferenceComponentCommand({
              InferenceComponentName: "x1",
              EndpointName: "gone",
              Specification: spec,
              RuntimeConfig: { CopyCount: 1 },
            }),
          ),
        /^Could not find endpoint/,
      ],
      [
        () =>
          sm.send(
            new CreateInferenceComponentCommand({
              InferenceComponentName: "x2",
              EndpointName: IC_EP,
              Specification: spec,
              Specifications: [spec],
              RuntimeConfig: { CopyCount: 1 },
            }),
          ),
        /not both/,
      ],
      [
        () =>
          sm.send(
            new CreateInferenceComponentCommand({
              InferenceComponentName: "x3",
              EndpointName: IC_EP,
              Specification: spec,
            }),
          ),
        /RuntimeConfig is required/,
      ],
      [
        () =>
          sm.send(
            new CreateInferenceComponentCommand({
              InferenceComponentName: "x4",
              EndpointName: "hetero",
              Specification: spec,
              RuntimeConfig: { CopyCount: 1 },
            }),
          ),
        /hosts the model hetero-model/,
      ],
      [
        () =>
          sm.send(
            new CreateInferenceComponentCommand({
              InferenceComponentName: "x5",
              EndpointName: IC_EP,
              VariantName: "Nope",
              Specification: spec,
              RuntimeConfig: { CopyCount: 1 },
            }),
          ),
        /variant Nope does not exist/,
      ],
      [
        () =>
          sm.send(
            new CreateInferenceComponentCommand({
              InferenceComponentName: "x6",
              EndpointName: IC_EP,
              Specification: { BaseInferenceComponentName: "missing" },
            }),
          ),
        /Could not find inference component/,
      ],
    ];
    for (const [call, message] of refused) {
      await expect(call(), message.source).rejects.toMatchObject({
        name: "ValidationException",
        message: expect.stringMatching(message),
      });
    }
    expect(await sm.send(new ListInferenceComponentsCommand({ NameContains: "x" }))).toMatchObject({
      InferenceComponents: [],
    });
    expect(proxy.emulationErrors()).toEqual([]);
  });

  it("pages ListInferenceComponents like the model: default 10, MaxResults 1-100, NextToken to the end", async () => {
    const { sm } = clients(region);
    await s().seedEndpoint({
      name: "many",
      inferenceComponents: {
        instanceType: "ml.g5.48xlarge",
        components: Array.from({ length: 23 }, (_, i) => ({
          name: `many-${String(i).padStart(2, "0")}`,
          copies: 1,
        })),
      },
    });
    const first = await sm.send(new ListInferenceComponentsCommand({ EndpointNameEquals: "many" }));
    expect(first.InferenceComponents).toHaveLength(10);
    // Newest first by default (SortBy CreationTime, SortOrder Descending).
    expect(first.InferenceComponents?.[0]?.InferenceComponentName).toBe("many-22");
    const names: string[] = [];
    let pages = 0;
    for await (const page of paginateListInferenceComponents(
      { client: sm, pageSize: 5 },
      { EndpointNameEquals: "many", SortBy: "Name", SortOrder: "Ascending" },
    )) {
      pages += 1;
      names.push(...(page.InferenceComponents ?? []).map((c) => c.InferenceComponentName ?? ""));
    }
    expect(pages).toBe(5);
    expect(names).toEqual(Array.from({ length: 23 }, (_, i) => `many-${String(i).padStart(2, "0")}`));
    const all = await sm.send(
      new ListInferenceComponentsCommand({ EndpointNameEquals: "many", MaxResults: 100 }),
    );
    expect(all.InferenceComponents).toHaveLength(23);
    expect(all.NextToken).toBeUndefined();

    // botocore's paginator (the aws CLI) pages with the same tokens, and its parser takes every reply.
    const env = emulatorEnv(proxy.url, region);
    const cli = await runAwsCli(
      "aws sagemaker list-inference-components --endpoint-name-equals many --page-size 4 --sort-by Name --sort-order Ascending --query 'InferenceComponents[].InferenceComponentName' --output text",
      env,
    );
    expect(cli.stderr).toBe("");
    expect(cli.stdout.trim().split(/\s+/)).toEqual(names);
    expect(
      proxy
        .calls()
        .filter((c) => c.operation === "ListInferenceComponents" && c.params?.["MaxResults"] === 4),
    ).toHaveLength(6);
    const tooMany = await runAwsCli("aws sagemaker list-inference-components --page-size 101", env, {
      errexit: false,
    });
    expect(tooMany.code).not.toBe(0);
    expect(tooMany.stderr).toContain("(ValidationException)");
    expect(tooMany.stderr).toContain("Member must have value less than or equal to 100");
  });

  it("runs every inference-component operation through the aws CLI, whose parser takes each reply", async () => {
    const env = emulatorEnv(proxy.url, region);
    const script = `
aws sagemaker create-inference-component --inference-component-name cli-ic --endpoint-name ${IC_EP} \\
  --variant-name AllTraffic --specification '{"Container":{"Image":"img:1"},"ComputeResourceRequirements":{"MinMemoryRequiredInMb":2048}}' \\
  --runtime-config CopyCount=1 > create.json
aws sagemaker describe-inference-component --inference-component-name cli-ic > describe.json
aws sagemaker update-inference-component-runtime-config --inference-component-name cli-ic \\
  --desired-runtime-config CopyCount=3 > update.json
aws sagemaker describe-inference-component --inference-component-name cli-ic > described.json
aws sagemaker list-inference-components --endpoint-name-equals ${IC_EP} --status-equals InService > list.json
aws sagemaker describe-endpoint --endpoint-name ${IC_EP} > endpoint.json
aws sagemaker describe-endpoint-config --endpoint-config-name ${IC_EP}-config > config.json
aws sagemaker delete-inference-component --inference-component-name cli-ic > delete.json
for f in create describe update described list endpoint config delete; do echo "== $f"; cat $f.json; echo; done
`;
    const dir = mkdtempSync(join(tmpdir(), "sm-ic-cli-"));
    const run = await runAwsCli(`cd ${dir}\n${script}`, env);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const out = Object.fromEntries(
      run.stdout
        .split(/^== /m)
        .filter(Boolean)
        .map((chunk) => {
          const [name, ...rest] = chunk.split("\n");
          const text = rest.join("\n").trim();
          return [name, text ? JSON.parse(text) : undefined];
        }),
    ) as Record<string, Record<string, unknown> | undefined>;
    const ops: Record<string, string> = {
      create: "CreateInferenceComponent",
      describe: "DescribeInferenceComponent",
      update: "UpdateInferenceComponentRuntimeConfig",
      described: "DescribeInferenceComponent",
      list: "ListInferenceComponents",
      endpoint: "DescribeEndpoint",
      config: "DescribeEndpointConfig",
    };
    for (const [file, op] of Object.entries(ops)) {
      expect(outputProblems("SageMaker", op, out[file]), file).toEqual([]);
    }
    expect(out["create"]?.["InferenceComponentArn"]).toMatch(/:inference-component\/cli-ic$/);
    expect(out["describe"]).toMatchObject({ RuntimeConfig: { DesiredCopyCount: 1, CurrentCopyCount: 1 } });
    expect(out["described"]).toMatchObject({ RuntimeConfig: { DesiredCopyCount: 3, CurrentCopyCount: 3 } });
    // aws CLI v1 prints timestamps as they came (epoch seconds).
    expect(out["described"]?.["CreationTime"]).toBeCloseTo(Date.now() / 1000, -2);
    expect(
      (out["list"]?.["InferenceComponents"] as unknown[] | undefined)?.length ?? 0,
    ).toBeGreaterThanOrEqual(3);
    expect(out["endpoint"]).toMatchObject({
      ProductionVariants: [{ ManagedInstanceScaling: { MinInstanceCount: 0, MaxInstanceCount: 4 } }],
    });
    expect(out["delete"]).toBeUndefined();
    const { sm } = clients(region);
    await expect(
      sm.send(new DescribeInferenceComponentCommand({ InferenceComponentName: "cli-ic" })),
    ).rejects.toMatchObject({
      name: "ValidationException",
    });
    rmSync(dir, { recursive: true, force: true });
    expect(proxy.emulationErrors()).toEqual([]);
  });

  it("checks registrations of inference components and provisioned concurrency; MinCapacity 0 is accepted", async () => {
    const { aas } = clients(region);
    const register = (ResourceId: string, dim: string, MinCapacity = 0) =>
      aas.send(
        new RegisterScalableTargetCommand({
          ServiceNamespace: "sagemaker",
          ResourceId,
          ScalableDimension: dim as typeof DIM_COPY_COUNT,
          MinCapacity,
          MaxCapacity: 4,
        }),
      );
    await expect(register(inferenceComponentResourceId("chat"), DIM_COPY_COUNT)).resolves.toBeTruthy();
    await expect(register(inferenceComponentResourceId("nope"), DIM_COPY_COUNT)).rejects.toMatchObject({
      name: "ValidationException",
      message: expect.stringContaining("nope"),
    });
    await expect(register(inferenceComponentResourceId("chat"), DIM_INSTANCES)).rejects.toMatchObject({
      name: "ValidationException",
    });
    await expect(register(variantResourceId(IC_EP, "AllTraffic"), DIM_COPY_COUNT)).rejects.toMatchObject({
      name: "ValidationException",
    });
    await expect(
      register(variantResourceId("sls-demand", "AllTraffic"), DIM_PROVISIONED_CONCURRENCY, 1),
    ).rejects.toMatchObject({
      name: "ValidationException",
      message: expect.stringContaining("without provisioned concurrency"),
    });
    await expect(
      register(variantResourceId("sls-pc", "AllTraffic"), DIM_PROVISIONED_CONCURRENCY, 0),
    ).resolves.toBeTruthy();
    await expect(register(variantResourceId("queue", "AllTraffic"), DIM_INSTANCES, 0)).resolves.toBeTruthy();
    await expect(register(variantResourceId("shadowed", "Shadow"), DIM_INSTANCES, 1)).resolves.toBeTruthy();
    await expect(register(variantResourceId("hetero", "AllTraffic"), DIM_INSTANCES, 1)).resolves.toBeTruthy();
    const state = await readState(proxy.url, region);
    expect(state.targets.map((t) => [t.ResourceId, t.ScalableDimension, t.MinCapacity])).toEqual([
      [variantResourceId("hetero", "AllTraffic"), DIM_INSTANCES, 1],
      [variantResourceId("queue", "AllTraffic"), DIM_INSTANCES, 0],
      [variantResourceId("shadowed", "Shadow"), DIM_INSTANCES, 1],
      [variantResourceId("sls-pc", "AllTraffic"), DIM_PROVISIONED_CONCURRENCY, 0],
      [inferenceComponentResourceId("chat"), DIM_COPY_COUNT, 0],
    ]);
    expect(proxy.emulationErrors()).toEqual([]);
  });

  it("DeleteInferenceComponent and DeleteEndpoint take the components' autoscaling with them; alarms of ours stay", async () => {
    const { aas, cw, sm } = clients(region);
    await s().seedEndpoint({
      name: "doomed",
      inferenceComponents: {
        managedScaling: { min: 0, max: 2 },
        components: [
          { name: "doomed-a", copies: 1 },
          { name: "doomed-b", copies: 1 },
        ],
      },
    });
    for (const ic of ["doomed-a", "doomed-b"]) {
      const rid = inferenceComponentResourceId(ic);
      await s().registerTarget({ resourceId: rid, dimension: DIM_COPY_COUNT, min: 0, max: 3 });
      await s().putPolicy("copies", rid, 4, {
        dimension: DIM_COPY_COUNT,
        metric: "SageMakerInferenceComponentInvocationsPerCopy",
      });
      await s().putScheduledAction({
        name: "nightly",
        resourceId: rid,
        dimension: DIM_COPY_COUNT,
        schedule: "cron(0 1 * * ? *)",
        min: 0,
      });
    }
    const ridA = inferenceComponentResourceId("doomed-a");
    const stepArn = await s().putStepPolicy(
      "from-zero",
      ridA,
      {
        AdjustmentType: "ChangeInCapacity",
        MetricAggregationType: "Maximum",
        Cooldown: 60,
        StepAdjustments: [{ MetricIntervalLowerBound: 0, ScalingAdjustment: 1 }],
      },
      { dimension: DIM_COPY_COUNT },
    );
    await s().putAlarm({
      AlarmName: "sm-autoscale-doomed-a-no-capacity",
      MetricName: "NoCapacityInvocationFailures",
      Namespace: "AWS/SageMaker",
      Dimensions: [{ Name: "InferenceComponentName", Value: "doomed-a" }],
      Statistic: "Sum",
      Period: 60,
      EvaluationPeriods: 1,
      DatapointsToAlarm: 1,
      Threshold: 1,
      ComparisonOperator: "GreaterThanThreshold",
      AlarmActions: [stepArn],
    });
    const ttAlarms = proxy
      .emulatedAlarms()
      .filter((p) => p.resourceId === ridA)
      .flatMap((p) => p.alarms.map((a) => a.AlarmName));
    expect(ttAlarms).toHaveLength(2);

    await sm.send(new DeleteInferenceComponentCommand({ InferenceComponentName: "doomed-a" }));
    const targets = await aas.send(
      new DescribeScalableTargetsCommand({ ServiceNamespace: "sagemaker", ResourceIds: [ridA] }),
    );
    expect(targets.ScalableTargets).toEqual([]);
    const policies = await aas.send(
      new DescribeScalingPoliciesCommand({ ServiceNamespace: "sagemaker", ResourceId: ridA }),
    );
    expect(policies.ScalingPolicies).toEqual([]);
    const actions = await aas.send(
      new DescribeScheduledActionsCommand({ ServiceNamespace: "sagemaker", ResourceId: ridA }),
    );
    expect(actions.ScheduledActions).toEqual([]);
    expect((await cw.send(new DescribeAlarmsCommand({ AlarmNames: ttAlarms }))).MetricAlarms).toEqual([]);
    // Deleting the step policy took its action off the alarm we created, which stays [BOTO DeleteScalingPolicy].
    const [ours] =
      (await cw.send(new DescribeAlarmsCommand({ AlarmNames: ["sm-autoscale-doomed-a-no-capacity"] })))
        .MetricAlarms ?? [];
    expect(ours?.AlarmActions).toEqual([]);
    expect(ours?.MetricName).toBe("NoCapacityInvocationFailures");

    // DeleteEndpoint: the remaining component goes, with its target.
    await sm.send(new DeleteEndpointCommand({ EndpointName: "doomed" }));
    await expect(
      sm.send(new DescribeInferenceComponentCommand({ InferenceComponentName: "doomed-b" })),
    ).rejects.toMatchObject({
      name: "ValidationException",
    });
    const left = await readState(proxy.url, region);
    expect(left.targets.filter((t) => t.ResourceId.startsWith("inference-component/doomed"))).toEqual([]);
    expect(left.policies.filter((p) => p.ResourceId.startsWith("inference-component/doomed"))).toEqual([]);
    expect(
      left.alarms?.find((a) => a.AlarmName === "sm-autoscale-doomed-a-no-capacity")?.AlarmActions,
    ).toEqual([]);
    expect(proxy.emulationErrors()).toEqual([]);
  });
});

describe("step policies and the alarms that drive them", () => {
  // The SDK side; the aws CLI replays the same in eu-west-1 (endpoint `zero-cli` there).
  const region = "us-west-1";
  const s = () => seeder(proxy.url, region);
  const EP = "zero";
  const rid = variantResourceId(EP, "AllTraffic");
  const stepConfig = {
    AdjustmentType: "ChangeInCapacity" as const,
    MetricAggregationType: "Average" as const,
    Cooldown: 300,
    StepAdjustments: [{ MetricIntervalLowerBound: 0, ScalingAdjustment: 1 }],
  };
  const alarmInput = (endpoint: string, arn: string): PutMetricAlarmCommandInput => ({
    AlarmName: `sm-autoscale-${endpoint}-backlog-without-capacity`,
    MetricName: "HasBacklogWithoutCapacity",
    Namespace: "AWS/SageMaker",
    Dimensions: [{ Name: "EndpointName", Value: endpoint }],
    Statistic: "Average",
    Period: 60,
    EvaluationPeriods: 2,
    DatapointsToAlarm: 2,
    Threshold: 1,
    ComparisonOperator: "GreaterThanOrEqualToThreshold",
    TreatMissingData: "missing",
    AlarmActions: [arn],
  });

  beforeAll(async () => {
    await s().seedEndpoint({
      name: EP,
      async: true,
      variants: [{ name: "AllTraffic", instanceType: "ml.g5.xlarge" }],
    });
  });

  it("keeps a policy's ARN across updates, lists a step policy's alarms, and unhooks them when it is deleted", async () => {
    const { aas, cw } = clients(region);
    await s().registerTarget({ resourceId: rid, min: 0, max: 3 });
    await s().putPolicy("backlog", rid, 5, {
      customMetric: {
        MetricName: "ApproximateBacklogSizePerInstance",
        Namespace: "AWS/SageMaker",
        Dimensions: [{ Name: "EndpointName", Value: EP }],
        Statistic: "Average",
      },
    });
    const arn = await s().putStepPolicy("from-zero", rid, stepConfig);
    expect(arn).toMatch(
      /^arn:aws:autoscaling:us-west-1:123456789012:scalingPolicy:[0-9a-f-]{36}:resource\/sagemaker\/endpoint\/zero\/variant\/AllTraffic:policyName\/from-zero$/,
    );
    await s().putAlarm(alarmInput(EP, arn));
    const name = `sm-autoscale-${EP}-backlog-without-capacity`;

    // A new alarm starts INSUFFICIENT_DATA [BOTO PutMetricAlarm]; found by name and by prefix.
    const byName = await cw.send(new DescribeAlarmsCommand({ AlarmNames: [name] }));
    expect(byName.MetricAlarms?.[0]).toMatchObject({ StateValue: "INSUFFICIENT_DATA", AlarmActions: [arn] });
    const byPrefix = await cw.send(new DescribeAlarmsCommand({ AlarmNamePrefix: "sm-autoscale-" }));
    expect(byPrefix.MetricAlarms?.map((a) => a.AlarmName)).toEqual([name]);

    // The step policy lists the alarm that points at it.
    const describe = () =>
      aas.send(
        new DescribeScalingPoliciesCommand({
          ServiceNamespace: "sagemaker",
          ResourceId: rid,
          PolicyNames: ["from-zero"],
        }),
      );
    const [before] = (await describe()).ScalingPolicies ?? [];
    expect(before?.Alarms).toEqual([
      { AlarmName: name, AlarmARN: `arn:aws:cloudwatch:${region}:123456789012:alarm:${name}` },
    ]);
    expect(before?.PolicyARN).toBe(arn);

    // Updating the policy keeps its ARN and creation time, so the alarm still drives it.
    const again = await s().putStepPolicy("from-zero", rid, { ...stepConfig, Cooldown: 120 });
    expect(again).toBe(arn);
    const [after] = (await describe()).ScalingPolicies ?? [];
    expect(after).toMatchObject({ PolicyARN: arn, StepScalingPolicyConfiguration: { Cooldown: 120 } });
    expect(after?.CreationTime).toEqual(before?.CreationTime);
    expect(after?.Alarms?.map((a) => a.AlarmName)).toEqual([name]);
    await wireOf(
      "ApplicationAutoScaling",
      "DescribeScalingPolicies",
      { ServiceNamespace: "sagemaker", ResourceId: rid },
      region,
    );

    // Updating the alarm leaves its state alone [BOTO PutMetricAlarm].
    await cw.send(new SetAlarmStateCommand({ AlarmName: name, StateValue: "ALARM", StateReason: "test" }));
    await s().putAlarm({ ...alarmInput(EP, arn), Threshold: 1 });
    expect(
      (await cw.send(new DescribeAlarmsCommand({ AlarmNames: [name] }))).MetricAlarms?.[0]?.StateValue,
    ).toBe("ALARM");

    // readState names the action by its policy, not by its ARN.
    const state = await readState(proxy.url, region);
    expect(state.alarms).toEqual([
      {
        AlarmName: name,
        MetricName: "HasBacklogWithoutCapacity",
        Namespace: "AWS/SageMaker",
        Dimensions: [{ Name: "EndpointName", Value: EP }],
        Statistic: "Average",
        Period: 60,
        EvaluationPeriods: 2,
        DatapointsToAlarm: 2,
        Threshold: 1,
        ComparisonOperator: "GreaterThanOrEqualToThreshold",
        TreatMissingData: "missing",
        AlarmActions: [`the policy from-zero of ${rid}`],
      },
    ]);
    expect((await readState(proxy.url, region, { alarms: false })).alarms).toBeUndefined();
    expect(state.policies.find((p) => p.PolicyName === "from-zero")?.StepScalingPolicyConfiguration).toEqual({
      AdjustmentType: "ChangeInCapacity",
      Cooldown: 120,
      MetricAggregationType: "Average",
      StepAdjustments: [{ MetricIntervalLowerBound: 0, ScalingAdjustment: 1 }],
    });

    // Deleting the step policy keeps the alarm but takes the action off it; the alarm keeps its state.
    await aas.send(
      new DeleteScalingPolicyCommand({
        ServiceNamespace: "sagemaker",
        ResourceId: rid,
        ScalableDimension: DIM_INSTANCES,
        PolicyName: "from-zero",
      }),
    );
    const [orphan] = (await cw.send(new DescribeAlarmsCommand({ AlarmNames: [name] }))).MetricAlarms ?? [];
    expect(orphan).toMatchObject({
      AlarmActions: [],
      StateValue: "ALARM",
      MetricName: "HasBacklogWithoutCapacity",
    });
    // A recreated policy is a new policy with a new ARN; an alarm still naming the old ARN reads as stale.
    const recreated = await s().putStepPolicy("from-zero", rid, stepConfig);
    expect(recreated).not.toBe(arn);
    await s().putAlarm(alarmInput(EP, arn));
    expect((await readState(proxy.url, region)).alarms?.[0]?.AlarmActions).toEqual([
      `a deleted policy from-zero of ${rid}`,
    ]);
    await s().putAlarm(alarmInput(EP, recreated));
    expect((await readState(proxy.url, region)).alarms?.[0]?.AlarmActions).toEqual([
      `the policy from-zero of ${rid}`,
    ]);

    // DeleteAlarms removes it.
    await cw.send(new DeleteAlarmsCommand({ AlarmNames: [name] }));
    expect((await readState(proxy.url, region)).alarms).toBeUndefined();
    expect(proxy.emulationErrors()).toEqual([]);
  });

  it("the aws CLI replays the same (the policy ARN captured for the alarm) and reads back the same state", async () => {
    const cliRegion = "eu-west-1";
    const ep = "zero-cli";
    await s().seedEndpoint({
      name: ep,
      async: true,
      variants: [{ name: "AllTraffic", instanceType: "ml.g5.xlarge" }],
    });
    await seeder(proxy.url, cliRegion).seedEndpoint({
      name: ep,
      async: true,
      variants: [{ name: "AllTraffic", instanceType: "ml.g5.xlarge" }],
    });
    const cliRid = variantResourceId(ep, "AllTraffic");
    // The SDK path.
    await s().registerTarget({ resourceId: cliRid, min: 0, max: 2 });
    const arn = await s().putStepPolicy("from-zero", cliRid, stepConfig);
    await s().putAlarm(alarmInput(ep, arn));
    // The aws CLI path.
    const script = `
aws application-autoscaling register-scalable-target --service-namespace sagemaker --resource-id ${cliRid} \\
  --scalable-dimension ${DIM_INSTANCES} --min-capacity 0 --max-capacity 2 > /dev/null
arn=$(aws application-autoscaling put-scaling-policy --service-namespace sagemaker --resource-id ${cliRid} \\
  --scalable-dimension ${DIM_INSTANCES} --policy-name from-zero --policy-type StepScaling \\
  --step-scaling-policy-configuration '${JSON.stringify(stepConfig)}' --query PolicyARN --output text)
aws cloudwatch put-metric-alarm --alarm-name sm-autoscale-${ep}-backlog-without-capacity \\
  --metric-name HasBacklogWithoutCapacity --namespace AWS/SageMaker --dimensions Name=EndpointName,Value=${ep} \\
  --statistic Average --period 60 --evaluation-periods 2 --datapoints-to-alarm 2 --threshold 1 \\
  --comparison-operator GreaterThanOrEqualToThreshold --treat-missing-data missing --alarm-actions "$arn"
aws application-autoscaling describe-scaling-policies --service-namespace sagemaker --resource-id ${cliRid} > policies.json
aws cloudwatch describe-alarms --alarm-name-prefix sm-autoscale-${ep} > alarms.json
echo "$arn"; cat policies.json
`;
    const dir = mkdtempSync(join(tmpdir(), "sm-step-cli-"));
    const run = await runAwsCli(`cd ${dir}\n${script}`, emulatorEnv(proxy.url, cliRegion));
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const [cliArn, ...rest] = run.stdout.split("\n");
    const policies = JSON.parse(rest.join("\n")) as Record<string, unknown>;
    expect(outputProblems("ApplicationAutoScaling", "DescribeScalingPolicies", policies)).toEqual([]);
    expect(policies["ScalingPolicies"]).toMatchObject([
      { PolicyARN: cliArn, Alarms: [{ AlarmName: `sm-autoscale-${ep}-backlog-without-capacity` }] },
    ]);
    rmSync(dir, { recursive: true, force: true });
    const only = (st: AutoscalingState) => ({
      targets: st.targets.filter((t) => t.ResourceId === cliRid),
      policies: st.policies.filter((p) => p.ResourceId === cliRid),
      alarms: (st.alarms ?? []).filter((a) => a.AlarmName.startsWith(`sm-autoscale-${ep}-`)),
    });
    const viaSdk = only(await readState(proxy.url, region));
    expect(viaSdk.alarms[0]?.AlarmActions).toEqual([`the policy from-zero of ${cliRid}`]);
    expect(only(await readState(proxy.url, cliRegion))).toEqual(viaSdk);
    expect(proxy.emulationErrors()).toEqual([]);
  });

  it("answers GetMetricData for the async backlog metric from seeded history, with or without the metric window", async () => {
    const { cw } = clients(region);
    const end = new Date(Math.floor(Date.now() / 60_000) * 60_000);
    const values = Array.from({ length: 120 }, (_, i) => (i % 30) / 2);
    const put = await s().putBacklogHistory(EP, values, new Date(end.getTime() - 60_000), {
      instanceCount: 2,
    });
    expect(put).toEqual({ datums: 240, calls: 2 });
    const query = (metric: string) =>
      new GetMetricDataCommand({
        StartTime: new Date(end.getTime() - 14 * 86_400_000),
        EndTime: end,
        MetricDataQueries: [
          {
            Id: "backlog",
            MetricStat: {
              Metric: {
                Namespace: "AWS/SageMaker",
                MetricName: metric,
                Dimensions: [{ Name: "EndpointName", Value: EP }],
              },
              Period: 60,
              Stat: "Average",
            },
          },
        ],
        ScanBy: "TimestampAscending",
      });
    const viaProxy = await cw.send(query("ApproximateBacklogSizePerInstance"));
    const direct = await new CloudWatchClient(emulatorClientConfig(motoUrl, region)).send(
      query("ApproximateBacklogSizePerInstance"),
    );
    const series = (r: typeof direct) =>
      r.MetricDataResults?.map((m) => ({ t: m.Timestamps?.map((d) => d.getTime()), v: m.Values }));
    expect(series(viaProxy)).toEqual(series(direct));
    expect(viaProxy.MetricDataResults?.[0]?.Values).toEqual(values);
    const total = await cw.send(query("ApproximateBacklogSize"));
    expect(total.MetricDataResults?.[0]?.Values).toEqual(values.map((v) => v * 2));
  });
});

describe("pty", () => {
  it("gives the child a TTY on stdin and stdout with the requested width, and relays keys and exit code", async () => {
    const script = [
      "const o = { in: !!process.stdin.isTTY, out: !!process.stdout.isTTY, cols: process.stdout.columns };",
      "console.log('TTY ' + JSON.stringify(o));",
      "process.stdin.setRawMode(true);",
      "console.log('READY');",
      "let seen = '';",
      "process.stdin.on('data', (d) => { seen += d; if (seen.includes('\\r')) { console.log('KEYS ' + JSON.stringify(seen)); process.exit(7); } });",
    ].join("\n");
    const p = spawnPty(process.execPath, ["-e", script], {
      cols: 100,
      env: { PATH: process.env["PATH"] ?? "" },
    });
    const first = await p.waitFor(/TTY \{.*\}/);
    expect(JSON.parse(first.slice(first.indexOf("{")))).toEqual({ in: true, out: true, cols: 100 });
    // Type only once the program is reading in raw mode, as a person would wait for the prompt.
    await p.waitFor("READY");
    p.write(`a${KEY.down}${KEY.enter}`);
    await p.waitFor("KEYS");
    expect(await p.exit).toBe(7);
    expect(p.output()).toContain('KEYS "a\\u001b[B\\r"');
  });
});

describe("cli runner", () => {
  const built = existsSync(join(REPO_ROOT, "dist", "cli.cjs"));

  it("resolves the CLI from the repository root", () => {
    expect(CLI_BIN).toBe(join(REPO_ROOT, "bin", "sm-autoscale.js"));
    expect(existsSync(CLI_BIN)).toBe(true);
  });

  it.skipIf(!built)("runs the built CLI with a non-TTY stdin", async () => {
    const res = await runCli(["--help"], { endpoint: proxy.url });
    expect(res.code).toBe(0);
    expect(res.stdout).toContain("sm-autoscale");
  });
});

describe("metric window", () => {
  const region = "ap-south-2";

  it("answers a 14-day GetMetricData exactly as moto does, from the data it has seen", async () => {
    const s = seeder(proxy.url, region);
    const end = new Date(Math.floor(Date.now() / 60_000) * 60_000);
    const values = Array.from({ length: 90 }, (_, i) => (i * 7) % 50);
    await s.putInvocationsHistory("win", "AllTraffic", values, new Date(end.getTime() - 60_000));
    const query = new GetMetricDataCommand({
      StartTime: new Date(end.getTime() - 14 * 86_400_000),
      EndTime: end,
      MetricDataQueries: [
        {
          Id: "ipi",
          MetricStat: {
            Metric: {
              Namespace: "AWS/SageMaker",
              MetricName: "InvocationsPerInstance",
              Dimensions: [
                { Name: "EndpointName", Value: "win" },
                { Name: "VariantName", Value: "AllTraffic" },
              ],
            },
            Period: 60,
            Stat: "Sum",
          },
        },
      ],
    });
    const viaProxy = await new CloudWatchClient(emulatorClientConfig(proxy.url, region)).send(query);
    const direct = await new CloudWatchClient(emulatorClientConfig(motoUrl, region)).send(query);
    const series = (r: typeof direct) =>
      r.MetricDataResults?.map((m) => ({ t: m.Timestamps?.map((d) => d.getTime()), v: m.Values }));
    expect(series(viaProxy)).toEqual(series(direct));
    expect(viaProxy.MetricDataResults?.[0]?.Values?.filter((v) => v > 0)).toHaveLength(
      values.filter((v) => v > 0).length,
    );
  });
});
