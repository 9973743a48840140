import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import {
  ApplicationAutoScalingClient,
  DeregisterScalableTargetCommand,
  DescribeScalingActivitiesCommand,
  PutScalingPolicyCommand,
} from "@aws-sdk/client-application-auto-scaling";
import {
  CloudWatchClient,
  DeleteAlarmsCommand,
  DescribeAlarmsCommand,
  GetMetricDataCommand,
  PutMetricAlarmCommand,
} from "@aws-sdk/client-cloudwatch";
import { CreateServiceLinkedRoleCommand, IAMClient } from "@aws-sdk/client-iam";
import {
  DescribeEndpointCommand,
  DescribeEndpointConfigCommand,
  DescribeInferenceComponentCommand,
  ListEndpointsCommand,
  ListInferenceComponentsCommand,
  SageMakerClient,
} from "@aws-sdk/client-sagemaker";
import {
  ListAWSDefaultServiceQuotasCommand,
  ListServiceQuotasCommand,
  ServiceQuotasClient,
} from "@aws-sdk/client-service-quotas";
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { mockClient } from "aws-sdk-client-mock";
import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import { runDescribe } from "../../src/commands/describe.js";
import { runExport } from "../../src/commands/export.js";
import { runIamPolicy } from "../../src/commands/iam-policy.js";
import { runInit } from "../../src/commands/init.js";
import { runScheduleAdd, runScheduleList, runScheduleRemove } from "../../src/commands/schedule.js";
import { runSimulate } from "../../src/commands/simulate.js";
import { runTeardown } from "../../src/commands/teardown.js";
import {
  actionsFor,
  buildIamPolicy,
  OPERATION_ACTIONS,
  PLAN_OPERATIONS,
  type PolicyCommand,
  READ_ACTIONS,
  slrArnPattern,
} from "../../src/domain/iam-policy.js";
import { ASYNC } from "../../src/domain/scaling-kinds.js";
import { UsageError } from "../../src/errors.js";
import { buildInitPlan } from "../../src/plan/build-init.js";
import { buildScheduleAddPlan, buildScheduleRemovePlan } from "../../src/plan/build-schedule.js";
import { buildTeardownPlan } from "../../src/plan/build-teardown.js";
import type { PlanStep, ScalingPlan } from "../../src/plan/types.js";
import { fakeContext } from "./fake-context.js";
import { sdkClients } from "./mock-clients.js";
import { type AasWorld, statefulAutoscaling } from "./stateful-aas.js";

const mocks = {
  sagemaker: mockClient(SageMakerClient),
  "application-autoscaling": mockClient(ApplicationAutoScalingClient),
  iam: mockClient(IAMClient),
  cloudwatch: mockClient(CloudWatchClient),
  sts: mockClient(STSClient),
  servicequotas: mockClient(ServiceQuotasClient),
};

/** Every call sent through the mocked clients, as the IAM action it needs: `service:Operation`. */
function actionsCalled(): Set<string> {
  const called = new Set<string>();
  for (const [service, mock] of Object.entries(mocks)) {
    for (const call of mock.calls()) {
      called.add(`${service}:${(call.args[0] as object).constructor.name.replace(/Command$/, "")}`);
    }
  }
  return called;
}

const RID = "endpoint/shop/variant/AllTraffic";
const INSTANCES = "sagemaker:variant:DesiredInstanceCount";

/** shop/AllTraffic autoscaled 1 to 4, with a custom-named policy (so that init offers to replace it). */
function seedAutoscaling(): AasWorld {
  return statefulAutoscaling(mocks["application-autoscaling"], {
    targets: [
      {
        ServiceNamespace: "sagemaker",
        ResourceId: RID,
        ScalableDimension: INSTANCES,
        MinCapacity: 1,
        MaxCapacity: 4,
        RoleARN: "r",
        CreationTime: new Date(),
      },
    ],
    policies: [
      {
        PolicyARN: "arn:p",
        PolicyName: "custom",
        ServiceNamespace: "sagemaker",
        ResourceId: RID,
        ScalableDimension: INSTANCES,
        PolicyType: "TargetTrackingScaling",
        TargetTrackingScalingPolicyConfiguration: { TargetValue: 10 },
        Alarms: [{ AlarmName: `TargetTracking-${RID}-AlarmHigh-1`, AlarmARN: "arn:a" }],
        CreationTime: new Date(),
      },
    ],
  });
}

