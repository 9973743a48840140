// Tests of the test infrastructure itself: moto + proxy (accounting, faults, emulation), seed helpers, the aws CLI
// runner and the pty driver. Each describe block uses its own region of the shared moto.

import { existsSync } from "node:fs";
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
import { CloudWatchClient, DescribeAlarmsCommand, GetMetricDataCommand } from "@aws-sdk/client-cloudwatch";
import { IAMClient, ListRolesCommand } from "@aws-sdk/client-iam";
import {
  DescribeEndpointCommand,
  DescribeInferenceComponentCommand,
  ListEndpointsCommand,
  ListInferenceComponentsCommand,
  SageMakerClient,
} from "@aws-sdk/client-sagemaker";
import {
  GetServiceQuotaCommand,
  ListServiceQuotasCommand,
  ServiceQuotasClient,
} from "@aws-sdk/client-service-quotas";
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { CLI_BIN, REPO_ROOT, runAwsCli, runCli } from "../support/cli.js";
import { emulatorEnv } from "../support/env.js";
import { connectProxy, type EmulatorProxy, startProxy } from "../support/proxy.js";
import { KEY, spawnPty } from "../support/pty.js";
import { emulatorClientConfig } from "../support/sdk.js";
import { DIM_INSTANCES, readState, seeder, variantResourceId } from "../support/seed.js";

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
