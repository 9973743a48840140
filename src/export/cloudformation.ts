import { join } from "node:path";
import { SLR_ROLE_NAME, SLR_SERVICE_NAME } from "../domain/constants.js";
import { shellQuote } from "../plan/shell.js";
import { type ExportFormat, type ExportOutput, headerLines, shellPath } from "./format.js";
import {
  type AlarmAction,
  type ExportAlarm,
  type ExportModel,
  type ExportPolicy,
  type ExportScheduledAction,
  type ExportTarget,
  NAMESPACE,
} from "./model.js";
import { alarmId, type NameRule, namedItems, pascal, policyId, targetId, uniqueNames } from "./names.js";
import { Tagged, toYaml, type YamlValue } from "./yaml.js";

/**
 * CloudFormation (facts doc §12): one AWS::ApplicationAutoScaling::ScalableTarget per target with its scheduled
 * actions inside, one AWS::ApplicationAutoScaling::ScalingPolicy per policy tied to it by `ScalingTargetId: !Ref`,
 * and the step policies' alarms as AWS::CloudWatch::Alarm whose AlarmActions `!Ref` the policy (a policy's Ref is
 * its ARN). Logical IDs come from the AWS names (names.ts): the same resource keeps its ID from one export to the
 * next. Names are kept (PolicyName, AlarmName, ScheduledActionName), so the stack manages the very resources the
 * export was made from once they are imported, or replaces them under the same names.
 */

/**
 * The service-linked role Application Auto Scaling uses for SageMaker (§10), in the stack's own partition and
 * account. AAS uses it whatever RoleARN says; naming it keeps CDK's ScalableTarget from creating a role, and the
 * CloudFormation export says the same so that both templates are one.
 */
export const SLR_ARN_SUB = `arn:\${AWS::Partition}:iam::\${AWS::AccountId}:role/aws-service-role/${SLR_SERVICE_NAME}/${SLR_ROLE_NAME}`;

/** Logical IDs: letters and digits, at most 255 characters (CloudFormation's limit). */
const LOGICAL_ID: NameRule = {
  join: pascal,
  withHash: (name, hash) => `${name || "R"}${hash.toUpperCase()}`,
  maxLength: 255,
};

export interface LogicalIds {
  target(t: ExportTarget): string;
  policy(t: ExportTarget, p: ExportPolicy): string;
  alarm(a: ExportAlarm): string;
}

/** The logical ID of every resource, unique across the template (CDK uses the same ones). */
export function logicalIds(model: ExportModel): LogicalIds {
  const items = namedItems(model);
  const names = uniqueNames(
    [
      ...items.targets.map((i) => ({ ...i, suffix: ["target"] })),
      ...items.policies.map((i) => ({ ...i, suffix: ["policy"] })),
      ...items.alarms.map((i) => ({ ...i, suffix: ["alarm"] })),
    ],
    LOGICAL_ID,
  );
  return {
    target: (t) => names.get(targetId(t.key))!,
    policy: (t, p) => names.get(policyId(t.key, p.name))!,
    alarm: (a) => names.get(alarmId(a.name))!,
  };
}

/**
 * A value as the template writes it: without the members that are undefined (or empty lists), deeply, and dates
 * in CloudFormation's form.
 */
export function pruned(value: unknown): YamlValue {
  if (Array.isArray(value)) return value.map(pruned);
  if (value instanceof Date) return cfnTimestamp(value);
  if (value instanceof Tagged || value === null || typeof value !== "object") return value as YamlValue;
  const out: { [key: string]: YamlValue } = {};
  for (const [k, v] of Object.entries(value)) {
    if (v === undefined || (Array.isArray(v) && v.length === 0)) continue;
    out[k] = pruned(v);
  }
  return out;
}

/** CloudFormation's timestamp form, as CDK writes a Date (core dateToCloudFormation): 2026-01-31T08:00:00Z. */
export function cfnTimestamp(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, "Z");
}

function scheduledAction(a: ExportScheduledAction): YamlValue {
  return pruned({
    ScheduledActionName: a.name,
    Schedule: a.schedule,
    Timezone: a.timezone,
    StartTime: a.startTime,
    EndTime: a.endTime,
    ScalableTargetAction: { MinCapacity: a.minCapacity, MaxCapacity: a.maxCapacity },
  });
}

function policyProperties(p: ExportPolicy, targetRef: string): YamlValue {
  const common = { PolicyName: p.name, PolicyType: p.type, ScalingTargetId: new Tagged("!Ref", targetRef) };
  if (p.type === "TargetTrackingScaling") {
    return pruned({
      ...common,
      TargetTrackingScalingPolicyConfiguration: {
        TargetValue: p.targetValue,
        PredefinedMetricSpecification: p.predefined,
        CustomizedMetricSpecification: p.customized,
        ScaleInCooldown: p.scaleInCooldown,
        ScaleOutCooldown: p.scaleOutCooldown,
        DisableScaleIn: p.disableScaleIn,
      },
    });
  }
  return pruned({
    ...common,
    StepScalingPolicyConfiguration: {
      AdjustmentType: p.adjustmentType,
      Cooldown: p.cooldown,
      MetricAggregationType: p.metricAggregationType,
      MinAdjustmentMagnitude: p.minAdjustmentMagnitude,
      StepAdjustments: p.adjustments.map((s) => ({
        MetricIntervalLowerBound: s.MetricIntervalLowerBound,
        MetricIntervalUpperBound: s.MetricIntervalUpperBound,
        ScalingAdjustment: s.ScalingAdjustment,
      })),
    },
  });
}

