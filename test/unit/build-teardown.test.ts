import type {
  ScalableTarget,
  ScalingPolicy,
  ScheduledAction,
} from "@aws-sdk/client-application-auto-scaling";
import { describe, expect, it } from "vitest";
import {
  alarmBelongs,
  buildTeardownPlan,
  inScope,
  isOwnAlarmName,
  type OwnAlarm,
  scopeState,
  type TeardownRead,
  type TeardownTarget,
} from "../../src/plan/build-teardown.js";
import { executePlan, withOutputs } from "../../src/plan/execute.js";
import { renderPlanScript } from "../../src/plan/render-cli.js";
import { outputRef } from "../../src/plan/types.js";
import { awsError } from "./mock-clients.js";

const INSTANCES = "sagemaker:variant:DesiredInstanceCount";
const PC = "sagemaker:variant:DesiredProvisionedConcurrency";
const rid = (e: string, v: string) => `endpoint/${e}/variant/${v}`;

function target(resourceId: string, dim = INSTANCES, extra: Partial<ScalableTarget> = {}): ScalableTarget {
  return {
    ServiceNamespace: "sagemaker",
    ResourceId: resourceId,
    ScalableDimension: dim as never,
    MinCapacity: 1,
    MaxCapacity: 4,
    RoleARN: "arn:aws:iam::1:role/slr",
    CreationTime: new Date(0),
    SuspendedState: {
      DynamicScalingInSuspended: false,
      DynamicScalingOutSuspended: true,
      ScheduledScalingSuspended: false,
    },
    ...extra,
  };
}

function policy(resourceId: string, name: string, dim = INSTANCES): ScalingPolicy {
  return {
    PolicyARN: `arn:aws:autoscaling:eu-central-1:1:scalingPolicy:uuid:resource/sagemaker/${resourceId}:policyName/${name}`,
    PolicyName: name,
    ServiceNamespace: "sagemaker",
    ResourceId: resourceId,
    ScalableDimension: dim as never,
    PolicyType: "TargetTrackingScaling",
    TargetTrackingScalingPolicyConfiguration: {
      TargetValue: 300,
      PredefinedMetricSpecification: { PredefinedMetricType: "SageMakerVariantInvocationsPerInstance" },
      ScaleInCooldown: 600,
      ScaleOutCooldown: 60,
    },
    Alarms: [{ AlarmName: `TargetTracking-${resourceId}-AlarmHigh-1`, AlarmARN: "arn:alarm" }],
    CreationTime: new Date(0),
  };
}

function scheduled(resourceId: string, name: string, dim = INSTANCES): ScheduledAction {
  return {
    ScheduledActionName: name,
    ScheduledActionARN: "arn:sched",
    ServiceNamespace: "sagemaker",
    ResourceId: resourceId,
    ScalableDimension: dim as never,
    Schedule: "cron(0 9 * * ? *)",
    Timezone: "Europe/Berlin",
    StartTime: new Date("2030-01-01T00:00:00Z"),
    EndTime: new Date("2030-12-31T00:00:00Z"),
    ScalableTargetAction: { MinCapacity: 2, MaxCapacity: 6 },
    CreationTime: new Date(0),
  };
}

const A = rid("shop", "AllTraffic");
const B = rid("shop", "Canary");
const other = rid("search", "AllTraffic");

function read(): TeardownRead {
  const targets: TeardownTarget[] = [
    {
      target: target(A),
      policies: [policy(A, "SageMakerEndpointInvocationScalingPolicy"), policy(A, "custom")],
      scheduledActions: [scheduled(A, "morning")],
    },
    { target: target(B), policies: [policy(B, "p")], scheduledActions: [] },
    { target: target(other), policies: [policy(other, "p")], scheduledActions: [] },
    {
      target: target("inference-component/ic-1", "sagemaker:inference-component:DesiredCopyCount"),
      policies: [],
      scheduledActions: [],
    },
  ];
  const ownAlarms: OwnAlarm[] = [
    // linked to the Canary variant's step policy by its action
    { name: "sm-autoscale-step-canary", actions: [policy(B, "p").PolicyARN!], dimensions: {} },
    // names the AllTraffic variant by its dimensions
    {
      name: "sm-autoscale-zero-alltraffic",
      actions: [],
      dimensions: { EndpointName: "shop", VariantName: "AllTraffic" },
    },
    // a whole-endpoint alarm (async backlog)
    { name: "sm-autoscale-backlog-shop", actions: [], dimensions: { EndpointName: "shop" } },
    { name: "sm-autoscale-ic", actions: [], dimensions: { InferenceComponentName: "ic-1" } },
    {
      name: "sm-autoscale-search",
      actions: [],
      dimensions: { EndpointName: "search", VariantName: "AllTraffic" },
    },
  ];
  return { targets, ownAlarms };
}

