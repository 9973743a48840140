import type { ScalingPolicy } from "@aws-sdk/client-application-auto-scaling";
import type { MetricAlarm } from "@aws-sdk/client-cloudwatch";
import {
  ASYNC,
  INFERENCE_COMPONENT,
  REAL_TIME,
  type ScalingKind,
  type ScalingSubject,
  SERVERLESS,
} from "../../src/domain/scaling-kinds.js";
import {
  type ExportModel,
  exportModelFromLive,
  exportModelFromPlan,
  type LiveTarget,
} from "../../src/export/model.js";
import { buildInitPlan, type InitSettings } from "../../src/plan/build-init.js";

/** What `init` would configure for one kind and signal: the plan built against no existing state. */
export function initModel(
  kind: ScalingKind,
  subject: ScalingSubject,
  settings: Partial<InitSettings> = {},
  signal = kind.policy,
): ExportModel {
  const plan = buildInitPlan(
    {
      endpointName: subject.endpointName,
      variantName: subject.variantName,
      minCapacity: 1,
      maxCapacity: 4,
      targetValue: 600,
      scaleInCooldown: 300,
      scaleOutCooldown: 60,
      disableScaleIn: false,
      kind: { ...kind, policy: signal },
      subject,
      ...settings,
    },
    { policies: [] },
  );
  return exportModelFromPlan(plan, `the plan of sm-autoscale init for ${kind.where(subject)}`);
}

const RID = "endpoint/shop/variant/AllTraffic";
const INSTANCES = "sagemaker:variant:DesiredInstanceCount";
const key = { ServiceNamespace: "sagemaker", ResourceId: RID, ScalableDimension: INSTANCES } as const;
const ARN =
  "arn:aws:autoscaling:eu-west-1:123456789012:scalingPolicy:1111:resource/sagemaker/endpoint/shop/variant/AllTraffic:policyName/shop-step";

