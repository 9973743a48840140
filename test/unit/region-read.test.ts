import {
  ApplicationAutoScalingClient,
  DescribeScalableTargetsCommand,
  type DescribeScalableTargetsCommandInput,
  DescribeScalingActivitiesCommand,
  type DescribeScalingActivitiesCommandInput,
  DescribeScalingPoliciesCommand,
  type DescribeScalingPoliciesCommandInput,
  DescribeScheduledActionsCommand,
  type ScalableTarget,
  type ScalingActivity,
  type ScalingPolicy,
} from "@aws-sdk/client-application-auto-scaling";
import {
  CloudWatchClient,
  DescribeAlarmsCommand,
  type DescribeAlarmsCommandInput,
} from "@aws-sdk/client-cloudwatch";
import {
  DescribeEndpointCommand,
  type DescribeEndpointCommandInput,
  DescribeEndpointConfigCommand,
  DescribeInferenceComponentCommand,
  type DescribeInferenceComponentCommandInput,
  ListEndpointsCommand,
  type ListEndpointsCommandInput,
  ListInferenceComponentsCommand,
  type ListInferenceComponentsCommandInput,
  SageMakerClient,
} from "@aws-sdk/client-sagemaker";
import { mockClient } from "aws-sdk-client-mock";
import { beforeEach, describe, expect, it } from "vitest";
import {
  ACTIVITIES_PER_TARGET,
  MAX_IN_FLIGHT,
  readRegion,
  TARGETS_PER_ACTIVITY_PAGE,
} from "../../src/aws/region-read.js";
import { describeTargetsOf } from "../../src/aws/scaling-read.js";
import { awsError, sdkClients } from "./mock-clients.js";

const sm = mockClient(SageMakerClient);
const aas = mockClient(ApplicationAutoScalingClient);
const cw = mockClient(CloudWatchClient);

const DIM = "sagemaker:variant:DesiredInstanceCount" as const;
const rid = (endpoint: string, variant = "AllTraffic") => `endpoint/${endpoint}/variant/${variant}`;
const name = (i: number) => `ep-${String(i).padStart(3, "0")}`;

/** Counts every mocked AWS call in flight, across the three clients. */
let inFlight = 0;
let peak = 0;
function tracked<I, O>(fn: (input: I) => O | Promise<O>): (input: I) => Promise<O> {
  return async (input: I) => {
    inFlight++;
    peak = Math.max(peak, inFlight);
    try {
      await new Promise((resolve) => setTimeout(resolve, 1));
      return await fn(input);
    } finally {
      inFlight--;
    }
  };
}

/** Answers a paginated call from `items`, MaxResults at a time, with a numeric NextToken. */
function page<T>(items: T[], size: number, token: string | undefined) {
  const start = Number(token ?? 0);
  const next = start + size;
  return { items: items.slice(start, next), next: next < items.length ? String(next) : undefined };
}

interface Region {
  endpoints: string[];
  targets: ScalableTarget[];
  policies: ScalingPolicy[];
  /** Newest first, as AWS lists them. */
  activities?: ScalingActivity[];
}

/** `count` activities of the target of `endpoint`, one a minute, the newest `minutesAgo` minutes ago. */
function activitiesOf(endpoint: string, count: number, minutesAgo = 0): ScalingActivity[] {
  return Array.from({ length: count }, (_, i) => ({
    ActivityId: `${endpoint}-${i}`,
    ServiceNamespace: "sagemaker",
    ResourceId: rid(endpoint),
    ScalableDimension: DIM,
    Description: `activity ${i} of ${endpoint}`,
    Cause: "test",
    StartTime: new Date(Date.UTC(2025, 5, 1) - (minutesAgo + i) * 60_000),
    StatusCode: "Successful",
  }));
}

const newestFirst = (a: ScalingActivity, b: ScalingActivity) =>
  b.StartTime!.getTime() - a.StartTime!.getTime();

