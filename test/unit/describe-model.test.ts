import type {
  ScalableTarget,
  ScalingPolicy,
  ScheduledAction,
} from "@aws-sdk/client-application-auto-scaling";
import { describe, expect, it } from "vitest";
import type { EndpointDetail } from "../../src/aws/discover.js";
import type { AlarmReading } from "../../src/aws/region-read.js";
import {
  buildDescribeModel,
  countBySeverity,
  failingFindings,
  toDescribeJson,
} from "../../src/domain/describe-model.js";
import { emptyRead, LONG_AGO, NOW, rid, TARGET } from "./describe-fixtures.js";
import {
  ASYNC_SHAPE,
  componentOf,
  componentShape,
  detailOf,
  inferenceComponentShape,
  POOLS_SHAPE,
  REAL_TIME_SHAPE,
  SERVERLESS_SHAPE,
  SHADOW_SHAPE,
} from "./kind-shapes.js";

const build = (read: Parameters<typeof buildDescribeModel>[0]) =>
  buildDescribeModel(read, { target: TARGET, now: NOW });

const target = (resourceId: string, extra: Partial<ScalableTarget> = {}): ScalableTarget => ({
  ServiceNamespace: "sagemaker",
  ResourceId: resourceId,
  ScalableDimension: "sagemaker:variant:DesiredInstanceCount",
  MinCapacity: 1,
  MaxCapacity: 4,
  RoleARN: "arn:role",
  CreationTime: new Date(LONG_AGO),
  ...extra,
});

const policy = (resourceId: string, name: string, extra: Partial<ScalingPolicy> = {}): ScalingPolicy => ({
  PolicyARN: `arn:${name}`,
  PolicyName: name,
  ServiceNamespace: "sagemaker",
  ResourceId: resourceId,
  ScalableDimension: "sagemaker:variant:DesiredInstanceCount",
  PolicyType: "TargetTrackingScaling",
  CreationTime: new Date(LONG_AGO),
  TargetTrackingScalingPolicyConfiguration: {
    TargetValue: 100,
    PredefinedMetricSpecification: { PredefinedMetricType: "SageMakerVariantInvocationsPerInstance" },
  },
  Alarms: [
    { AlarmName: `TargetTracking-${resourceId}-AlarmLow-b`, AlarmARN: "arn:low" },
    { AlarmName: `TargetTracking-${resourceId}-AlarmHigh-a`, AlarmARN: "arn:high" },
  ],
  ...extra,
});

const detail = (name: string, variants: string[] = ["AllTraffic"], extra: Partial<EndpointDetail> = {}) =>
  ({
    name,
    status: "InService",
    configName: `${name}-config`,
    variants: variants.map((v) => ({
      endpointName: name,
      variantName: v,
      kind: "real-time",
      instanceType: "ml.m5.large",
      currentInstanceCount: 2,
      desiredInstanceCount: 2,
    })),
    ...extra,
  }) as EndpointDetail;

const VARIANT_KEYS = [
  "endpointName",
  "variantName",
  "resourceId",
  "scalableDimension",
  "kind",
  "endpointStatus",
  "instanceType",
  "currentInstanceCount",
  "desiredInstanceCount",
  "minCapacity",
  "maxCapacity",
  "suspended",
  "policies",
  "scheduledActions",
  "activities",
  "findings",
  "inferenceComponentName",
  "currentCopyCount",
  "desiredCopyCount",
  "instancePools",
  "shadow",
  "serverless",
  "managedInstanceScaling",
];
const POLICY_KEYS = [
  "policyName",
  "policyType",
  "builtIn",
  "metric",
  "targetValue",
  "scaleInCooldown",
  "scaleOutCooldown",
  "disableScaleIn",
  "alarms",
  "step",
];

const SCHEDULED_ACTION_KEYS = [
  "name",
  "schedule",
  "timezone",
  "startTime",
  "endTime",
  "minCapacity",
  "maxCapacity",
  "nextRun",
  "nextRunNote",
];