/** A live state with what only a read finds: a custom policy beside the built-in one, a scheduled action, a suspended target, a user's step policy and alarm with an SNS action. */
export function liveModel(): ExportModel {
  const policies: ScalingPolicy[] = [
    {
      ...key,
      PolicyName: "SageMakerEndpointInvocationScalingPolicy",
      PolicyARN: "arn:builtin",
      PolicyType: "TargetTrackingScaling",
      TargetTrackingScalingPolicyConfiguration: {
        TargetValue: 750,
        PredefinedMetricSpecification: { PredefinedMetricType: "SageMakerVariantInvocationsPerInstance" },
      },
      Alarms: [{ AlarmName: `TargetTracking-${RID}-AlarmHigh-1`, AlarmARN: "arn:a" }],
      CreationTime: new Date(),
    },
    {
      ...key,
      PolicyName: "InvocationsPerInstanceCustom",
      PolicyARN: "arn:custom",
      PolicyType: "TargetTrackingScaling",
      TargetTrackingScalingPolicyConfiguration: {
        TargetValue: 0.75,
        CustomizedMetricSpecification: {
          Metrics: [
            {
              Id: "m1",
              MetricStat: {
                Metric: {
                  Namespace: "/aws/sagemaker/Endpoints",
                  MetricName: "CPUUtilization",
                  Dimensions: [
                    { Name: "EndpointName", Value: "shop" },
                    { Name: "VariantName", Value: "AllTraffic" },
                  ],
                },
                Stat: "Average",
              },
              ReturnData: false,
            },
            { Id: "e1", Expression: "m1 / 400", Label: "CPU share", ReturnData: true },
          ],
        },
        ScaleInCooldown: 600,
        ScaleOutCooldown: 120,
        DisableScaleIn: true,
      },
      CreationTime: new Date(),
    },
    {
      ...key,
      PolicyName: "shop-step",
      PolicyARN: ARN,
      PolicyType: "StepScaling",
      StepScalingPolicyConfiguration: {
        AdjustmentType: "PercentChangeInCapacity",
        MetricAggregationType: "Maximum",
        MinAdjustmentMagnitude: 1,
        StepAdjustments: [
          { MetricIntervalLowerBound: 0, MetricIntervalUpperBound: 10, ScalingAdjustment: 20 },
          { MetricIntervalLowerBound: 10, ScalingAdjustment: 50 },
        ],
      },
      Alarms: [{ AlarmName: "shop-latency-high", AlarmARN: "arn:alarm" }],
      CreationTime: new Date(),
    },
  ];
  const target: LiveTarget = {
    target: {
      ...key,
      MinCapacity: 2,
      MaxCapacity: 8,
      RoleARN: "arn:role",
      CreationTime: new Date(),
      SuspendedState: { DynamicScalingInSuspended: true },
    },
    policies,
    scheduledActions: [
      {
        ...key,
        ScheduledActionName: "weekday-morning",
        ScheduledActionARN: "arn:s",
        Schedule: "cron(0 7 ? * MON-FRI *)",
        Timezone: "Europe/Paris",
        StartTime: new Date("2026-01-05T00:00:00Z"),
        EndTime: new Date("2026-12-31T23:00:00Z"),
        ScalableTargetAction: { MinCapacity: 4 },
        CreationTime: new Date(),
      },
    ],
  };
  const alarm: MetricAlarm = {
    AlarmName: "shop-latency-high",
    AlarmDescription: 'p99 latency over 2 s: "scale out"',
    ActionsEnabled: true,
    AlarmActions: [ARN, "arn:aws:sns:eu-west-1:123456789012:on-call"],
    OKActions: [],
    InsufficientDataActions: [],
    MetricName: "ModelLatency",
    Namespace: "AWS/SageMaker",
    ExtendedStatistic: "p99",
    Dimensions: [
      { Name: "EndpointName", Value: "shop" },
      { Name: "VariantName", Value: "AllTraffic" },
    ],
    Period: 60,
    Unit: "Microseconds",
    EvaluationPeriods: 3,
    DatapointsToAlarm: 2,
    Threshold: 2_000_000,
    ComparisonOperator: "GreaterThanThreshold",
    TreatMissingData: "notBreaching",
  };
  return exportModelFromLive(
    { targets: [target], alarms: [alarm] },
    "the live autoscaling of endpoint shop in eu-west-1",
  );
}

/** Every kind and signal the product has today, and the live extras, in one model. */
export function everyKindModel(): ExportModel {
  const realTime = { endpointName: "churn", variantName: "AllTraffic" };
  const asyncSubject = { endpointName: "jobs", variantName: "AllTraffic" };
  const serverless = {
    endpointName: "faq",
    variantName: "AllTraffic",
    serverless: { maxConcurrency: 20, provisionedConcurrency: 2 },
  };
  const ic = {
    endpointName: "llm",
    variantName: "AllTraffic",
    managedInstanceScaling: { status: "ENABLED", min: 0, max: 2 },
    component: { name: "llama-chat" },
  };
  const cpu = REAL_TIME.signals.find((s) => s.id === "cpu")!;
  const models = [
    initModel(REAL_TIME, realTime),
    initModel(REAL_TIME, { endpointName: "ranker", variantName: "AllTraffic" }, { targetValue: 240 }, cpu),
    initModel(ASYNC, asyncSubject, { minCapacity: 0, targetValue: 5, fromZero: true }),
    initModel(SERVERLESS, serverless, { targetValue: 0.5, maxCapacity: 10 }),
    initModel(INFERENCE_COMPONENT, ic, { minCapacity: 0, targetValue: 10, fromZero: true }),
    liveModel(),
  ];
  return {
    origin: "every kind",
    targets: models.flatMap((m) => m.targets),
    alarms: models.flatMap((m) => m.alarms),
    omitted: models.flatMap((m) => m.omitted),
  };
}