/** `scaled` autoscaled endpoints (one variant, one policy with two alarms each) among `total`. */
function region(total: number, scaled: number): Region {
  const endpoints = Array.from({ length: total }, (_, i) => name(i));
  const targets = endpoints.slice(0, scaled).map(
    (e): ScalableTarget => ({
      ServiceNamespace: "sagemaker",
      ResourceId: rid(e),
      ScalableDimension: DIM,
      MinCapacity: 1,
      MaxCapacity: 4,
      RoleARN: "arn:role",
      CreationTime: new Date(0),
    }),
  );
  const policies = targets.map(
    (t): ScalingPolicy => ({
      PolicyARN: `arn:${t.ResourceId}`,
      PolicyName: "SageMakerEndpointInvocationScalingPolicy",
      ServiceNamespace: "sagemaker",
      ResourceId: t.ResourceId,
      ScalableDimension: DIM,
      PolicyType: "TargetTrackingScaling",
      CreationTime: new Date(0),
      Alarms: [
        { AlarmName: `TargetTracking-${t.ResourceId}-AlarmHigh-1`, AlarmARN: "a" },
        { AlarmName: `TargetTracking-${t.ResourceId}-AlarmLow-2`, AlarmARN: "b" },
      ],
    }),
  );
  return { endpoints, targets, policies };
}

function serve(r: Region, options: { configOf?: (endpoint: string) => string } = {}) {
  const listed = new Set(r.endpoints);
  aas.on(DescribeScalableTargetsCommand).callsFake(
    tracked((input: DescribeScalableTargetsCommandInput) => {
      const size = input.MaxResults ?? 50;
      expect(size).toBeLessThanOrEqual(50);
      const ids = input.ResourceIds;
      if (ids) expect(ids.length).toBeLessThanOrEqual(50);
      const matching = ids ? r.targets.filter((t) => ids.includes(t.ResourceId!)) : r.targets;
      const { items, next } = page(matching, size, input.NextToken);
      return { ScalableTargets: items, NextToken: next };
    }),
  );
  aas.on(DescribeScalingPoliciesCommand).callsFake(
    tracked((input: DescribeScalingPoliciesCommandInput) => {
      // AWS's maximum, and it must be passed explicitly.
      expect(input.MaxResults).toBe(10);
      // Like moto: ResourceId matches by substring.
      const matching = input.ResourceId
        ? r.policies.filter((p) => p.ResourceId!.includes(input.ResourceId!))
        : r.policies;
      const { items, next } = page(matching, 10, input.NextToken);
      return { ScalingPolicies: items, NextToken: next };
    }),
  );
  aas.on(DescribeScheduledActionsCommand).callsFake(tracked(() => ({ ScheduledActions: [] })));
  aas.on(DescribeScalingActivitiesCommand).callsFake(
    tracked((input: DescribeScalingActivitiesCommandInput) => {
      const size = input.MaxResults ?? 50;
      expect(size).toBeLessThanOrEqual(50);
      const all = r.activities ?? [];
      const matching = input.ResourceId
        ? all.filter(
            (a) => a.ResourceId === input.ResourceId && a.ScalableDimension === input.ScalableDimension,
          )
        : all;
      const { items, next } = page(matching, size, input.NextToken);
      return { ScalingActivities: items, NextToken: next };
    }),
  );
  sm.on(ListEndpointsCommand).callsFake(
    tracked((input: ListEndpointsCommandInput) => {
      expect(input.MaxResults).toBe(100);
      const { items, next } = page(r.endpoints, 100, input.NextToken);
      return {
        Endpoints: items.map((e) => ({
          EndpointName: e,
          EndpointArn: `arn:${e}`,
          EndpointStatus: "InService" as const,
          CreationTime: new Date(0),
          LastModifiedTime: new Date(0),
        })),
        NextToken: next,
      };
    }),
  );
  sm.on(DescribeEndpointCommand).callsFake(
    tracked((input: DescribeEndpointCommandInput) => {
      const e = input.EndpointName!;
      if (!listed.has(e)) throw awsError("ValidationException", `Could not find endpoint "${e}".`);
      return {
        EndpointName: e,
        EndpointConfigName: options.configOf?.(e) ?? `${e}-config`,
        EndpointStatus: "InService",
        ProductionVariants: [{ VariantName: "AllTraffic", CurrentInstanceCount: 2, DesiredInstanceCount: 2 }],
      };
    }),
  );
  sm.on(DescribeEndpointConfigCommand).callsFake(
    tracked(() => ({
      ProductionVariants: [
        { VariantName: "AllTraffic", ModelName: "m", InstanceType: "ml.m5.large", InitialInstanceCount: 1 },
      ],
    })),
  );
  cw.on(DescribeAlarmsCommand).callsFake(
    tracked((input: DescribeAlarmsCommandInput) => {
      expect(input.AlarmNames!.length).toBeLessThanOrEqual(100);
      return { MetricAlarms: input.AlarmNames!.map((n) => ({ AlarmName: n, StateValue: "OK" as const })) };
    }),
  );
}