describe("which targets are in scope", () => {
  it("--endpoint takes every variant of that endpoint, and nothing of another with a similar name", () => {
    const scope = { kind: "endpoint", endpointName: "shop" } as const;
    expect(inScope(scope, { ResourceId: A })).toBe(true);
    expect(inScope(scope, { ResourceId: B })).toBe(true);
    expect(inScope(scope, { ResourceId: rid("shop-v2", "AllTraffic") })).toBe(false);
    expect(inScope(scope, { ResourceId: "inference-component/shop" })).toBe(false);
  });

  it("--variant narrows to one variant", () => {
    const scope = { kind: "endpoint", endpointName: "shop", variantName: "Canary" } as const;
    expect(inScope(scope, { ResourceId: A })).toBe(false);
    expect(inScope(scope, { ResourceId: B })).toBe(true);
  });
});

describe("which alarms are ours to delete", () => {
  it("never a target-tracking alarm, whatever its name", () => {
    expect(isOwnAlarmName("TargetTracking-endpoint/shop/variant/AllTraffic-AlarmHigh-1")).toBe(false);
    expect(isOwnAlarmName("sm-autoscale-x")).toBe(true);
    expect(isOwnAlarmName("someone-elses-alarm")).toBe(false);
    const tt: OwnAlarm = { name: "TargetTracking-x", actions: [], dimensions: {} };
    expect(alarmBelongs(tt, { kind: "all" }, [])).toBe(false);
  });

  it("one variant: the alarms tied to it by action or dimensions, not the endpoint's or another variant's", () => {
    const state = scopeState(read(), { kind: "endpoint", endpointName: "shop", variantName: "Canary" });
    expect(state.targets.map((t) => t.target.ResourceId)).toEqual([B]);
    expect(state.alarmNames).toEqual(["sm-autoscale-step-canary"]);
  });

  it("a whole endpoint: its variants' alarms and the endpoint-wide one", () => {
    const state = scopeState(read(), { kind: "endpoint", endpointName: "shop" });
    expect(state.targets.map((t) => t.target.ResourceId)).toEqual([A, B]);
    expect(state.alarmNames).toEqual([
      "sm-autoscale-backlog-shop",
      "sm-autoscale-step-canary",
      "sm-autoscale-zero-alltraffic",
    ]);
  });

  it("chosen resources (interactive): inference components are matched by name", () => {
    const state = scopeState(read(), { kind: "resources", resourceIds: ["inference-component/ic-1"] });
    expect(state.alarmNames).toEqual(["sm-autoscale-ic"]);
  });

  it("--all: every alarm of ours, and alarms left over after their target is gone", () => {
    const r = read();
    const state = scopeState({ targets: [], ownAlarms: r.ownAlarms }, { kind: "all" });
    expect(state.alarmNames).toHaveLength(5);
    const leftover = scopeState(
      { targets: [], ownAlarms: r.ownAlarms },
      { kind: "endpoint", endpointName: "search" },
    );
    expect(leftover.alarmNames).toEqual(["sm-autoscale-search"]);
  });
});