function alarmProperties(a: ExportAlarm, ref: (action: AlarmAction) => YamlValue): YamlValue {
  return pruned({
    AlarmName: a.name,
    AlarmDescription: a.description,
    ActionsEnabled: a.actionsEnabled,
    Namespace: a.namespace,
    MetricName: a.metricName,
    Dimensions: a.dimensions.map((d) => ({ Name: d.name, Value: d.value })),
    Statistic: a.statistic,
    ExtendedStatistic: a.extendedStatistic,
    Period: a.period,
    Unit: a.unit,
    Metrics: a.metrics,
    EvaluationPeriods: a.evaluationPeriods,
    DatapointsToAlarm: a.datapointsToAlarm,
    Threshold: a.threshold,
    ThresholdMetricId: a.thresholdMetricId,
    ComparisonOperator: a.comparisonOperator,
    TreatMissingData: a.treatMissingData,
    EvaluateLowSampleCountPercentile: a.evaluateLowSampleCountPercentile,
    AlarmActions: a.alarmActions.map(ref),
    OKActions: a.okActions.map(ref),
    InsufficientDataActions: a.insufficientDataActions.map(ref),
  });
}

/** The template as a value: `!Ref` and `!Sub` as tagged scalars. */
export function template(model: ExportModel): { [key: string]: YamlValue } {
  const ids = logicalIds(model);
  const resources: { [key: string]: YamlValue } = {};
  const refOf = (action: AlarmAction): YamlValue => {
    if ("arn" in action) return action.arn;
    const target = model.targets.find(
      (t) =>
        t.key.resourceId === action.policy.target.resourceId &&
        t.key.dimension === action.policy.target.dimension,
    )!;
    const policy = target.policies.find((p) => p.name === action.policy.name)!;
    return new Tagged("!Ref", ids.policy(target, policy));
  };
  for (const t of model.targets) {
    resources[ids.target(t)] = {
      Type: "AWS::ApplicationAutoScaling::ScalableTarget",
      Properties: pruned({
        ServiceNamespace: NAMESPACE,
        ResourceId: t.key.resourceId,
        ScalableDimension: t.key.dimension,
        MinCapacity: t.minCapacity,
        MaxCapacity: t.maxCapacity,
        RoleARN: new Tagged("!Sub", SLR_ARN_SUB),
        SuspendedState: t.suspended,
        ScheduledActions: t.scheduledActions.map(scheduledAction),
      }),
    };
    for (const p of t.policies) {
      resources[ids.policy(t, p)] = {
        Type: "AWS::ApplicationAutoScaling::ScalingPolicy",
        Properties: policyProperties(p, ids.target(t)),
      };
    }
  }
  for (const a of model.alarms) {
    resources[ids.alarm(a)] = { Type: "AWS::CloudWatch::Alarm", Properties: alarmProperties(a, refOf) };
  }
  return {
    AWSTemplateFormatVersion: "2010-09-09",
    Description: "SageMaker endpoint autoscaling, exported by sm-autoscale",
    Resources: resources,
  };
}

const STACK = "sagemaker-autoscaling";

/**
 * How a stack adopts resources that exist: an IMPORT change set, which needs a DeletionPolicy on each resource and
 * names each by its type's primary identifier (the resource schemas, as cfn-lint bundles them: ScalableTarget
 * ResourceId, ScalableDimension, ServiceNamespace; ScalingPolicy Arn, ScalableDimension; Alarm AlarmName).
 */
const IMPORT_HOW = [
  "An import needs a DeletionPolicy on each resource (Retain keeps it when the stack is deleted) and the list of them",
  "by identifier: a target by ServiceNamespace, ResourceId and ScalableDimension, a policy by Arn and",
  "ScalableDimension, an alarm by AlarmName.",
];

export const CLOUDFORMATION: ExportFormat = {
  id: "cloudformation",
  label: "CloudFormation",
  render(model): ExportOutput {
    const header = headerLines(
      model,
      [],
      model.live
        ? [
            "Its resources exist already: a stack adopts them by import, where a deploy would create them again:",
            `  aws cloudformation create-change-set --stack-name ${STACK} --change-set-name adopt --change-set-type IMPORT \\`,
            "    --template-body file://template.yaml --resources-to-import file://resources-to-import.json",
            `  aws cloudformation execute-change-set --stack-name ${STACK} --change-set-name adopt`,
            ...IMPORT_HOW,
          ]
        : [
            `Deploy: aws cloudformation deploy --template-file template.yaml --stack-name ${STACK}`,
            "To manage the live resources instead of creating new ones, import them into a stack first",
            "(aws cloudformation create-change-set --change-set-type IMPORT): their names are kept.",
            ...IMPORT_HOW,
          ],
    );
    return {
      files: [{ path: "template.yaml", content: toYaml(template(model), header) }],
      cannot: [],
      next: (dir) => {
        const file = shellPath(dir, "template.yaml");
        const body = shellQuote(`file://${dir === undefined ? "template.yaml" : join(dir, "template.yaml")}`);
        return [
          `Check it: cfn-lint ${file}`,
          model.live
            ? `Adopt its resources, which exist already, into a stack by import (the template's header says what an import needs): aws cloudformation create-change-set --stack-name ${STACK} --change-set-name adopt --change-set-type IMPORT --template-body ${body} --resources-to-import …`
            : `Deploy it: aws cloudformation deploy --template-file ${file} --stack-name ${STACK}`,
        ];
      },
    };
  },
};