const calls = {
  targets: () => aas.commandCalls(DescribeScalableTargetsCommand).length,
  policies: () => aas.commandCalls(DescribeScalingPoliciesCommand).length,
  actions: () => aas.commandCalls(DescribeScheduledActionsCommand).length,
  activities: () => aas.commandCalls(DescribeScalingActivitiesCommand).length,
  list: () => sm.commandCalls(ListEndpointsCommand).length,
  endpoint: () => sm.commandCalls(DescribeEndpointCommand).length,
  config: () => sm.commandCalls(DescribeEndpointConfigCommand).length,
  alarms: () => cw.commandCalls(DescribeAlarmsCommand).length,
};

beforeEach(() => {
  sm.reset();
  aas.reset();
  cw.reset();
  inFlight = 0;
  peak = 0;
});

describe("readRegion: the whole region", () => {
  it("pages and batches as the APIs allow, and never has more than 8 calls in flight", async () => {
    const r = region(150, 120);
    serve(r);
    const read = await readRegion(sdkClients(), "eu-west-3");

    expect(read.targets).toHaveLength(120);
    expect(read.policies).toHaveLength(120);
    expect(read.endpoints).toHaveLength(150);
    expect(read.details).toHaveLength(120);
    expect(read.alarms).toHaveLength(240);
    expect(read.alarms!.every((a) => a.state === "OK")).toBe(true);

    expect(calls.targets()).toBe(3); // 120 targets, 50 a page
    expect(calls.policies()).toBe(12); // 120 policies, 10 a page
    expect(calls.actions()).toBe(1);
    expect(calls.list()).toBe(2); // 150 endpoints, 100 a page
    expect(calls.endpoint()).toBe(120); // only the autoscaled ones
    expect(calls.config()).toBe(120);
    expect(calls.alarms()).toBe(3); // 240 alarm names, 100 a call
    expect(calls.activities()).toBe(1); // the namespace's activities: none in six weeks
    expect(peak).toBeLessThanOrEqual(MAX_IN_FLIGHT);
    expect(peak).toBeGreaterThan(1);

    expect(aas.commandCalls(DescribeScalingActivitiesCommand)[0]?.args[0].input).toEqual({
      ServiceNamespace: "sagemaker",
      MaxResults: 50,
    });
    // Namespace-wide reads: no per-target filter.
    expect(aas.commandCalls(DescribeScalingPoliciesCommand)[0]?.args[0].input.ResourceId).toBeUndefined();
  });

  it("reads a config shared by several endpoints once", async () => {
    serve(region(10, 10), { configOf: () => "shared-config" });
    await readRegion(sdkClients(), "eu-west-3");
    expect(calls.endpoint()).toBe(10);
    expect(calls.config()).toBe(1);
  });

  it("does not describe an endpoint that is not listed; one that vanished after the listing is no error", async () => {
    const r = region(5, 5);
    r.targets.push({ ...r.targets[0]!, ResourceId: rid("deleted-long-ago") });
    serve(r);
    // ep-004 is listed, then deleted before DescribeEndpoint.
    sm.on(DescribeEndpointCommand, { EndpointName: name(4) }).rejects(
      awsError("ValidationException", `Could not find endpoint "${name(4)}".`),
    );
    const read = await readRegion(sdkClients(), "eu-west-3");
    expect(read.details.map((d) => d.name)).toEqual([name(0), name(1), name(2), name(3)]);
    expect(sm.commandCalls(DescribeEndpointCommand).map((c) => c.args[0].input.EndpointName)).not.toContain(
      "deleted-long-ago",
    );
  });

  it("falls back to the endpoint's own variants when its config was deleted", async () => {
    serve(region(1, 1));
    sm.on(DescribeEndpointConfigCommand).rejects(
      awsError("ValidationException", 'Could not find endpoint configuration "ep-000-config".'),
    );
    const read = await readRegion(sdkClients(), "eu-west-3");
    expect(read.details[0]?.variants).toEqual([
      {
        endpointName: "ep-000",
        variantName: "AllTraffic",
        kind: "real-time",
        currentInstanceCount: 2,
        desiredInstanceCount: 2,
      },
    ]);
  });

  it("an AWS error mid-read propagates, and the calls still queued are not sent", async () => {
    serve(region(150, 150));
    sm.on(DescribeEndpointCommand, { EndpointName: name(5) }).rejects(
      awsError("AccessDeniedException", "User is not authorized to perform: sagemaker:DescribeEndpoint"),
    );
    await expect(readRegion(sdkClients(), "eu-west-3")).rejects.toMatchObject({
      name: "AccessDeniedException",
    });
    // Let anything still in flight settle, then check nothing more went out.
    await new Promise((resolve) => setTimeout(resolve, 20));
    const sent = calls.endpoint() + calls.config();
    // At most the 8 in flight when the 6th DescribeEndpoint failed went on; the other ~140 were never sent.
    expect(calls.endpoint()).toBeLessThan(6 + 2 * MAX_IN_FLIGHT);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(calls.endpoint() + calls.config()).toBe(sent);
  });
});