describe("buildTeardownPlan", () => {
  const state = scopeState(read(), { kind: "endpoint", endpointName: "shop" });
  const plan = buildTeardownPlan(state);

  it("per target: policies, then scheduled actions, then deregister; our alarms last", () => {
    expect(
      plan.steps.map((s) => `${s.operation} ${"ResourceId" in s.input ? s.input.ResourceId : ""}`),
    ).toEqual([
      `DeleteScalingPolicy ${A}`,
      `DeleteScalingPolicy ${A}`,
      `DeleteScheduledAction ${A}`,
      `DeregisterScalableTarget ${A}`,
      `DeleteScalingPolicy ${B}`,
      `DeregisterScalableTarget ${B}`,
      "DeleteAlarms ",
    ]);
    expect(plan.steps[0]!.input).toEqual({
      ServiceNamespace: "sagemaker",
      ResourceId: A,
      ScalableDimension: INSTANCES,
      PolicyName: "SageMakerEndpointInvocationScalingPolicy",
    });
    expect(plan.steps.at(-1)!.input).toEqual({
      AlarmNames: ["sm-autoscale-backlog-shop", "sm-autoscale-step-canary", "sm-autoscale-zero-alltraffic"],
    });
  });

  it("never deletes a target-tracking alarm: AAS removes those with their policy", () => {
    const names = plan.steps.flatMap((s) =>
      s.operation === "DeleteAlarms" ? (s.input.AlarmNames ?? []) : [],
    );
    expect(names.some((n) => n.startsWith("TargetTracking-"))).toBe(false);
  });

  it("every removal carries an undo that recreates exactly what was read", () => {
    const [policyStep, , schedStep, deregister] = plan.steps;
    expect(policyStep!.undo).toMatchObject({
      operation: "PutScalingPolicy",
      input: {
        PolicyName: "SageMakerEndpointInvocationScalingPolicy",
        ResourceId: A,
        PolicyType: "TargetTrackingScaling",
        TargetTrackingScalingPolicyConfiguration: {
          TargetValue: 300,
          ScaleInCooldown: 600,
          ScaleOutCooldown: 60,
        },
      },
    });
    expect(schedStep!.undo).toEqual({
      service: "application-autoscaling",
      operation: "PutScheduledAction",
      input: {
        ServiceNamespace: "sagemaker",
        ScheduledActionName: "morning",
        ResourceId: A,
        ScalableDimension: INSTANCES,
        Schedule: "cron(0 9 * * ? *)",
        Timezone: "Europe/Berlin",
        StartTime: new Date("2030-01-01T00:00:00Z"),
        EndTime: new Date("2030-12-31T00:00:00Z"),
        ScalableTargetAction: { MinCapacity: 2, MaxCapacity: 6 },
      },
      summary: 'Recreate the scheduled action "morning" of shop/AllTraffic',
    });
    expect(deregister!.undo).toEqual({
      service: "application-autoscaling",
      operation: "RegisterScalableTarget",
      input: {
        ServiceNamespace: "sagemaker",
        ResourceId: A,
        ScalableDimension: INSTANCES,
        MinCapacity: 1,
        MaxCapacity: 4,
        SuspendedState: {
          DynamicScalingInSuspended: false,
          DynamicScalingOutSuspended: true,
          ScheduledScalingSuspended: false,
        },
      },
      summary: "Register shop/AllTraffic again as a scalable target: 1 to 4",
    });
    // RoleARN is ignored for SageMaker (the service-linked role is used) and never sent back.
    expect(JSON.stringify(deregister!.undo)).not.toContain("RoleARN");
  });

  it("the alarm deletion has no undo and comes after every step that has one", () => {
    const last = plan.steps.at(-1)!;
    expect(last.undo).toBeUndefined();
    expect(plan.steps.slice(0, -1).every((s) => s.undo !== undefined)).toBe(true);
  });

  it("leaves out members a describe call answered as null", () => {
    const bare = {
      ...scheduled(A, "once"),
      Timezone: null,
      EndTime: null,
      Schedule: "at(2030-01-01T00:00:00)",
    };
    const p = buildTeardownPlan({
      targets: [{ target: target(A), policies: [], scheduledActions: [bare as unknown as ScheduledAction] }],
      alarmNames: [],
    });
    expect(p.steps[0]!.undo!.input).not.toHaveProperty("Timezone");
    expect(p.steps[0]!.undo!.input).not.toHaveProperty("EndTime");
  });

  it("handles provisioned-concurrency targets and batches alarms by 100", () => {
    const pc = rid("sls", "v1");
    const names = Array.from({ length: 205 }, (_, i) => `sm-autoscale-${String(i).padStart(3, "0")}`);
    const p = buildTeardownPlan({
      targets: [{ target: target(pc, PC), policies: [policy(pc, "pc", PC)], scheduledActions: [] }],
      alarmNames: names,
    });
    expect(p.steps[0]!.summary).toBe('Delete the scaling policy "pc" of sls/v1 (provisioned concurrency)');
    expect(p.steps[1]!.input).toMatchObject({ ScalableDimension: PC });
    const batches = p.steps
      .filter((s) => s.operation === "DeleteAlarms")
      .map((s) => s.input.AlarmNames?.length);
    expect(batches).toEqual([100, 100, 5]);
  });

  it("an empty state makes an empty plan", () => {
    expect(buildTeardownPlan({ targets: [], alarmNames: [] }).steps).toEqual([]);
  });

  it("renders as a runnable script with one command per step", () => {
    const script = renderPlanScript(plan, { region: "eu-central-1" });
    expect(script).toContain("aws application-autoscaling delete-scaling-policy");
    expect(script).toContain("aws application-autoscaling delete-scheduled-action");
    expect(script).toContain("aws application-autoscaling deregister-scalable-target");
    expect(script).toContain(
      "aws cloudwatch delete-alarms \\\n    --alarm-names sm-autoscale-backlog-shop sm-autoscale-step-canary sm-autoscale-zero-alltraffic",
    );
  });
});