beforeEach(() => {
  for (const m of Object.values(mocks)) m.reset();
  const { sagemaker: sm, "application-autoscaling": aas, cloudwatch: cw, sts, iam } = mocks;
  sts.on(GetCallerIdentityCommand).resolves({ Account: "1", Arn: "arn:aws:iam::1:user/u" });
  sm.on(ListEndpointsCommand).resolves({
    Endpoints: [
      {
        EndpointName: "shop",
        EndpointStatus: "InService",
        EndpointArn: "a",
        CreationTime: new Date(),
        LastModifiedTime: new Date(),
      },
    ],
  });
  sm.on(DescribeEndpointCommand).resolves({
    EndpointName: "shop",
    EndpointConfigName: "c",
    EndpointStatus: "InService",
    ProductionVariants: [{ VariantName: "AllTraffic", CurrentInstanceCount: 2, DesiredInstanceCount: 2 }],
  } as never);
  sm.on(DescribeEndpointConfigCommand).resolves({
    EndpointConfigName: "c",
    ProductionVariants: [
      { VariantName: "AllTraffic", ModelName: "m", InstanceType: "ml.m5.large", InitialInstanceCount: 2 },
    ],
  } as never);
  aas.on(DescribeScalingActivitiesCommand).resolves({ ScalingActivities: [] });
  seedAutoscaling();
  cw.on(GetMetricDataCommand).resolves({ MetricDataResults: [{ Id: "ipi", Values: [100] }] });
  cw.on(DescribeAlarmsCommand).resolves({
    MetricAlarms: [{ AlarmName: "sm-autoscale-x", Dimensions: [{ Name: "EndpointName", Value: "shop" }] }],
  });
  cw.on(DeleteAlarmsCommand).resolves({});
  iam.on(CreateServiceLinkedRoleCommand).resolves({});
  mocks.servicequotas.on(ListServiceQuotasCommand).resolves({ Quotas: [] });
  mocks.servicequotas.on(ListAWSDefaultServiceQuotasCommand).resolves({ Quotas: [] });
  sm.on(ListInferenceComponentsCommand).resolves({ InferenceComponents: [] });
});

/**
 * shop hosts the inference component chat (managed instance scaling 0–2), autoscaled 0 to 4 copies with the step
 * policy and alarm that wake it; shop/AllTraffic keeps its target too.
 */
function inferenceComponentRegion(): void {
  const { sagemaker: sm, cloudwatch: cw } = mocks;
  sm.on(DescribeEndpointConfigCommand).resolves({
    EndpointConfigName: "c",
    ExecutionRoleArn: "arn:aws:iam::1:role/r",
    ProductionVariants: [
      {
        VariantName: "AllTraffic",
        InstanceType: "ml.g5.xlarge",
        InitialInstanceCount: 1,
        ManagedInstanceScaling: { Status: "ENABLED", MinInstanceCount: 0, MaxInstanceCount: 2 },
      },
    ],
  } as never);
  sm.on(ListInferenceComponentsCommand).resolves({
    InferenceComponents: [
      { InferenceComponentName: "chat", EndpointName: "shop", VariantName: "AllTraffic" },
    ],
  } as never);
  sm.on(DescribeInferenceComponentCommand).resolves({
    InferenceComponentName: "chat",
    EndpointName: "shop",
    VariantName: "AllTraffic",
    InferenceComponentStatus: "InService",
    RuntimeConfig: { DesiredCopyCount: 1, CurrentCopyCount: 1 },
  } as never);
  const world = seedAutoscaling();
  const ic = "inference-component/chat";
  const copies = "sagemaker:inference-component:DesiredCopyCount";
  world.targets.push({
    ServiceNamespace: "sagemaker",
    ResourceId: ic,
    ScalableDimension: copies,
    MinCapacity: 0,
    MaxCapacity: 4,
    RoleARN: "r",
    CreationTime: new Date(),
  });
  world.policies.push({
    PolicyARN: "arn:step",
    PolicyName: "sm-autoscale-ic-scale-out-from-zero",
    ServiceNamespace: "sagemaker",
    ResourceId: ic,
    ScalableDimension: copies,
    PolicyType: "StepScaling",
    StepScalingPolicyConfiguration: {
      AdjustmentType: "ChangeInCapacity",
      StepAdjustments: [{ MetricIntervalLowerBound: 0, ScalingAdjustment: 1 }],
    },
    Alarms: [{ AlarmName: "sm-autoscale-chat-no-capacity-invocation-failures", AlarmARN: "arn:alarm" }],
    CreationTime: new Date(),
  });
  cw.on(DescribeAlarmsCommand).resolves({
    MetricAlarms: [
      {
        AlarmName: "sm-autoscale-chat-no-capacity-invocation-failures",
        MetricName: "NoCapacityInvocationFailures",
        Namespace: "AWS/SageMaker",
        Dimensions: [{ Name: "InferenceComponentName", Value: "chat" }],
        Statistic: "Sum",
        Period: 60,
        EvaluationPeriods: 1,
        Threshold: 1,
        ComparisonOperator: "GreaterThanThreshold",
        AlarmActions: ["arn:step"],
      },
    ],
  });
}