/** A region: b (autoscaled, two policies), a (autoscaled), idle (not), and an orphan of a deleted endpoint. */
function region() {
  return emptyRead({
    targets: [
      target(rid("b-ep")),
      target(rid("gone")),
      target(rid("a-ep"), { SuspendedState: { DynamicScalingInSuspended: true } }),
    ],
    policies: [
      policy(rid("b-ep"), "zzz-custom", {
        TargetTrackingScalingPolicyConfiguration: {
          TargetValue: 50,
          ScaleInCooldown: 600,
          DisableScaleIn: true,
          PredefinedMetricSpecification: { PredefinedMetricType: "SageMakerVariantInvocationsPerInstance" },
        },
        // Scale-in disabled: AAS creates no AlarmLow.
        Alarms: [{ AlarmName: `TargetTracking-${rid("b-ep")}-AlarmHigh-z`, AlarmARN: "arn:z" }],
      }),
      policy(rid("b-ep"), "SageMakerEndpointInvocationScalingPolicy"),
      policy(rid("a-ep"), "SageMakerEndpointInvocationScalingPolicy"),
      // moto matches ResourceId by substring; a stray policy of another target must not leak in.
      policy(rid("b-ep", "Other"), "stray"),
    ],
    scheduledActions: [
      {
        ScheduledActionName: "night",
        ScheduledActionARN: "arn:night",
        ServiceNamespace: "sagemaker",
        ResourceId: rid("a-ep"),
        ScalableDimension: "sagemaker:variant:DesiredInstanceCount",
        Schedule: "cron(0 20 * * ? *)",
        Timezone: "Europe/Paris",
        ScalableTargetAction: { MinCapacity: 1 },
        CreationTime: new Date(LONG_AGO),
      },
    ],
    endpoints: [
      { name: "idle", status: "InService" },
      { name: "b-ep", status: "InService" },
      { name: "a-ep", status: "InService" },
    ],
    details: [detail("a-ep"), detail("b-ep")],
    alarms: [
      { name: `TargetTracking-${rid("b-ep")}-AlarmHigh-a`, state: "OK" },
      { name: `TargetTracking-${rid("b-ep")}-AlarmLow-b`, state: "INSUFFICIENT_DATA" },
      { name: `TargetTracking-${rid("b-ep")}-AlarmHigh-z`, state: "OK" },
      { name: `TargetTracking-${rid("a-ep")}-AlarmHigh-a`, state: "OK" },
    ],
    activities: [
      {
        ActivityId: "1",
        ServiceNamespace: "sagemaker",
        ResourceId: rid("a-ep"),
        ScalableDimension: "sagemaker:variant:DesiredInstanceCount",
        Description: "older",
        Cause: "c",
        StartTime: new Date("2025-05-30T10:00:00Z"),
        StatusCode: "Successful",
      },
      {
        ActivityId: "2",
        ServiceNamespace: "sagemaker",
        ResourceId: rid("a-ep"),
        ScalableDimension: "sagemaker:variant:DesiredInstanceCount",
        Description: "newer",
        Cause: "c",
        StartTime: new Date("2025-05-31T10:00:00Z"),
        StatusCode: "Failed",
        StatusMessage: "Failed to set desired instance count to 9. Reason: x.",
      },
    ],
  });
}