describe("inference components of an endpoint", () => {
  const COPIES = "sagemaker:inference-component:DesiredCopyCount";
  const chat = "inference-component/chat";
  const embed = "inference-component/embed";
  const withComponents = (): TeardownRead => {
    const r = read();
    r.targets.push(
      { target: target(chat, COPIES), policies: [policy(chat, "copies", COPIES)], scheduledActions: [] },
      { target: target(embed, COPIES), policies: [], scheduledActions: [] },
    );
    r.ownAlarms.push(
      { name: "sm-autoscale-chat-wake", actions: [], dimensions: { InferenceComponentName: "chat" } },
      { name: "sm-autoscale-embed-wake", actions: [], dimensions: { InferenceComponentName: "embed" } },
    );
    return { ...r, inferenceComponents: ["chat"] };
  };

  it("--endpoint takes the components read on it, by their resource ids, and only those", () => {
    const scope = { kind: "endpoint", endpointName: "shop", inferenceComponents: ["chat"] } as const;
    expect(inScope(scope, { ResourceId: chat })).toBe(true);
    expect(inScope(scope, { ResourceId: embed })).toBe(false);
    // Without the components read, none is in scope: the id names no endpoint.
    expect(inScope({ kind: "endpoint", endpointName: "shop" }, { ResourceId: chat })).toBe(false);
  });

  it("scopeState completes the scope with what was read: the components' targets and alarms go too", () => {
    const state = scopeState(withComponents(), { kind: "endpoint", endpointName: "shop" });
    expect(state.targets.map((t) => t.target.ResourceId)).toEqual([A, B, chat]);
    expect(state.alarmNames).toEqual([
      "sm-autoscale-backlog-shop",
      "sm-autoscale-chat-wake",
      "sm-autoscale-step-canary",
      "sm-autoscale-zero-alltraffic",
    ]);
    expect(buildTeardownPlan(state).steps.map((s) => s.summary)).toContain(
      "Deregister the scalable target inference component chat (was 1 to 4)",
    );
  });

  it("--variant: the components read on that variant, not the endpoint-wide alarm", () => {
    const state = scopeState(withComponents(), {
      kind: "endpoint",
      endpointName: "shop",
      variantName: "AllTraffic",
    });
    expect(state.targets.map((t) => t.target.ResourceId)).toEqual([A, chat]);
    expect(state.alarmNames).toEqual(["sm-autoscale-chat-wake", "sm-autoscale-zero-alltraffic"]);
  });
});