/** A plan's steps with their undo steps, and what follows an undo. */
function allSteps(plan: ScalingPlan): PlanStep[] {
  return plan.steps.flatMap((s) => [s, ...(s.undo ? [s.undo] : []), ...(s.undoAlso ?? [])]);
}

function expectCovered(command: PolicyCommand, called: Iterable<string>) {
  const allowed = new Set(actionsFor(command));
  for (const action of called) expect(allowed, `${command} calls ${action}`).toContain(action);
}

describe("the IAM policy covers every call a command makes", () => {
  it("teardown: each mode's reads and changes (rollback included)", async () => {
    const runs: Parameters<typeof runTeardown>[1][] = [
      { endpoint: "shop", yes: true },
      { endpoint: "shop", variant: "AllTraffic", dryRun: true },
      { all: true, yes: true },
    ];
    for (const flags of runs) {
      seedAutoscaling();
      await runTeardown(fakeContext({ clients: sdkClients() }), flags);
    }
    // a failure that rolls back: undo steps are calls too, the alarm of a step policy put back included; on an
    // inference-component endpoint, whose components are listed
    inferenceComponentRegion();
    mocks.cloudwatch.on(PutMetricAlarmCommand).resolves({});
    mocks["application-autoscaling"]
      .on(DeregisterScalableTargetCommand, { ResourceId: "inference-component/chat" })
      .rejects(new Error("boom"));
    await runTeardown(fakeContext({ clients: sdkClients() }), { endpoint: "shop", yes: true }).catch(
      () => {},
    );
    const called = actionsCalled();
    expect(called).toContain("cloudwatch:DeleteAlarms");
    expect(called).toContain("application-autoscaling:PutScalingPolicy");
    expect(called).toContain("cloudwatch:PutMetricAlarm");
    expect(called).toContain("sagemaker:ListInferenceComponents");
    expectCovered("teardown", called);
    // least privilege: no read is declared that the command does not make
    for (const read of READ_ACTIONS.teardown) expect(called).toContain(read);
  });

  it("init: interactive (endpoint list, metric history) and with flags, replacing a custom policy", async () => {
    // A new target first (the role step), then a re-run with flags on the target now there (its activities).
    const seeded = seedAutoscaling();
    seeded.targets = [];
    await runInit(
      fakeContext({
        clients: sdkClients(),
        canPrompt: true,
        answers: {
          endpoint: "shop",
          metric: (choices: { value: unknown }[]) => choices[0]!.value,
          policyType: "target-tracking",
          replaceCustomPolicies: true,
          min: 1,
          max: 4,
          targetMethod: "value",
          target: 300,
          scaleInCooldown: 300,
          scaleOutCooldown: 300,
          disableScaleIn: false,
          confirm: true,
        },
      }),
      {},
    );
    await runInit(fakeContext({ clients: sdkClients() }), {
      endpoint: "shop",
      min: "2",
      max: "4",
      target: "300",
      replaceCustomPolicies: true,
      yes: true,
    });
    // A run that fails on a new target and is rolled back: the rollback's reads are calls too.
    const fresh = seedAutoscaling();
    fresh.targets = [];
    fresh.policies = [];
    mocks["application-autoscaling"].on(PutScalingPolicyCommand).rejects(new Error("socket hang up"));
    await runInit(fakeContext({ clients: sdkClients() }), {
      endpoint: "shop",
      min: "1",
      max: "4",
      target: "300",
      yes: true,
    }).catch(() => {});
    // An inference component at a minimum of 0: its listing, its copies, and the alarm that wakes it.
    const sagemaker = mocks.sagemaker;
    sagemaker.on(DescribeEndpointConfigCommand).resolves({
      EndpointConfigName: "c",
      ProductionVariants: [
        {
          VariantName: "AllTraffic",
          InstanceType: "ml.g5.xlarge",
          InitialInstanceCount: 1,
          ManagedInstanceScaling: { Status: "ENABLED", MinInstanceCount: 0, MaxInstanceCount: 2 },
        },
      ],
    } as never);
    sagemaker.on(ListInferenceComponentsCommand).resolves({
      InferenceComponents: [
        { InferenceComponentName: "chat", EndpointName: "shop", VariantName: "AllTraffic" },
      ],
    } as never);
    sagemaker.on(DescribeInferenceComponentCommand).resolves({
      InferenceComponentName: "chat",
      InferenceComponentStatus: "InService",
      RuntimeConfig: { DesiredCopyCount: 1, CurrentCopyCount: 1 },
    } as never);
    mocks.cloudwatch.on(PutMetricAlarmCommand).resolves({});
    seedAutoscaling().targets = [];
    mocks["application-autoscaling"].on(PutScalingPolicyCommand).resolves({ PolicyARN: "arn:step" });
    await runInit(fakeContext({ clients: sdkClients() }), {
      endpoint: "shop",
      min: "0",
      max: "4",
      target: "10",
      yes: true,
    });
    // Step scaling on the same component: its alarms read by name, then its two step policies and alarms.
    await runInit(fakeContext({ clients: sdkClients() }), {
      endpoint: "shop",
      min: "1",
      max: "4",
      policyType: "step",
      scaleOutAbove: "100",
      scaleInBelow: "20",
      yes: true,
    });
    const called = actionsCalled();
    expect(called).toContain("cloudwatch:PutMetricAlarm");
    expect(called).toContain("application-autoscaling:DeregisterScalableTarget");
    expect(called).toContain("sagemaker:ListEndpoints");
    expect(called).toContain("cloudwatch:GetMetricData");
    expect(called).toContain("iam:CreateServiceLinkedRole");
    expectCovered("init", called);
    for (const read of READ_ACTIONS.init) expect(called).toContain(read);
  });

  it("describe: the whole region and one endpoint; it declares exactly what it calls", async () => {
    await runDescribe(fakeContext({ clients: sdkClients() }), {}, {});
    await runDescribe(fakeContext({ clients: sdkClients() }), { endpoint: "shop", json: true }, {});
    // An inference-component endpoint: its components (with --endpoint), and each component's endpoint and copies.
    inferenceComponentRegion();
    await runDescribe(fakeContext({ clients: sdkClients() }), {}, {});
    await runDescribe(fakeContext({ clients: sdkClients() }), { endpoint: "shop", json: true }, {});
    const called = actionsCalled();
    expect(called).toContain("sagemaker:ListInferenceComponents");
    expect(called).toContain("sagemaker:DescribeInferenceComponent");
    expectCovered("describe", called);
    expect(new Set(actionsFor("describe"))).toEqual(called);
  });

  it("schedule: add (picking the endpoint, replacing, on an inference component), list, remove; exactly what it calls", async () => {
    const seeded = seedAutoscaling();
    mocks.sagemaker.on(ListInferenceComponentsCommand).resolves({ InferenceComponents: [] });
    const add = (flags: Parameters<typeof runScheduleAdd>[1], answers = {}) =>
      runScheduleAdd(
        fakeContext({ clients: sdkClients(), canPrompt: Object.keys(answers).length > 0, answers }),
        flags,
      );
    // Interactive: the endpoint picker, then the questions.
    await add(
      {},
      { endpoint: "shop", name: "morning", schedule: "rate(1 day)", min: 1, max: 2, confirm: true },
    );
    // The same name, another schedule: delete, then put.
    await add({ endpoint: "shop", name: "morning", schedule: "rate(2 days)", max: "3", yes: true });
    expect(seeded.actions.map((a) => a.Schedule)).toEqual(["rate(2 days)"]);
    await runScheduleRemove(fakeContext({ clients: sdkClients() }), {
      endpoint: "shop",
      name: "morning",
      yes: true,
    });
    expect(seeded.actions).toEqual([]);
    // A list of an endpoint with nothing on it checks that the endpoint exists.
    await runScheduleList(fakeContext({ clients: sdkClients() }), { endpoint: "shop", json: true });
    // An inference component: its listing and its copies.
    mocks.sagemaker.on(DescribeEndpointConfigCommand).resolves({
      EndpointConfigName: "c",
      ProductionVariants: [
        { VariantName: "AllTraffic", InstanceType: "ml.g5.xlarge", InitialInstanceCount: 1 },
      ],
    } as never);
    mocks.sagemaker.on(ListInferenceComponentsCommand).resolves({
      InferenceComponents: [
        { InferenceComponentName: "chat", EndpointName: "shop", VariantName: "AllTraffic" },
      ],
    } as never);
    mocks.sagemaker.on(DescribeInferenceComponentCommand).resolves({
      InferenceComponentName: "chat",
      InferenceComponentStatus: "InService",
      RuntimeConfig: { DesiredCopyCount: 1, CurrentCopyCount: 1 },
    } as never);
    seeded.targets.push({
      ServiceNamespace: "sagemaker",
      ResourceId: "inference-component/chat",
      ScalableDimension: "sagemaker:inference-component:DesiredCopyCount",
      MinCapacity: 1,
      MaxCapacity: 2,
    } as never);
    await add({ endpoint: "shop", name: "night", schedule: "cron(0 22 * * ? *)", min: "1", yes: true });
    expect(seeded.actions.map((a) => a.ResourceId)).toEqual(["inference-component/chat"]);
    const called = actionsCalled();
    expectCovered("schedule", called);
    expect(new Set(actionsFor("schedule"))).toEqual(called);
  });

  it("simulate: reads only, and declares exactly what it calls", async () => {
    const minute = Date.parse("2026-03-15T12:00:00Z");
    mocks.cloudwatch.on(GetMetricDataCommand).resolves({
      MetricDataResults: [
        {
          Id: "inv",
          Timestamps: Array.from({ length: 60 }, (_, i) => new Date(minute - (i + 1) * 60_000)),
          Values: Array.from({ length: 60 }, () => 100),
        },
      ],
    });
    await runSimulate(
      fakeContext({ clients: sdkClients() }),
      { endpoint: "shop", targets: "100", json: true },
      {},
      {},
      () => new Date(minute),
    );
    const called = actionsCalled();
    expect(new Set(actionsFor("simulate"))).toEqual(called);
    for (const action of called) expect(action).toMatch(/:(Describe|List|Get)/);
  });

  it("export: an endpoint, one inference component, the whole region; it declares exactly what it calls", async () => {
    const world = seedAutoscaling();
    world.targets.push({
      ServiceNamespace: "sagemaker",
      ResourceId: "inference-component/chat",
      ScalableDimension: "sagemaker:inference-component:DesiredCopyCount",
      MinCapacity: 0,
      MaxCapacity: 2,
      RoleARN: "r",
      CreationTime: new Date(),
    });
    world.policies.push({
      PolicyARN: "arn:step",
      PolicyName: "wake",
      ServiceNamespace: "sagemaker",
      ResourceId: RID,
      ScalableDimension: INSTANCES,
      PolicyType: "StepScaling",
      StepScalingPolicyConfiguration: { Cooldown: 60 },
      Alarms: [{ AlarmName: "sm-autoscale-x", AlarmARN: "arn:alarm" }],
      CreationTime: new Date(),
    });
    mocks.sagemaker.on(ListInferenceComponentsCommand).resolves({
      InferenceComponents: [
        { InferenceComponentName: "chat", EndpointName: "shop", VariantName: "AllTraffic" },
      ],
    } as never);
    mocks.sagemaker.on(DescribeInferenceComponentCommand).resolves({
      InferenceComponentName: "chat",
      EndpointName: "shop",
    } as never);
    for (const flags of [
      { endpoint: "shop", format: "terraform" },
      { endpoint: "shop", inferenceComponent: "chat", format: "ack" },
      { all: true, format: "cdk" },
    ]) {
      await runExport(fakeContext({ clients: sdkClients() }), flags);
    }
    // Nothing to export: the hint reads the endpoint's config, to suggest only an init that would work.
    world.targets.length = 0;
    world.policies.length = 0;
    await runExport(fakeContext({ clients: sdkClients() }), { endpoint: "shop", format: "terraform" }).catch(
      () => undefined,
    );
    const called = actionsCalled();
    expect(called).toContain("cloudwatch:DescribeAlarms");
    expect(called).toContain("sagemaker:DescribeEndpointConfig");
    expect(new Set(actionsFor("export"))).toEqual(called);
  });

  it("every operation of every plan, undo steps included, is one its command declares", () => {
    const settings = {
      endpointName: "shop",
      variantName: "AllTraffic",
      minCapacity: 1,
      maxCapacity: 4,
      targetValue: 300,
      scaleInCooldown: 300,
      scaleOutCooldown: 300,
      disableScaleIn: false,
    };
    const key = { ServiceNamespace: "sagemaker", ResourceId: RID, ScalableDimension: INSTANCES } as const;
    const builtIn = {
      ...key,
      PolicyName: "SageMakerEndpointInvocationScalingPolicy",
      PolicyType: "TargetTrackingScaling",
    };
    const initPlans = [
      // a new target and policy: undo deregisters and deletes
      buildInitPlan(settings, { policies: [] }),
      // an existing target and policy, and a custom policy replaced: undo restores all three
      buildInitPlan(
        settings,
        { target: { ...key, MinCapacity: 1, MaxCapacity: 2 }, policies: [builtIn] } as never,
        [{ ...key, PolicyName: "custom", PolicyType: "TargetTrackingScaling" } as never],
      ),
    ];
    // An async endpoint at a minimum of 0: the step policy and its alarm (undo: delete them, or restore them).
    const asyncSubject = { endpointName: "jobs", variantName: "AllTraffic" };
    const wake = ASYNC.fromZero!(asyncSubject);
    const asyncKey = {
      ServiceNamespace: "sagemaker",
      ResourceId: "endpoint/jobs/variant/AllTraffic",
      ScalableDimension: INSTANCES,
    } as const;
    initPlans.push(
      buildInitPlan(
        { ...settings, minCapacity: 0, kind: ASYNC, subject: asyncSubject, fromZero: true },
        { policies: [] },
      ),
      buildInitPlan({ ...settings, minCapacity: 0, kind: ASYNC, subject: asyncSubject, fromZero: true }, {
        target: { ...asyncKey, MinCapacity: 0, MaxCapacity: 2 },
        policies: [
          { ...asyncKey, PolicyName: wake.policyName, PolicyType: "StepScaling", PolicyARN: "arn:old" },
        ],
        alarms: [{ ...wake.alarm, AlarmActions: ["arn:old"], Threshold: 2 }],
      } as never),
    );
    const operations = new Set(initPlans.flatMap(allSteps).map((step) => step.operation));
    expect(operations).toContain("PutMetricAlarm");
    expect(operations).toContain("DeleteAlarms");
    for (const operation of operations) expect(PLAN_OPERATIONS.init).toContain(operation);

    const teardown = buildTeardownPlan({
      targets: [
        {
          target: { ServiceNamespace: "sagemaker", ResourceId: RID, ScalableDimension: INSTANCES },
          policies: [
            { PolicyName: "p", ServiceNamespace: "sagemaker", ResourceId: RID, ScalableDimension: INSTANCES },
            {
              PolicyName: "step",
              PolicyARN: "arn:step",
              PolicyType: "StepScaling",
              ServiceNamespace: "sagemaker",
              ResourceId: RID,
              ScalableDimension: INSTANCES,
            },
          ],
          scheduledActions: [
            {
              ScheduledActionName: "s",
              ServiceNamespace: "sagemaker",
              ResourceId: RID,
              ScalableDimension: INSTANCES,
            },
          ],
        },
      ] as never,
      alarmNames: ["sm-autoscale-a"],
      triggers: [{ AlarmName: "sm-autoscale-a", AlarmActions: ["arn:step"] }],
    });
    const target = { resourceId: RID, dimension: INSTANCES, where: "shop/AllTraffic" };
    const old = { ...key, ScheduledActionName: "s", Schedule: "rate(1 day)" };
    const schedulePlans = [
      buildScheduleAddPlan(target, { name: "s", schedule: "rate(2 days)", max: 2 }, undefined),
      buildScheduleAddPlan(target, { name: "s", schedule: "rate(2 days)", max: 2 }, old as never),
      buildScheduleRemovePlan(target, old as never),
    ];
    expect(new Set(schedulePlans.flatMap(allSteps).map((step) => step.operation))).toEqual(
      new Set(PLAN_OPERATIONS.schedule),
    );

    const ops = allSteps(teardown).map((s) => s.operation);
    expect(new Set(ops)).toEqual(new Set(PLAN_OPERATIONS.teardown));
    for (const op of ops) {
      for (const action of OPERATION_ACTIONS[op]) expect(actionsFor("teardown")).toContain(action);
    }
  });
});