describe("readRegion: scaling activities", () => {
  it("a quiet region: one namespace-wide call gives every target its last 5, newest first", async () => {
    const r = region(40, 30);
    r.activities = [...activitiesOf(name(0), 7), ...activitiesOf(name(1), 2, 3)].sort(newestFirst);
    // An activity of a target that is gone is not shown.
    r.activities.push(...activitiesOf("deregistered", 1, 600));
    serve(r);
    const read = await readRegion(sdkClients(), "eu-west-3");
    expect(calls.activities()).toBe(1);
    const ofTarget = (e: string) => read.activities!.filter((a) => a.ResourceId === rid(e));
    expect(ofTarget(name(0)).map((a) => a.ActivityId)).toEqual([0, 1, 2, 3, 4].map((i) => `${name(0)}-${i}`));
    expect(ofTarget(name(1))).toHaveLength(2);
    expect(read.activities).toHaveLength(ACTIVITIES_PER_TARGET + 2);
  });

  it("a busy region: a few pages, then only the targets with fewer than 5 in them, one call each", async () => {
    const r = region(120, 100);
    // The first 20 targets scaled a lot recently (10 each: 200 activities, 4 pages); the next 10 once, long ago.
    r.activities = [
      ...Array.from({ length: 20 }, (_, i) => activitiesOf(name(i), 10, i)).flat(),
      ...Array.from({ length: 10 }, (_, i) => activitiesOf(name(20 + i), 1, 10_000 + i)).flat(),
    ].sort(newestFirst);
    serve(r);
    const read = await readRegion(sdkClients(), "eu-west-3");

    const pages = Math.ceil(100 / TARGETS_PER_ACTIVITY_PAGE);
    const scans = aas
      .commandCalls(DescribeScalingActivitiesCommand)
      .filter((c) => !c.args[0].input.ResourceId);
    expect(scans).toHaveLength(pages); // 4 pages of 50: the busy targets' 200, not the quiet ones'
    const perTarget = aas
      .commandCalls(DescribeScalingActivitiesCommand)
      .filter((c) => c.args[0].input.ResourceId);
    // Every target but the 20 busy ones; each asks for its last 5.
    expect(perTarget).toHaveLength(80);
    for (const call of perTarget) {
      expect(call.args[0].input).toMatchObject({ MaxResults: ACTIVITIES_PER_TARGET, ScalableDimension: DIM });
    }
    const ofTarget = (e: string) =>
      read.activities!.filter((a) => a.ResourceId === rid(e)).map((a) => a.ActivityId);
    expect(ofTarget(name(3))).toEqual([0, 1, 2, 3, 4].map((i) => `${name(3)}-${i}`));
    expect(ofTarget(name(25))).toEqual([`${name(25)}-0`]);
    expect(ofTarget(name(50))).toEqual([]);
    expect(peak).toBeLessThanOrEqual(MAX_IN_FLIGHT);
  });

  it("--endpoint reads its targets' activities target by target", async () => {
    const r = region(3, 3);
    r.activities = activitiesOf(name(1), 8);
    serve(r);
    const read = await readRegion(sdkClients(), "eu-west-3", { endpointName: name(1) });
    expect(aas.commandCalls(DescribeScalingActivitiesCommand).map((c) => c.args[0].input)).toEqual([
      { ServiceNamespace: "sagemaker", ResourceId: rid(name(1)), ScalableDimension: DIM, MaxResults: 5 },
    ]);
    expect(read.activities).toHaveLength(5);
  });
});