describe("a step policy's alarms, when a rollback puts the policy back", () => {
  const COPIES = "sagemaker:inference-component:DesiredCopyCount";
  const chat = "inference-component/chat";
  const stepPolicy = (resourceId: string, name: string): ScalingPolicy => ({
    ...policy(resourceId, name, COPIES),
    PolicyType: "StepScaling",
    TargetTrackingScalingPolicyConfiguration: undefined,
    StepScalingPolicyConfiguration: {
      AdjustmentType: "ChangeInCapacity",
      MetricAggregationType: "Maximum",
      Cooldown: 60,
      StepAdjustments: [{ MetricIntervalLowerBound: 0, ScalingAdjustment: 1 }],
    },
  });
  const wake = stepPolicy(chat, "wake");
  const other = stepPolicy(chat, "other-step");
  const alarm = (name: string, actions: string[]) => ({
    AlarmName: name,
    AlarmArn: `arn:aws:cloudwatch:eu-central-1:1:alarm:${name}`,
    StateValue: "OK" as const,
    MetricName: "NoCapacityInvocationFailures",
    Namespace: "AWS/SageMaker",
    Statistic: "Sum" as const,
    Dimensions: [{ Name: "InferenceComponentName", Value: "chat" }],
    Period: 60,
    EvaluationPeriods: 1,
    DatapointsToAlarm: 1,
    Threshold: 1,
    ComparisonOperator: "GreaterThanThreshold" as const,
    ActionsEnabled: true,
    AlarmActions: actions,
    OKActions: [],
    InsufficientDataActions: [],
  });
  const ours = alarm("sm-autoscale-chat-wake", [wake.PolicyARN!]);
  const theirs = alarm("team-chat-pager", ["arn:aws:sns:eu-central-1:1:pager", other.PolicyARN!]);
  const state = scopeState(
    {
      targets: [
        {
          target: target(chat, COPIES),
          policies: [policy(chat, "copies", COPIES), wake, other],
          scheduledActions: [],
        },
      ],
      ownAlarms: [
        {
          name: ours.AlarmName,
          actions: ours.AlarmActions,
          dimensions: { InferenceComponentName: "chat" },
          source: ours,
        },
      ],
      otherAlarms: [theirs],
      inferenceComponents: ["chat"],
    },
    { kind: "endpoint", endpointName: "llm" },
  );
  const plan = buildTeardownPlan(state);
  const deletion = (name: string) =>
    plan.steps.find((s) => s.operation === "DeleteScalingPolicy" && s.input.PolicyName === name)!;

  it("collects every alarm, ours or not, that triggers a step policy in scope", () => {
    expect(state.triggers?.map((a) => a.AlarmName)).toEqual(["sm-autoscale-chat-wake", "team-chat-pager"]);
    // Only ours is deleted.
    expect(state.alarmNames).toEqual(["sm-autoscale-chat-wake"]);
  });

  it("the undo of a step policy's deletion outputs the new ARN, and puts the alarm back with it", () => {
    const step = deletion("wake");
    expect(step.undo).toMatchObject({
      operation: "PutScalingPolicy",
      input: { PolicyName: "wake", PolicyType: "StepScaling" },
      output: { member: "PolicyARN", as: "RESTORED_POLICY_ARN_1" },
    });
    expect(step.undoAlso).toEqual([
      {
        service: "cloudwatch",
        operation: "PutMetricAlarm",
        input: {
          AlarmName: "sm-autoscale-chat-wake",
          ActionsEnabled: true,
          AlarmActions: [outputRef("RESTORED_POLICY_ARN_1", wake.PolicyARN)],
          MetricName: "NoCapacityInvocationFailures",
          Namespace: "AWS/SageMaker",
          Statistic: "Sum",
          Dimensions: [{ Name: "InferenceComponentName", Value: "chat" }],
          Period: 60,
          EvaluationPeriods: 1,
          DatapointsToAlarm: 1,
          Threshold: 1,
          ComparisonOperator: "GreaterThanThreshold",
        },
        summary: 'Point the alarm sm-autoscale-chat-wake at the recreated policy "wake" again',
      },
    ]);
  });

  it("each recreated policy has its own output; an alarm's other actions stay as read", () => {
    const step = deletion("other-step");
    expect(step.undo?.output).toEqual({ member: "PolicyARN", as: "RESTORED_POLICY_ARN_2" });
    expect(step.undoAlso?.[0]?.input).toMatchObject({
      AlarmName: "team-chat-pager",
      AlarmActions: ["arn:aws:sns:eu-central-1:1:pager", outputRef("RESTORED_POLICY_ARN_2", other.PolicyARN)],
    });
  });

  it("target tracking policies, and step policies no alarm triggers, have a plain undo", () => {
    expect(deletion("copies").undo?.output).toBeUndefined();
    expect(deletion("copies").undoAlso).toBeUndefined();
    const lone = buildTeardownPlan({
      targets: [{ target: target(chat, COPIES), policies: [wake], scheduledActions: [] }],
      alarmNames: [],
    });
    expect(lone.steps[0]?.undo?.output).toBeUndefined();
    expect(lone.steps[0]?.undoAlso).toBeUndefined();
  });

  it("the rollback's commands capture the ARN and hand it to the alarm, keeping its other actions", () => {
    const step = deletion("other-step");
    const script = renderPlanScript(
      { title: "undo", steps: [step.undo!, ...(step.undoAlso ?? [])] },
      { region: "eu-central-1" },
    );
    expect(script).toContain("RESTORED_POLICY_ARN_2=$(aws application-autoscaling put-scaling-policy \\");
    expect(script).toContain("--query PolicyARN --output text)");
    // Where the policy was not put back (not deleted yet), the alarm keeps the ARN it had.
    expect(script).toContain(
      `--alarm-actions arn:aws:sns:eu-central-1:1:pager "\${RESTORED_POLICY_ARN_2:-${other.PolicyARN}}"`,
    );
  });

  it("an alarm that triggers two deleted step policies points at both again, whichever undos ran", async () => {
    const a = stepPolicy(chat, "out-a");
    const b = stepPolicy(rid("other", "AllTraffic"), "out-b");
    const both = alarm("team-queue-deep", [a.PolicyARN!, "arn:aws:sns:eu-central-1:1:pager", b.PolicyARN!]);
    const twoTargets = buildTeardownPlan({
      targets: [
        { target: target(chat, COPIES), policies: [a], scheduledActions: [] },
        { target: target(rid("other", "AllTraffic")), policies: [b], scheduledActions: [] },
      ],
      alarmNames: [],
      triggers: [{ ...both, OKActions: [b.PolicyARN!] }],
    });
    const undoOf = (name: string) => {
      const step = twoTargets.steps.find(
        (s) => s.operation === "DeleteScalingPolicy" && s.input.PolicyName === name,
      )!;
      return { as: step.undo!.output!.as, repoint: step.undoAlso![0]! };
    };
    const [undoA, undoB] = [undoOf("out-a"), undoOf("out-b")];
    expect(undoA.as).not.toBe(undoB.as);
    // Rollback runs the undos newest first: B's, then A's. After both, the alarm names both new ARNs.
    const afterBoth = new Map([
      [undoB.as, "arn:b:new"],
      [undoA.as, "arn:a:new"],
    ]);
    expect(withOutputs(undoA.repoint, afterBoth).input).toMatchObject({
      AlarmActions: ["arn:a:new", "arn:aws:sns:eu-central-1:1:pager", "arn:b:new"],
      OKActions: ["arn:b:new"],
    });
    // Run by the executor, failing at the last deregistration: the last PutMetricAlarm of the rollback names both.
    const alarmPuts: unknown[] = [];
    let minted = 0;
    const result = await executePlan(twoTargets, {
      send: async (step) => {
        if (step.operation === "DeregisterScalableTarget" && step.input.ResourceId !== chat) {
          throw awsError("AccessDeniedException", "not authorized to perform");
        }
        if (step.operation === "PutMetricAlarm") alarmPuts.push(step.input.AlarmActions);
        return step.operation === "PutScalingPolicy" ? { PolicyARN: `arn:new:${++minted}` } : {};
      },
      sleep: async () => {},
      retry: { attempts: 1, baseDelayMs: 1, maxDelayMs: 1 },
    });
    expect(result.rollback?.failure).toBeUndefined();
    expect(alarmPuts.at(-1)).toEqual(["arn:new:2", "arn:aws:sns:eu-central-1:1:pager", "arn:new:1"]);
    // A failure before B was deleted: only A is put back, and B's ARN as read still holds.
    expect(withOutputs(undoA.repoint, new Map([[undoA.as, "arn:a:new"]])).input).toMatchObject({
      AlarmActions: ["arn:a:new", "arn:aws:sns:eu-central-1:1:pager", b.PolicyARN],
      OKActions: [b.PolicyARN],
    });
  });
});