describe("buildDescribeModel / toDescribeJson", () => {
  it("prints exactly the documented keys, in order, with null for unknowns", () => {
    const json = toDescribeJson(build(region()));
    expect(Object.keys(json)).toEqual(["region", "variants", "unscaledEndpoints", "orphans", "unread"]);
    expect(json.unread).toEqual([]);
    for (const v of json.variants) {
      expect(Object.keys(v)).toEqual(VARIANT_KEYS);
      expect(Object.keys(v.suspended)).toEqual([
        "dynamicScalingInSuspended",
        "dynamicScalingOutSuspended",
        "scheduledScalingSuspended",
      ]);
      for (const p of v.policies) {
        expect(Object.keys(p)).toEqual(POLICY_KEYS);
        for (const a of p.alarms) expect(Object.keys(a)).toEqual(["name", "state"]);
      }
      for (const a of v.activities!) {
        expect(Object.keys(a)).toEqual(["startTime", "statusCode", "description", "statusMessage"]);
      }
      for (const a of v.scheduledActions!) expect(Object.keys(a)).toEqual(SCHEDULED_ACTION_KEYS);
      for (const f of v.findings) expect(Object.keys(f)).toEqual(["severity", "code", "message", "fix"]);
    }
    const orphan = json.variants.find((v) => v.endpointName === "gone")!;
    expect(orphan).toMatchObject({
      kind: null,
      endpointStatus: null,
      instanceType: null,
      currentInstanceCount: null,
      desiredInstanceCount: null,
    });
    // Survives a JSON round trip unchanged: nothing undefined, no Dates.
    expect(JSON.parse(JSON.stringify(json))).toEqual(json);
  });

  it("sorts variants by endpoint then variant, policies built-in first, activities newest first", () => {
    const json = toDescribeJson(build(region()));
    expect(json.variants.map((v) => v.endpointName)).toEqual(["a-ep", "b-ep", "gone"]);
    const b = json.variants[1]!;
    expect(b.policies.map((p) => p.policyName)).toEqual([
      "SageMakerEndpointInvocationScalingPolicy",
      "zzz-custom",
    ]);
    const a = json.variants[0]!;
    expect(a.activities!.map((x) => x.description)).toEqual(["newer", "older"]);
    expect(a.activities![0]).toEqual({
      startTime: "2025-05-31T10:00:00.000Z",
      statusCode: "Failed",
      description: "newer",
      statusMessage: "Failed to set desired instance count to 9. Reason: x.",
    });
    expect(a.activities![1]?.statusMessage).toBeNull();
  });

  it("names a customized metric Namespace/MetricName, the namespace as it is (its leading slash kept)", () => {
    const cpu = policy(rid("a-ep"), "cpu", {
      TargetTrackingScalingPolicyConfiguration: {
        TargetValue: 120,
        CustomizedMetricSpecification: {
          MetricName: "CPUUtilization",
          Namespace: "/aws/sagemaker/Endpoints",
          Statistic: "Average",
        },
      },
    });
    const math = policy(rid("a-ep"), "math", {
      TargetTrackingScalingPolicyConfiguration: {
        TargetValue: 1,
        CustomizedMetricSpecification: { Metrics: [{ Id: "m1", Expression: "1", ReturnData: true }] },
      },
    });
    const read = emptyRead({
      targets: [target(rid("a-ep"))],
      policies: [cpu, math],
      details: [detail("a-ep")],
    });
    expect(toDescribeJson(build(read)).variants[0]!.policies.map((p) => p.metric)).toEqual([
      "/aws/sagemaker/Endpoints/CPUUtilization",
      "metric math",
    ]);
  });

  it("joins each policy with its alarms' states; a missing alarm has state null", () => {
    const json = toDescribeJson(build(region()));
    const [builtIn, custom] = json.variants[1]!.policies;
    expect(builtIn).toEqual({
      policyName: "SageMakerEndpointInvocationScalingPolicy",
      policyType: "TargetTrackingScaling",
      builtIn: true,
      metric: "SageMakerVariantInvocationsPerInstance",
      targetValue: 100,
      scaleInCooldown: 300,
      scaleOutCooldown: 300,
      disableScaleIn: false,
      alarms: [
        { name: `TargetTracking-${rid("b-ep")}-AlarmHigh-a`, state: "OK" },
        { name: `TargetTracking-${rid("b-ep")}-AlarmLow-b`, state: "INSUFFICIENT_DATA" },
      ],
      step: null,
    });
    expect(custom).toMatchObject({
      builtIn: false,
      targetValue: 50,
      scaleInCooldown: 600,
      disableScaleIn: true,
    });
    const a = json.variants[0]!.policies[0]!;
    expect(a.alarms).toEqual([
      { name: `TargetTracking-${rid("a-ep")}-AlarmHigh-a`, state: "OK" },
      { name: `TargetTracking-${rid("a-ep")}-AlarmLow-b`, state: null },
    ]);
  });

  it("keeps only the exact target's policies and scheduled actions", () => {
    const json = toDescribeJson(build(region()));
    expect(json.variants.flatMap((v) => v.policies.map((p) => p.policyName))).not.toContain("stray");
    expect(json.variants[0]!.scheduledActions).toEqual([
      {
        name: "night",
        schedule: "cron(0 20 * * ? *)",
        timezone: "Europe/Paris",
        startTime: null,
        endTime: null,
        minCapacity: 1,
        maxCapacity: null,
        // 20:00 in Paris (UTC+2 in June) after the read at 12:00 UTC.
        nextRun: "2025-06-01T18:00:00.000Z",
        nextRunNote: null,
      },
    ]);
  });

  it("says when each scheduled action runs next, counted from the read, or why it will not", () => {
    const at = (Schedule: string, extra: Partial<ScheduledAction> = {}): ScheduledAction => ({
      ScheduledActionName: Schedule,
      ScheduledActionARN: `arn:${Schedule}`,
      ServiceNamespace: "sagemaker",
      ResourceId: rid("a-ep"),
      ScalableDimension: "sagemaker:variant:DesiredInstanceCount",
      Schedule,
      ScalableTargetAction: { MinCapacity: 2 },
      CreationTime: new Date(LONG_AGO),
      ...extra,
    });
    const read = region();
    read.scheduledActions = [
      at("at(2025-06-02T09:30:00)", { Timezone: "America/New_York" }),
      at("at(2025-05-01T00:00:00)"),
      at("cron(0 8 * * ? *)", { EndTime: new Date("2025-05-31T00:00:00Z") }),
      at("cron(0 8 * * ? *)", { ScheduledActionName: "weekday", Timezone: "Asia/Tokyo" }),
      at("cron(oops)"),
    ];
    const actions = toDescribeJson(build(read)).variants[0]!.scheduledActions!;
    expect(actions.map((a) => [a.name, a.nextRun, a.nextRunNote])).toEqual([
      ["at(2025-05-01T00:00:00)", null, "its one run is past"],
      ["at(2025-06-02T09:30:00)", "2025-06-02T13:30:00.000Z", null],
      ["cron(0 8 * * ? *)", null, "its end time is past"],
      ["cron(oops)", null, expect.stringMatching(/^schedule not understood \(/)],
      // 08:00 in Tokyo (UTC+9) is 23:00 UTC: the next is tonight's.
      ["weekday", "2025-06-01T23:00:00.000Z", null],
    ]);
  });

  it("lists unscaled endpoints and orphans (an orphan is also a variant, with its finding)", () => {
    const model = build(region());
    const json = toDescribeJson(model);
    expect(json.unscaledEndpoints).toEqual([{ endpointName: "idle", status: "InService" }]);
    expect(json.orphans).toEqual([
      { resourceId: rid("gone"), scalableDimension: "sagemaker:variant:DesiredInstanceCount" },
    ]);
    expect(json.variants[2]!.findings.map((f) => f.code)).toEqual(["ORPHAN_TARGET"]);
    expect(model.variants[2]!.orphan).toBe("endpoint");
  });

  it("a target whose variant is gone from an existing endpoint is an orphan too", () => {
    const json = toDescribeJson(
      build(
        emptyRead({
          targets: [target(rid("ep", "Old"))],
          endpoints: [{ name: "ep", status: "InService" }],
          details: [detail("ep", ["New"])],
        }),
      ),
    );
    expect(json.orphans).toEqual([{ resourceId: rid("ep", "Old"), scalableDimension: expect.any(String) }]);
    expect(json.variants[0]).toMatchObject({ endpointStatus: "InService", kind: null });
    // The endpoint has a target, orphan or not: it is not listed as unscaled.
    expect(json.unscaledEndpoints).toEqual([]);
  });

  it("shows an inference-component target without an endpoint when its component could not be read", () => {
    const json = toDescribeJson(
      build(
        emptyRead({
          targets: [
            target("inference-component/ic-1", {
              ScalableDimension: "sagemaker:inference-component:DesiredCopyCount",
            }),
            target(rid("ep")),
          ],
          details: [detail("ep")],
          inferenceComponents: null,
          unread: ["inferenceComponents"],
        }),
      ),
    );
    expect(json.variants.map((v) => [v.endpointName, v.kind])).toEqual([
      ["ep", "real-time"],
      [null, "inference-component"],
    ]);
    expect(json.orphans).toEqual([]);
  });

  it("counts findings by severity; --strict fails on errors and warnings, not on info", () => {
    const model = build(region());
    const counts = countBySeverity(model);
    // a-ep: failed last activity (error), suspended (warning); b-ep: custom name + fighting (warnings),
    // AlarmLow INSUFFICIENT_DATA on an old policy (warning); gone: orphan (warning).
    expect(counts).toEqual({ error: 1, warning: 5, info: 0 });
    expect(failingFindings(model)).toHaveLength(6);

    const fresh = emptyRead({
      targets: [target(rid("ep"))],
      details: [detail("ep")],
      policies: [policy(rid("ep"), "SageMakerEndpointInvocationScalingPolicy", { CreationTime: NOW })],
      alarms: [{ name: `TargetTracking-${rid("ep")}-AlarmHigh-a`, state: "INSUFFICIENT_DATA" }],
    });
    const onlyInfo = build(fresh);
    expect(countBySeverity(onlyInfo)).toEqual({ error: 0, warning: 0, info: 1 });
    expect(failingFindings(onlyInfo)).toEqual([]);
  });

  it("is deterministic: the same read in another order gives the same JSON", () => {
    const one = region();
    const other = region();
    other.targets.reverse();
    other.policies.reverse();
    other.activities!.reverse();
    other.endpoints.reverse();
    other.alarms!.reverse();
    expect(JSON.stringify(toDescribeJson(build(other)))).toBe(JSON.stringify(toDescribeJson(build(one))));
  });
});

describe("optional reads AWS denied", () => {
  const codes = (v: { findings: { code: string }[] }) => v.findings.map((f) => f.code);
  const a = (json: ReturnType<typeof toDescribeJson>) =>
    json.variants.find((v) => v.endpointName === "a-ep")!;

  it("read in full, a-ep has its activities, scheduled actions, alarm states and findings", () => {
    const json = toDescribeJson(build(region()));
    expect(a(json).activities).toHaveLength(2);
    expect(a(json).scheduledActions).toHaveLength(1);
    expect(a(json).policies[0]!.alarms.map((x) => x.state)).toEqual(["OK", null]);
    expect(codes(a(json))).toEqual(["FAILED_ACTIVITY", "SUSPENDED"]);
  });

  it("activities not read: null, named in `unread`, and no finding that needs them", () => {
    const json = toDescribeJson(build({ ...region(), activities: null, unread: ["activities"] }));
    for (const v of json.variants) expect(v.activities).toBeNull();
    expect(codes(a(json))).toEqual(["SUSPENDED"]);
    expect(json.unread).toEqual([
      { action: "application-autoscaling:DescribeScalingActivities", fields: ["variants[].activities"] },
    ]);
  });

  it("scheduled actions not read: null, and a target without policies is not called unscaled", () => {
    const read = { ...region(), scheduledActions: null, unread: ["scheduledActions" as const] };
    read.policies = read.policies.filter((p) => p.ResourceId !== rid("a-ep"));
    const json = toDescribeJson(build(read));
    expect(a(json).scheduledActions).toBeNull();
    expect(codes(a(json))).not.toContain("NO_SCALING_POLICY");
    // Read, and empty: the finding is made.
    const full = toDescribeJson(build({ ...read, scheduledActions: [], unread: [] }));
    expect(codes(a(full))).toContain("NO_SCALING_POLICY");
  });

  it("alarms not read: every state null, and no INSUFFICIENT_DATA finding", () => {
    const full = toDescribeJson(build(region()));
    const b = (json: typeof full) => json.variants.find((v) => v.endpointName === "b-ep")!;
    expect(codes(b(full))).toContain("ALARM_INSUFFICIENT_DATA");
    const json = toDescribeJson(build({ ...region(), alarms: null, unread: ["alarms"] }));
    expect(b(json).policies.flatMap((p) => p.alarms.map((x) => x.state))).toEqual([null, null, null]);
    expect(codes(b(json))).not.toContain("ALARM_INSUFFICIENT_DATA");
    expect(json.unread).toEqual([
      { action: "cloudwatch:DescribeAlarms", fields: ["variants[].policies[].alarms[].state"] },
    ]);
  });

  it("endpoint configs not read: kind and instance type unknown, so no kind-based finding", () => {
    const read = region();
    read.details = [
      detail("a-ep", ["AllTraffic"], { configDenied: true }),
      detail("b-ep", ["AllTraffic"], { configDenied: true }),
    ];
    read.details[0]!.variants[0]!.instanceType = undefined;
    read.unread = ["endpointConfigs"];
    const full = toDescribeJson(build(region()));
    const b = (json: typeof full) => json.variants.find((v) => v.endpointName === "b-ep")!;
    expect(codes(b(full))).toContain("CUSTOM_POLICY_NAME");
    const json = toDescribeJson(build(read));
    expect(a(json)).toMatchObject({ kind: null, instanceType: null, currentInstanceCount: 2 });
    expect(b(json).kind).toBeNull();
    expect(codes(b(json))).not.toContain("CUSTOM_POLICY_NAME");
    // What does not need the kind is still found.
    expect(codes(b(json))).toContain("FIGHTING_POLICIES");
    expect(json.unread.map((u) => u.action)).toEqual(["sagemaker:DescribeEndpointConfig"]);
  });

  it("--strict judges what could be found", () => {
    const model = build({
      ...region(),
      activities: null,
      scheduledActions: null,
      alarms: null,
      unread: ["activities", "scheduledActions", "alarms"],
    });
    expect(failingFindings(model).map((f) => f.code)).toEqual(
      expect.arrayContaining(["SUSPENDED", "FIGHTING_POLICIES", "ORPHAN_TARGET"]),
    );
    expect(failingFindings(model).map((f) => f.code)).not.toContain("FAILED_ACTIVITY");
  });
});

describe("every kind, from recorded DescribeEndpoint / DescribeEndpointConfig / DescribeInferenceComponent", () => {
  const codes = (v: { findings: { code: string }[] }) => v.findings.map((f) => f.code);
  const COPIES = "sagemaker:inference-component:DesiredCopyCount";
  const PC = "sagemaker:variant:DesiredProvisionedConcurrency";
  const ic = (name: string) => `inference-component/${name}`;
  const llm = inferenceComponentShape("llm", 0);
  const warm = inferenceComponentShape("warm", 1);
  const kinds = () =>
    emptyRead({
      targets: [
        target(rid("churn")),
        target(rid("jobs"), { MinCapacity: 0, MaxCapacity: 3 }),
        target(rid("embed"), { ScalableDimension: PC, MinCapacity: 1, MaxCapacity: 10 }),
        target(rid("vision")),
        target(rid("ranker", "Shadow"), { MinCapacity: 1, MaxCapacity: 2 }),
        target(ic("chat"), { ScalableDimension: COPIES, MinCapacity: 0, MaxCapacity: 4 }),
        target(ic("summ"), { ScalableDimension: COPIES, MinCapacity: 1, MaxCapacity: 2 }),
        target(ic("gone-ic"), { ScalableDimension: COPIES, MinCapacity: 1, MaxCapacity: 2 }),
        target(ic("embed-ic"), { ScalableDimension: COPIES, MinCapacity: 0, MaxCapacity: 2 }),
      ],
      endpoints: ["churn", "jobs", "embed", "vision", "ranker", "llm", "warm", "idle"].map((name) => ({
        name,
        status: "InService",
      })),
      details: [REAL_TIME_SHAPE, ASYNC_SHAPE, SERVERLESS_SHAPE, POOLS_SHAPE, SHADOW_SHAPE, llm, warm].map(
        detailOf,
      ),
      inferenceComponents: [
        componentOf(componentShape("chat", "llm", { desired: 1, current: 1 })),
        componentOf(componentShape("summ", "llm", { desired: 2, current: 1 })),
        componentOf(componentShape("embed-ic", "warm", { desired: 1, current: 1 })),
      ],
    });
  const json = () => toDescribeJson(build(kinds()));
  const of = (j: ReturnType<typeof json>, resourceId: string) =>
    j.variants.find((v) => v.resourceId === resourceId)!;

  it("joins each inference component to the endpoint and variant hosting it, with its copies", () => {
    const j = json();
    expect(of(j, ic("chat"))).toMatchObject({
      endpointName: "llm",
      variantName: "AllTraffic",
      inferenceComponentName: "chat",
      kind: "inference-component",
      endpointStatus: "InService",
      instanceType: "ml.g5.2xlarge",
      currentInstanceCount: null,
      desiredInstanceCount: null,
      currentCopyCount: 1,
      desiredCopyCount: 1,
      managedInstanceScaling: { status: "ENABLED", minInstanceCount: 0, maxInstanceCount: 2 },
      shadow: false,
      serverless: null,
    });
    expect(of(j, ic("summ"))).toMatchObject({ currentCopyCount: 1, desiredCopyCount: 2 });
    // Grouped: sorted by endpoint, then variant, the components of one endpoint are next to each other.
    expect(j.variants.map((v) => v.resourceId)).toEqual([
      rid("churn"),
      rid("embed"),
      rid("jobs"),
      ic("chat"),
      ic("summ"),
      rid("ranker", "Shadow"),
      rid("vision"),
      ic("embed-ic"),
      // an orphan has no endpoint: last
      ic("gone-ic"),
    ]);
    // An endpoint autoscaled only through its components is not "unscaled".
    expect(j.unscaledEndpoints.map((e) => e.endpointName)).toEqual(["idle"]);
  });

  it("a component that no longer exists is an orphan, with a fix that deregisters its target", () => {
    const j = json();
    expect(j.orphans).toEqual([{ resourceId: ic("gone-ic"), scalableDimension: COPIES }]);
    expect(of(j, ic("gone-ic"))).toMatchObject({ endpointName: null, inferenceComponentName: "gone-ic" });
    expect(of(j, ic("gone-ic")).findings).toEqual([
      {
        severity: "warning",
        code: "ORPHAN_TARGET",
        message: expect.stringContaining('inference component "gone-ic" no longer exists'),
        fix: expect.stringMatching(
          /^aws application-autoscaling deregister-scalable-target .*--resource-id inference-component\/gone-ic /,
        ),
      },
    ]);
  });

  it("components not read (denied): no endpoint, and no claim that they are gone", () => {
    const j = toDescribeJson(
      build({ ...kinds(), inferenceComponents: null, unread: ["inferenceComponents"] }),
    );
    expect(j.orphans).toEqual([]);
    expect(of(j, ic("chat"))).toMatchObject({
      endpointName: null,
      inferenceComponentName: "chat",
      currentCopyCount: null,
      managedInstanceScaling: null,
    });
    expect(j.unread).toEqual([
      {
        action: "sagemaker:DescribeInferenceComponent",
        fields: expect.arrayContaining(["variants[].endpointName", "variants[].currentCopyCount"]),
      },
    ]);
    // Nothing that needs the endpoint's managed instance scaling is claimed.
    expect(codes(of(j, ic("embed-ic")))).not.toContain("IC_MIN_ZERO_KEEPS_INSTANCES");
  });

  it("each variant kind with its facts: async, serverless provisioned concurrency, pools, shadow", () => {
    const j = json();
    expect(of(j, rid("jobs"))).toMatchObject({
      kind: "async",
      instanceType: "ml.g4dn.xlarge",
      currentInstanceCount: 0,
    });
    expect(of(j, rid("embed"))).toMatchObject({
      kind: "serverless",
      scalableDimension: PC,
      instanceType: null,
      serverless: { maxConcurrency: 20, provisionedConcurrency: 3 },
    });
    expect(of(j, rid("vision"))).toMatchObject({
      kind: "real-time",
      instanceType: null,
      instancePools: ["ml.g5.xlarge", "ml.g6.xlarge"],
    });
    expect(of(j, rid("churn"))).toMatchObject({ kind: "real-time", instancePools: null, shadow: false });
  });

  it("a shadow variant's target is the endpoint's, never an orphan", () => {
    const j = json();
    expect(of(j, rid("ranker", "Shadow"))).toMatchObject({
      kind: "real-time",
      shadow: true,
      endpointStatus: "InService",
      instanceType: "ml.m5.large",
      currentInstanceCount: 1,
    });
    expect(codes(of(j, rid("ranker", "Shadow")))).not.toContain("ORPHAN_TARGET");
    expect(j.orphans.map((o) => o.resourceId)).not.toContain(rid("ranker", "Shadow"));
  });

  it("copies at zero on an endpoint that keeps an instance, and a component at zero with no way out", () => {
    const j = json();
    expect(codes(of(j, ic("embed-ic")))).toEqual(["IC_MIN_ZERO_KEEPS_INSTANCES", "NO_SCALING_POLICY"]);
    expect(codes(of(j, ic("chat")))).toEqual(["NO_WAY_OUT_OF_ZERO", "NO_SCALING_POLICY"]);
  });
});

describe("step policies: whether an alarm triggers them", () => {
  const jobs = rid("jobs");
  const WAKE = "sm-autoscale-jobs-has-backlog-without-capacity";
  const step = (name: string, alarms: string[] = []) =>
    policy(jobs, name, {
      PolicyARN: `arn:aws:autoscaling:eu-west-3:1:scalingPolicy:u:resource/sagemaker/${jobs}:policyName/${name}`,
      PolicyType: "StepScaling",
      TargetTrackingScalingPolicyConfiguration: undefined,
      StepScalingPolicyConfiguration: {
        AdjustmentType: "ChangeInCapacity",
        StepAdjustments: [{ MetricIntervalLowerBound: 0, ScalingAdjustment: 1 }],
      },
      Alarms: alarms.map((AlarmName) => ({ AlarmName, AlarmARN: `arn:${AlarmName}` })),
    });
  const ours = step("sm-autoscale-async-scale-out-from-zero", [WAKE]);
  const modelOf = (p: ScalingPolicy, alarms: AlarmReading[] | null) =>
    build(
      emptyRead({
        targets: [target(jobs, { MinCapacity: 0 })],
        policies: [p],
        details: [detailOf(ASYNC_SHAPE)],
        alarms,
        ...(alarms === null ? { unread: ["alarms" as const] } : {}),
      }),
    ).variants[0]!.policies[0]!;

  it("ours, its alarm pointing at it", () => {
    const p = modelOf(ours, [{ name: WAKE, state: "OK", actions: [ours.PolicyARN!] }]);
    expect(p).toMatchObject({
      triggered: true,
      wakeAlarm: { name: WAKE, status: "points-here" },
      alarms: [{ name: WAKE, state: "OK" }],
    });
  });

  it("ours, its alarm missing", () => {
    const p = modelOf({ ...ours, Alarms: [] }, [{ name: WAKE }]);
    expect(p).toMatchObject({ triggered: false, wakeAlarm: { name: WAKE, status: "missing" } });
  });

  it("ours, its alarm no longer naming it (a deleted policy's ARN, or none)", () => {
    const p = modelOf({ ...ours, Alarms: [] }, [{ name: WAKE, state: "OK", actions: ["arn:old-policy"] }]);
    expect(p).toMatchObject({ triggered: false, wakeAlarm: { name: WAKE, status: "points-elsewhere" } });
  });

  it("someone else's: triggered as AAS lists its alarms; unknown when the alarms were not read", () => {
    expect(modelOf(step("mine", ["pager"]), [{ name: "pager", state: "OK" }])).toMatchObject({
      triggered: true,
      wakeAlarm: null,
    });
    expect(modelOf(step("mine"), [])).toMatchObject({ triggered: false, wakeAlarm: null });
    expect(modelOf(ours, null)).toMatchObject({ triggered: null, wakeAlarm: null });
    // Target tracking policies: AAS manages their alarms.
    expect(modelOf(policy(jobs, "tt"), [])).toMatchObject({ triggered: null, wakeAlarm: null });
  });

  it("carries what the triggering alarms watch (our wake alarm included), for the step line and the findings", () => {
    const watches = {
      namespace: "AWS/SageMaker",
      metricName: "HasBacklogWithoutCapacity",
      comparison: "GreaterThanOrEqualToThreshold",
      threshold: 1,
    };
    // Ours, not listed by AAS but pointing here; someone else's, listed, one alarm unread whole.
    expect(
      modelOf({ ...ours, Alarms: [] }, [{ name: WAKE, state: "OK", actions: [ours.PolicyARN!], watches }])
        .triggers,
    ).toEqual([{ name: WAKE, watches }]);
    expect(
      modelOf(step("mine", ["b-pager", "a-gone"]), [
        { name: "b-pager", state: "OK", watches },
        { name: "a-gone" },
      ]).triggers,
    ).toEqual([{ name: "b-pager", watches }]);
    expect(modelOf(ours, null).triggers).toEqual([]);
    expect(modelOf(policy(jobs, "tt"), [{ name: "x", watches }]).triggers).toEqual([]);
  });

  it("--json: a step policy says how it acts and what triggers it; other policies say null", () => {
    const watches = {
      namespace: "AWS/SageMaker",
      metricName: "HasBacklogWithoutCapacity",
      comparison: "GreaterThanOrEqualToThreshold",
      threshold: 1,
    };
    const steps = {
      ...ours,
      StepScalingPolicyConfiguration: {
        AdjustmentType: "ChangeInCapacity" as const,
        MetricAggregationType: "Average" as const,
        StepAdjustments: [
          { MetricIntervalLowerBound: 0, MetricIntervalUpperBound: 40, ScalingAdjustment: 1 },
          { MetricIntervalLowerBound: 40, ScalingAdjustment: 3 },
        ],
      },
    };
    const j = toDescribeJson(
      build(
        emptyRead({
          targets: [target(jobs, { MinCapacity: 0 })],
          policies: [steps, policy(jobs, "tt")],
          details: [detailOf(ASYNC_SHAPE)],
          alarms: [{ name: WAKE, state: "OK", actions: [ours.PolicyARN!], watches }],
        }),
      ),
    );
    const [stepJson, ttJson] = [...j.variants[0]!.policies].sort((a, b) =>
      a.policyType.localeCompare(b.policyType),
    );
    expect(stepJson!.step).toEqual({
      adjustmentType: "ChangeInCapacity",
      // AAS's default: the policy does not set one.
      cooldown: 300,
      metricAggregationType: "Average",
      minAdjustmentMagnitude: null,
      adjustments: [
        { lowerBound: 0, upperBound: 40, scalingAdjustment: 1 },
        { lowerBound: 40, upperBound: null, scalingAdjustment: 3 },
      ],
      triggers: [{ alarm: WAKE, ...watches }],
    });
    expect(ttJson!.step).toBeNull();
  });
});