describe("readRegion --endpoint", () => {
  it("reads only that endpoint: its variants' targets by id, their policies and actions per target", async () => {
    const r = region(3, 3);
    serve(r);
    const read = await readRegion(sdkClients(), "eu-west-3", { endpointName: name(1) });
    expect(read.targets.map((t) => t.ResourceId)).toEqual([rid(name(1))]);
    expect(read.policies.map((p) => p.ResourceId)).toEqual([rid(name(1))]);
    expect(read.endpoints).toEqual([{ name: name(1), status: "InService" }]);
    expect(calls.list()).toBe(0);
    expect(calls.endpoint()).toBe(1);
    expect(aas.commandCalls(DescribeScalableTargetsCommand)[0]?.args[0].input).toMatchObject({
      ResourceIds: [rid(name(1))],
    });
    expect(aas.commandCalls(DescribeScalingPoliciesCommand)[0]?.args[0].input).toMatchObject({
      ResourceId: rid(name(1)),
      ScalableDimension: DIM,
    });
    expect(aas.commandCalls(DescribeScheduledActionsCommand)[0]?.args[0].input).toMatchObject({
      ResourceId: rid(name(1)),
    });
  });

  it("keeps only exact matches where the service matches by substring", async () => {
    const r = region(12, 12);
    r.policies.push({ ...r.policies[1]!, ResourceId: `${rid(name(1))}x`, PolicyName: "other" });
    serve(r);
    const read = await readRegion(sdkClients(), "eu-west-3", { endpointName: name(1) });
    expect(read.policies.map((p) => p.PolicyName)).toEqual(["SageMakerEndpointInvocationScalingPolicy"]);
  });

  it("finds the targets of a deleted endpoint by scanning the namespace", async () => {
    const r = region(3, 3);
    r.targets.push(
      { ...r.targets[0]!, ResourceId: rid("gone", "A") },
      { ...r.targets[0]!, ResourceId: rid("gone-too") },
    );
    serve(r);
    const read = await readRegion(sdkClients(), "eu-west-3", { endpointName: "gone" });
    expect(read.details).toEqual([]);
    expect(read.endpoints).toEqual([]);
    expect(read.targets.map((t) => t.ResourceId)).toEqual([rid("gone", "A")]);
  });
});