describe("buildIamPolicy", () => {
  it("scopes CreateServiceLinkedRole to the SageMaker autoscaling role and service name, for init only", () => {
    const slr = buildIamPolicy(["init"]).Statement.find((s) =>
      s.Action.includes("iam:CreateServiceLinkedRole"),
    );
    expect(slr).toEqual({
      Sid: "ServiceLinkedRoleForSageMakerAutoscaling",
      Effect: "Allow",
      Action: ["iam:CreateServiceLinkedRole"],
      Resource:
        "arn:aws:iam::*:role/aws-service-role/sagemaker.application-autoscaling.amazonaws.com/AWSServiceRoleForApplicationAutoScaling_SageMakerEndpoint",
      Condition: { StringLike: { "iam:AWSServiceName": "sagemaker.application-autoscaling.amazonaws.com" } },
    });
    expect(slrArnPattern()).toBe(slr?.Resource);
    for (const command of ["describe", "teardown"] as const) {
      expect(JSON.stringify(buildIamPolicy([command]))).not.toContain("iam:");
    }
  });

  it("writes the role's ARN in the partition it is given; the service principal is the same in each", () => {
    const slrOf = (partition: string) =>
      buildIamPolicy(["init"], partition).Statement.find((s) =>
        s.Action.includes("iam:CreateServiceLinkedRole"),
      );
    for (const partition of ["aws", "aws-cn", "aws-us-gov", "aws-iso", "aws-iso-b"]) {
      const slr = slrOf(partition);
      expect(slr?.Resource).toBe(
        `arn:${partition}:iam::*:role/aws-service-role/sagemaker.application-autoscaling.amazonaws.com/AWSServiceRoleForApplicationAutoScaling_SageMakerEndpoint`,
      );
      expect(slr?.Condition).toEqual({
        StringLike: { "iam:AWSServiceName": "sagemaker.application-autoscaling.amazonaws.com" },
      });
      // Only the ARN's partition differs.
      const generic = (p: string) =>
        buildIamPolicy(undefined, p).Statement.map((st) => ({
          ...st,
          Resource: st.Resource.replace(`arn:${p}:`, "arn:PARTITION:"),
        }));
      expect(generic(partition)).toEqual(generic("aws"));
    }
  });

  it("describe is read-only", () => {
    const actions = buildIamPolicy(["describe"]).Statement.flatMap((s) => s.Action);
    for (const a of actions) expect(a).toMatch(/:(Describe|List|Get)/);
  });

  it("without --for, is the union of the commands; no wildcard actions, no duplicates", () => {
    const actions = buildIamPolicy().Statement.flatMap((s) => s.Action);
    expect(new Set(actions).size).toBe(actions.length);
    expect(actions.some((a) => a.includes("*"))).toBe(false);
    const union = new Set([
      ...actionsFor("init"),
      ...actionsFor("describe"),
      ...actionsFor("teardown"),
      ...actionsFor("schedule"),
    ]);
    expect(new Set(actions)).toEqual(union);
  });

  it("the command prints the JSON document on stdout", async () => {
    const out = new PassThrough();
    let text = "";
    out.on("data", (c: Buffer) => {
      text += c.toString();
    });
    await runIamPolicy(out, { for: "teardown" });
    const doc = JSON.parse(text);
    expect(doc.Version).toBe("2012-10-17");
    expect(doc.Statement.flatMap((s: { Action: string[] }) => s.Action)).toContain(
      "application-autoscaling:DeregisterScalableTarget",
    );
    await expect(runIamPolicy(out, { for: "nope" })).rejects.toThrow(
      /not one of: init, describe, teardown, schedule, simulate/,
    );
  });

  describe("the command's ARNs follow the region: --region, else AWS_REGION, else AWS_DEFAULT_REGION, else the profile's", () => {
    const slrArn = async (globals: { region?: string; profile?: string }) => {
      const out = new PassThrough();
      let text = "";
      out.on("data", (c: Buffer) => {
        text += c.toString();
      });
      await runIamPolicy(out, { for: "init" }, globals);
      const doc = JSON.parse(text) as { Statement: { Action: string[]; Resource: string }[] };
      return doc.Statement.find((s) => s.Action.includes("iam:CreateServiceLinkedRole"))?.Resource;
    };
    const VARIABLES = [
      "AWS_REGION",
      "AWS_DEFAULT_REGION",
      "AWS_PROFILE",
      "AWS_CONFIG_FILE",
      "AWS_SHARED_CREDENTIALS_FILE",
    ] as const;
    const saved = Object.fromEntries(VARIABLES.map((name) => [name, process.env[name]]));
    const dir = mkdtempSync(join(tmpdir(), "sm-autoscale-iam-policy-"));
    let files = 0;
    /** Profile files of the test's own, fresh names each time (the SDK's loader caches a file by its path). */
    const useConfig = (config: string) => {
      files++;
      process.env.AWS_CONFIG_FILE = join(dir, `config-${files}`);
      process.env.AWS_SHARED_CREDENTIALS_FILE = join(dir, `credentials-${files}`);
      writeFileSync(process.env.AWS_CONFIG_FILE, config);
      writeFileSync(process.env.AWS_SHARED_CREDENTIALS_FILE, "");
    };
    afterEach(() => {
      for (const [name, value] of Object.entries(saved)) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    });
    afterAll(() => rmSync(dir, { recursive: true, force: true }));
    beforeEach(() => {
      delete process.env.AWS_REGION;
      delete process.env.AWS_DEFAULT_REGION;
      delete process.env.AWS_PROFILE;
      // Never the developer's own ~/.aws files.
      useConfig("");
    });

    it.each([
      ["us-east-1", "aws"],
      ["eu-central-1", "aws"],
      ["cn-north-1", "aws-cn"],
      ["cn-northwest-1", "aws-cn"],
      ["us-gov-west-1", "aws-us-gov"],
      ["us-gov-east-1", "aws-us-gov"],
      ["us-iso-east-1", "aws-iso"],
      ["us-isob-east-1", "aws-iso-b"],
      ["eusc-de-east-1", "aws-eusc"],
    ])("--region %s: %s", async (region, partition) => {
      expect(await slrArn({ region })).toMatch(new RegExp(`^arn:${partition}:iam::\\*:role/`));
    });

    it("without a region, the aws partition; the flag wins over the environment, AWS_REGION over AWS_DEFAULT_REGION", async () => {
      expect(await slrArn({})).toMatch(/^arn:aws:iam::/);
      process.env.AWS_DEFAULT_REGION = "us-gov-west-1";
      expect(await slrArn({})).toMatch(/^arn:aws-us-gov:iam::/);
      process.env.AWS_REGION = "cn-north-1";
      expect(await slrArn({})).toMatch(/^arn:aws-cn:iam::/);
      expect(await slrArn({ region: "eu-west-1" })).toMatch(/^arn:aws:iam::/);
    });

    it("the region of the profile (--profile, AWS_PROFILE, else default) when none is given, as the other commands take it", async () => {
      useConfig("[default]\nregion = us-gov-east-1\n[profile china]\nregion = cn-northwest-1\n");
      expect(await slrArn({ profile: "china" })).toMatch(/^arn:aws-cn:iam::/);
      expect(await slrArn({})).toMatch(/^arn:aws-us-gov:iam::/);
      process.env.AWS_PROFILE = "china";
      expect(await slrArn({})).toMatch(/^arn:aws-cn:iam::/);
      // A region given wins over the profile's.
      process.env.AWS_REGION = "eu-west-1";
      expect(await slrArn({ profile: "china" })).toMatch(/^arn:aws:iam::/);
    });

    it("a profile that is not defined is a usage error, as for the other commands", async () => {
      useConfig("[profile production]\nregion = us-east-1\n");
      const error = await slrArn({ profile: "prodution" }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(UsageError);
      expect((error as UsageError).message).toMatch(/^Profile "prodution" \(from --profile\) not found in /);
      expect((error as UsageError).hint).toBe(
        "Did you mean --profile production? Profiles there: production.",
      );
      process.env.AWS_PROFILE = "nosuch";
      await expect(slrArn({})).rejects.toThrow('Profile "nosuch" (from AWS_PROFILE) not found in ');
    });

    it("a --region that is not a region name is a usage error, as for the other commands", async () => {
      await expect(slrArn({ region: "junk" })).rejects.toThrow(
        '--region "junk" is not a region name like us-east-1.',
      );
    });
  });
});