describe("readRegion: inference components", () => {
  const COPIES = "sagemaker:inference-component:DesiredCopyCount" as const;
  const ic = (name: string) => `inference-component/${name}`;
  const icTarget = (name: string): ScalableTarget => ({
    ServiceNamespace: "sagemaker",
    ResourceId: ic(name),
    ScalableDimension: COPIES,
    MinCapacity: 0,
    MaxCapacity: 4,
    RoleARN: "arn:role",
    CreationTime: new Date(0),
  });
  const STEP_ARN =
    "arn:aws:autoscaling:eu-west-3:1:scalingPolicy:u:resource/sagemaker/inference-component/chat:policyName/sm-autoscale-ic-scale-out-from-zero";
  const WAKE = "sm-autoscale-chat-no-capacity-invocation-failures";

  /** ep-000..ep-002 real-time (ep-000 autoscaled); llm hosts chat and summ (both autoscaled) and idle-ic. */
  function withComponents(extraTargets: ScalableTarget[] = []): Region {
    const r = region(3, 1);
    r.endpoints.push("llm");
    r.targets.push(icTarget("chat"), icTarget("summ"), ...extraTargets);
    r.policies.push({
      PolicyARN: STEP_ARN,
      PolicyName: "sm-autoscale-ic-scale-out-from-zero",
      ServiceNamespace: "sagemaker",
      ResourceId: ic("chat"),
      ScalableDimension: COPIES,
      PolicyType: "StepScaling",
      StepScalingPolicyConfiguration: { AdjustmentType: "ChangeInCapacity" },
      // AAS lists no alarm: ours must still be read by its name.
      Alarms: [],
      CreationTime: new Date(0),
    });
    serve(r);
    sm.on(DescribeEndpointCommand, { EndpointName: "llm" }).resolves({
      EndpointName: "llm",
      EndpointConfigName: "llm-config",
      EndpointStatus: "InService",
      ProductionVariants: [
        {
          VariantName: "AllTraffic",
          CurrentInstanceCount: 1,
          DesiredInstanceCount: 1,
          ManagedInstanceScaling: { Status: "ENABLED", MinInstanceCount: 0, MaxInstanceCount: 2 },
        },
      ],
    });
    sm.on(DescribeEndpointConfigCommand, { EndpointConfigName: "llm-config" }).resolves({
      EndpointConfigName: "llm-config",
      ExecutionRoleArn: "arn:aws:iam::1:role/r",
      ProductionVariants: [
        { VariantName: "AllTraffic", InstanceType: "ml.g5.2xlarge", InitialInstanceCount: 1 },
      ],
    });
    sm.on(DescribeInferenceComponentCommand).callsFake(
      tracked((input: DescribeInferenceComponentCommandInput) => {
        const name = input.InferenceComponentName!;
        if (!["chat", "summ", "idle-ic"].includes(name)) {
          throw awsError("ValidationException", `Could not find inference component "${name}".`);
        }
        return {
          InferenceComponentName: name,
          EndpointName: "llm",
          VariantName: "AllTraffic",
          InferenceComponentStatus: "InService",
          RuntimeConfig: { DesiredCopyCount: 2, CurrentCopyCount: 1 },
        };
      }),
    );
    // Two pages of one, as a listing of 100 at a time would split 101.
    sm.on(ListInferenceComponentsCommand).callsFake(
      tracked((input: ListInferenceComponentsCommandInput) => {
        expect(input.MaxResults).toBe(100);
        const all = ["chat", "idle-ic", "summ"].map((n) => ({
          InferenceComponentName: n,
          EndpointName: "llm",
          VariantName: "AllTraffic",
        }));
        const { items, next } = page(all, 2, input.NextToken);
        return { InferenceComponents: items, NextToken: next };
      }),
    );
    return r;
  }
  const componentCalls = () =>
    sm.commandCalls(DescribeInferenceComponentCommand).map((c) => c.args[0].input.InferenceComponentName);

  it("the whole region: one DescribeInferenceComponent per component target, then its endpoint; no listing", async () => {
    withComponents([icTarget("gone"), icTarget("not_a_name")]);
    const read = await readRegion(sdkClients(), "eu-west-3");
    expect(componentCalls().sort()).toEqual(["chat", "gone", "summ"]);
    expect(sm.commandCalls(ListInferenceComponentsCommand)).toHaveLength(0);
    expect(read.inferenceComponents?.map((c) => [c.name, c.endpointName, c.currentCopyCount])).toEqual([
      ["chat", "llm", 1],
      ["summ", "llm", 1],
    ]);
    // llm is described once for both of its components, beside the variant target's endpoint.
    expect(
      sm
        .commandCalls(DescribeEndpointCommand)
        .map((c) => c.args[0].input.EndpointName)
        .sort(),
    ).toEqual(["ep-000", "llm"]);
    expect(read.details.find((d) => d.name === "llm")?.variants[0]).toMatchObject({
      kind: "inference-components",
      managedInstanceScaling: { status: "ENABLED", min: 0, max: 2 },
    });
    // Our step policy's alarm is read by name, with its actions.
    const asked = cw.commandCalls(DescribeAlarmsCommand).flatMap((c) => c.args[0].input.AlarmNames ?? []);
    expect(asked).toContain(WAKE);
    expect(read.alarms?.find((a) => a.name === WAKE)).toEqual({ name: WAKE, state: "OK", actions: [] });
  });

  it("an alarm read whole says what it watches (a step policy's steps are relative to it); metric math does not", async () => {
    serve(region(2, 2));
    cw.on(DescribeAlarmsCommand).callsFake((input: DescribeAlarmsCommandInput) => ({
      MetricAlarms: input.AlarmNames!.map((n, i) =>
        i === 0
          ? {
              AlarmName: n,
              StateValue: "ALARM" as const,
              Namespace: "AWS/SageMaker",
              MetricName: "InvocationsPerInstance",
              ComparisonOperator: "GreaterThanThreshold" as const,
              Threshold: 100,
            }
          : { AlarmName: n, StateValue: "OK" as const, Metrics: [{ Id: "m1", Expression: "m0/2" }] },
      ),
    }));
    const read = await readRegion(sdkClients(), "eu-west-3");
    const [first, second] = read.alarms!;
    expect(first).toMatchObject({
      state: "ALARM",
      watches: {
        namespace: "AWS/SageMaker",
        metricName: "InvocationsPerInstance",
        comparison: "GreaterThanThreshold",
        threshold: 100,
      },
    });
    expect(second).not.toHaveProperty("watches");
  });

  it("a region without component targets makes no inference-component call", async () => {
    serve(region(3, 2));
    const read = await readRegion(sdkClients(), "eu-west-3");
    expect(read.inferenceComponents).toEqual([]);
    expect(sm.commandCalls(DescribeInferenceComponentCommand)).toHaveLength(0);
    expect(sm.commandCalls(ListInferenceComponentsCommand)).toHaveLength(0);
  });

  it("--endpoint of an inference-component endpoint: its components listed (every page), their targets by id", async () => {
    withComponents();
    const read = await readRegion(sdkClients(), "eu-west-3", { endpointName: "llm" });
    const listed = sm.commandCalls(ListInferenceComponentsCommand).map((c) => c.args[0].input);
    expect(listed).toHaveLength(2);
    expect(listed[0]).toMatchObject({ EndpointNameEquals: "llm", MaxResults: 100 });
    expect(aas.commandCalls(DescribeScalableTargetsCommand)[0]?.args[0].input.ResourceIds).toEqual([
      rid("llm"),
      ic("chat"),
      ic("idle-ic"),
      ic("summ"),
    ]);
    expect(read.targets.map((t) => t.ResourceId)).toEqual([ic("chat"), ic("summ")]);
    // Only the components with a target are described.
    expect(componentCalls().sort()).toEqual(["chat", "summ"]);
    expect(calls.list()).toBe(0);
  });

  it("--endpoint of a real-time endpoint lists no components", async () => {
    withComponents();
    await readRegion(sdkClients(), "eu-west-3", { endpointName: "ep-000" });
    expect(sm.commandCalls(ListInferenceComponentsCommand)).toHaveLength(0);
  });

  it("DescribeInferenceComponent denied: null, noted, and the rest read", async () => {
    withComponents();
    sm.on(DescribeInferenceComponentCommand).rejects(
      awsError(
        "AccessDeniedException",
        "User is not authorized to perform: sagemaker:DescribeInferenceComponent",
      ),
    );
    const read = await readRegion(sdkClients(), "eu-west-3");
    expect(read.inferenceComponents).toBeNull();
    expect(read.unread).toEqual(["inferenceComponents"]);
    expect(read.targets).toHaveLength(3);
    expect(read.details.map((d) => d.name)).toEqual(["ep-000"]);
  });
});

describe("describeTargetsOf", () => {
  it("asks for 50 resource ids per call: 120 ids, 3 calls", async () => {
    const r = region(120, 120);
    serve(r);
    const found = await describeTargetsOf(
      sdkClients(),
      r.targets.map((t) => t.ResourceId!),
    );
    expect(found).toHaveLength(120);
    expect(
      aas.commandCalls(DescribeScalableTargetsCommand).map((c) => c.args[0].input.ResourceIds?.length),
    ).toEqual([50, 50, 20]);
  });
});

describe("readRegion: optional reads denied", () => {
  const denied = (action: string) =>
    awsError("AccessDeniedException", `User: arn:aws:iam::1:user/u is not authorized to perform: ${action}`);

  it("scaling activities denied: null, noted, and the rest read", async () => {
    serve(region(3, 3));
    aas
      .on(DescribeScalingActivitiesCommand)
      .rejects(denied("application-autoscaling:DescribeScalingActivities"));
    const read = await readRegion(sdkClients(), "eu-west-3");
    expect(read.activities).toBeNull();
    expect(read.unread).toEqual(["activities"]);
    expect(read.targets).toHaveLength(3);
    expect(read.alarms).toHaveLength(6);
    // The namespace scan was denied: no per-target read is tried after it.
    expect(calls.activities()).toBe(1);
  });

  it("scheduled actions denied, with --endpoint too", async () => {
    serve(region(3, 3));
    aas
      .on(DescribeScheduledActionsCommand)
      .rejects(denied("application-autoscaling:DescribeScheduledActions"));
    for (const options of [{}, { endpointName: name(1) }]) {
      const read = await readRegion(sdkClients(), "eu-west-3", options);
      expect(read.scheduledActions).toBeNull();
      expect(read.unread).toEqual(["scheduledActions"]);
      expect(read.policies.length).toBeGreaterThan(0);
    }
  });

  it("alarms denied (the query-protocol code too): null", async () => {
    serve(region(3, 3));
    cw.on(DescribeAlarmsCommand).rejects(
      Object.assign(
        awsError("AccessDenied", "User is not authorized to perform: cloudwatch:DescribeAlarms"),
        {
          $metadata: { httpStatusCode: 403 },
        },
      ),
    );
    const read = await readRegion(sdkClients(), "eu-west-3");
    expect(read.alarms).toBeNull();
    expect(read.unread).toEqual(["alarms"]);
  });

  it("endpoint configs denied: the endpoints' own variants stand in, marked; each config asked once", async () => {
    serve(region(3, 3), { configOf: () => "shared" });
    sm.on(DescribeEndpointConfigCommand).rejects(denied("sagemaker:DescribeEndpointConfig"));
    const read = await readRegion(sdkClients(), "eu-west-3");
    expect(read.unread).toEqual(["endpointConfigs"]);
    expect(read.details).toHaveLength(3);
    expect(read.details.every((d) => d.configDenied === true)).toBe(true);
    expect(read.details[0]?.variants[0]).toMatchObject({
      variantName: "AllTraffic",
      currentInstanceCount: 2,
    });
    expect(calls.config()).toBe(1);
  });

  it("all four denied at once: listed in a fixed order", async () => {
    serve(region(3, 3));
    aas
      .on(DescribeScalingActivitiesCommand)
      .rejects(denied("application-autoscaling:DescribeScalingActivities"));
    aas
      .on(DescribeScheduledActionsCommand)
      .rejects(denied("application-autoscaling:DescribeScheduledActions"));
    cw.on(DescribeAlarmsCommand).rejects(denied("cloudwatch:DescribeAlarms"));
    sm.on(DescribeEndpointConfigCommand).rejects(denied("sagemaker:DescribeEndpointConfig"));
    const read = await readRegion(sdkClients(), "eu-west-3");
    expect(read.unread).toEqual(["activities", "scheduledActions", "alarms", "endpointConfigs"]);
  });

  it("a required read denied still fails the whole read: targets, policies, ListEndpoints, DescribeEndpoint", async () => {
    const cases = [
      () => aas.on(DescribeScalableTargetsCommand).rejects(denied("DescribeScalableTargets")),
      () => aas.on(DescribeScalingPoliciesCommand).rejects(denied("DescribeScalingPolicies")),
      () => sm.on(ListEndpointsCommand).rejects(denied("ListEndpoints")),
      () => sm.on(DescribeEndpointCommand).rejects(denied("DescribeEndpoint")),
    ];
    for (const deny of cases) {
      aas.reset();
      sm.reset();
      cw.reset();
      serve(region(3, 3));
      deny();
      await expect(readRegion(sdkClients(), "eu-west-3")).rejects.toMatchObject({
        name: "AccessDeniedException",
      });
    }
  });

  it("an optional read that fails otherwise (not access denied) still fails the read", async () => {
    serve(region(3, 3));
    cw.on(DescribeAlarmsCommand).rejects(awsError("InternalServiceError", "boom"));
    await expect(readRegion(sdkClients(), "eu-west-3")).rejects.toMatchObject({
      name: "InternalServiceError",
    });
  });
});
