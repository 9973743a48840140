import type { ScalableDimension } from "@aws-sdk/client-application-auto-scaling";
import { renderStep } from "../plan/render-cli.js";
import { outputRef, type PlanStep } from "../plan/types.js";
import {
  type ExportFormat,
  type ExportOptions,
  type ExportOutput,
  headerLines,
  shellPath,
} from "./format.js";
import {
  type AlarmAction,
  type ExportAlarm,
  type ExportModel,
  type ExportPolicy,
  type ExportTarget,
  NAMESPACE,
  type PolicyAction,
  sameKey,
  shown,
  type TargetTrackingPolicy,
} from "./model.js";
import { kebab, type NameRule, namedItems, policyId, targetId, uniqueNames } from "./names.js";
import { comment, toYaml, type YamlValue } from "./yaml.js";

/**
 * AWS Controllers for Kubernetes (facts doc §12): `applicationautoscaling.services.k8s.aws/v1alpha1`
 * ScalableTarget and ScalingPolicy manifests, valid against the controller's CRDs (../shared/schemas/ack, from
 * aws-controllers-k8s/applicationautoscaling-controller helm/crds at 495c0e8). The controller's generator ignores
 * scheduled actions and CustomizedMetricSpecification.Metrics, and it manages no CloudWatch alarms: those are
 * named on stderr and in the file's comments, each with the AWS CLI command that puts it.
 *
 * Adoption, as the ACK runtime (v0.61.0, the controller's) implements it: the annotation
 * `services.k8s.aws/adoption-policy: adopt-or-create` makes the controller adopt the resource when it exists and
 * create it when it does not, taking the desired state from the spec; `services.k8s.aws/adoption-fields` names
 * the fields it reads the resource by (resourceID, serviceNamespace, scalableDimension, and policyName for a
 * policy, as the controller's PopulateResourceFromAnnotation reads them). Sources: aws-controllers-k8s/runtime
 * apis/core/v1alpha1/annotations.go (AnnotationAdoptionPolicy, AnnotationAdoptionFields),
 * pkg/runtime/reconciler.go (the adopt-or-create path), pkg/featuregate/features.go (ResourceAdoption, beta,
 * on by default); applicationautoscaling-controller pkg/resource/{scalable_target,scaling_policy}/resource.go.
 */

export const ACK_API_VERSION = "applicationautoscaling.services.k8s.aws/v1alpha1";
export const ADOPTION_POLICY = "services.k8s.aws/adoption-policy";
export const ADOPTION_FIELDS = "services.k8s.aws/adoption-fields";

/** Kubernetes object names: DNS subdomain names, lower-case letters, digits and hyphens, at most 253. */
const K8S_NAME: NameRule = {
  join: kebab,
  withHash: (name, hash) => (name ? `${name}-${hash}` : `r-${hash}`),
  maxLength: 253,
};

/** What ACK's ScalingPolicy cannot hold: metric math in a customized metric. */
function unexpressible(p: ExportPolicy): p is TargetTrackingPolicy {
  return p.type === "TargetTrackingScaling" && Boolean(p.customized?.Metrics?.length);
}

function policySpec(t: ExportTarget, p: ExportPolicy): { [key: string]: YamlValue } {
  const key = {
    resourceID: t.key.resourceId,
    scalableDimension: t.key.dimension,
    serviceNamespace: NAMESPACE,
  };
  if (p.type === "TargetTrackingScaling") {
    const c = p.customized;
    return pruneYaml({
      policyName: p.name,
      policyType: p.type,
      ...key,
      targetTrackingScalingPolicyConfiguration: {
        targetValue: p.targetValue,
        predefinedMetricSpecification: p.predefined
          ? {
              predefinedMetricType: p.predefined.PredefinedMetricType,
              resourceLabel: p.predefined.ResourceLabel,
            }
          : undefined,
        customizedMetricSpecification: c
          ? {
              metricName: c.MetricName,
              namespace: c.Namespace,
              dimensions: (c.Dimensions ?? []).map((d) => ({ name: d.Name, value: d.Value })),
              statistic: c.Statistic,
              unit: c.Unit,
            }
          : undefined,
        scaleInCooldown: p.scaleInCooldown,
        scaleOutCooldown: p.scaleOutCooldown,
        disableScaleIn: p.disableScaleIn,
      },
    });
  }
  return pruneYaml({
    policyName: p.name,
    policyType: p.type,
    ...key,
    stepScalingPolicyConfiguration: {
      adjustmentType: p.adjustmentType,
      cooldown: p.cooldown,
      metricAggregationType: p.metricAggregationType,
      minAdjustmentMagnitude: p.minAdjustmentMagnitude,
      stepAdjustments: p.adjustments.map((s) => ({
        metricIntervalLowerBound: s.MetricIntervalLowerBound,
        metricIntervalUpperBound: s.MetricIntervalUpperBound,
        scalingAdjustment: s.ScalingAdjustment,
      })),
    },
  });
}

function pruneYaml(value: Record<string, unknown>): { [key: string]: YamlValue } {
  const out: { [key: string]: YamlValue } = {};
  for (const [k, v] of Object.entries(value)) {
    if (v === undefined || (Array.isArray(v) && v.length === 0)) continue;
    out[k] =
      v !== null && typeof v === "object" && !Array.isArray(v)
        ? pruneYaml(v as Record<string, unknown>)
        : Array.isArray(v)
          ? v.map((i) => (i !== null && typeof i === "object" ? pruneYaml(i as Record<string, unknown>) : i))
          : (v as YamlValue);
  }
  return out;
}

function manifest(
  kind: "ScalableTarget" | "ScalingPolicy",
  name: string,
  adoptBy: Record<string, string>,
  spec: { [key: string]: YamlValue },
): YamlValue {
  return {
    apiVersion: ACK_API_VERSION,
    kind,
    metadata: {
      name,
      annotations: { [ADOPTION_POLICY]: "adopt-or-create", [ADOPTION_FIELDS]: JSON.stringify(adoptBy) },
    },
    spec,
  };
}

/** A command in comment lines. */
const commented = (text: string) => text.split("\n").map((l) => comment(`  ${l}`));

export function ackManifests(model: ExportModel, options: ExportOptions): ExportOutput {
  const items = namedItems(model);
  const targetNames = uniqueNames(items.targets, K8S_NAME);
  const policyNames = uniqueNames(items.policies, K8S_NAME);
  const docs: YamlValue[] = [];
  const cannot: string[] = [];
  const instructions: { title: string; command: string[] }[] = [];
  const where = { region: options.region };

  for (const t of model.targets) {
    const key = {
      ServiceNamespace: NAMESPACE,
      ResourceId: t.key.resourceId,
      ScalableDimension: t.key.dimension as ScalableDimension,
    };
    docs.push(
      manifest(
        "ScalableTarget",
        targetNames.get(targetId(t.key))!,
        { resourceID: t.key.resourceId, serviceNamespace: NAMESPACE, scalableDimension: t.key.dimension },
        pruneYaml({
          serviceNamespace: NAMESPACE,
          resourceID: t.key.resourceId,
          scalableDimension: t.key.dimension,
          minCapacity: t.minCapacity,
          maxCapacity: t.maxCapacity,
          suspendedState: t.suspended
            ? {
                dynamicScalingInSuspended: t.suspended.DynamicScalingInSuspended,
                dynamicScalingOutSuspended: t.suspended.DynamicScalingOutSuspended,
                scheduledScalingSuspended: t.suspended.ScheduledScalingSuspended,
              }
            : undefined,
        }),
      ),
    );
    for (const p of t.policies) {
      if (unexpressible(p)) {
        cannot.push(
          `The policy "${shown(p.name)}" of ${shown(t.key.resourceId)} tracks metric math (CustomizedMetricSpecification.Metrics), which ACK's ScalingPolicy cannot hold: not in the manifests; the comments give its AWS CLI command.`,
        );
        instructions.push({
          title: `The policy ${shown(p.name)} (metric math):`,
          command: renderStep(putPolicyStep(key, p), where).split("\n"),
        });
        continue;
      }
      docs.push(
        manifest(
          "ScalingPolicy",
          policyNames.get(policyId(t.key, p.name))!,
          {
            resourceID: t.key.resourceId,
            serviceNamespace: NAMESPACE,
            scalableDimension: t.key.dimension,
            policyName: p.name,
          },
          policySpec(t, p),
        ),
      );
    }
    for (const a of t.scheduledActions) {
      cannot.push(
        `The scheduled action "${shown(a.name)}" of ${shown(t.key.resourceId)}: ACK's Application Auto Scaling controller has no scheduled actions; the comments give its AWS CLI command.`,
      );
      const step: PlanStep = {
        service: "application-autoscaling",
        operation: "PutScheduledAction",
        input: {
          ...key,
          ScheduledActionName: a.name,
          Schedule: a.schedule,
          Timezone: a.timezone,
          StartTime: a.startTime,
          EndTime: a.endTime,
          ScalableTargetAction: { MinCapacity: a.minCapacity, MaxCapacity: a.maxCapacity },
        },
        summary: "",
      };
      instructions.push({
        title: `The scheduled action ${shown(a.name)}:`,
        command: renderStep(step, where).split("\n"),
      });
    }
  }

  for (const a of model.alarms) {
    cannot.push(
      `The CloudWatch alarm "${shown(a.name)}"${triggers(a)}: ACK's Application Auto Scaling controller manages no alarms; the comments give its AWS CLI command, with the policy's ARN from its status.`,
    );
    instructions.push({
      title: `The alarm ${shown(a.name)}:`,
      command: alarmCommand(a, model, policyNames, where),
    });
  }

  const header = [
    ...headerLines(model, cannot, [
      "ACK manifests for the Application Auto Scaling controller: kubectl apply -f this file.",
      "adoption-policy adopt-or-create: the controller adopts each resource that exists and creates the others",
      "(ACK runtime v0.61.0, feature gate ResourceAdoption, on by default).",
    ]),
    ...(instructions.length > 0
      ? ["", "What ACK cannot hold, as AWS CLI commands to run once the manifests are applied:"]
      : []),
  ].map(comment);
  const commands = instructions.flatMap((i) => [comment(i.title), ...i.command.flatMap(commented)]);
  const body = docs.map((d) => `---\n${toYaml(d)}`).join("");
  return {
    files: [{ path: "autoscaling.yaml", content: `${[...header, ...commands].join("\n")}\n${body}` }],
    cannot,
    next: (dir) => [`Apply it: kubectl apply -f ${shellPath(dir, "autoscaling.yaml")}`],
  };
}

function triggers(a: ExportAlarm): string {
  const policies = a.alarmActions.filter((x): x is PolicyAction => "policy" in x);
  if (policies.length === 0) return "";
  const names = policies.map((x) => `"${shown(x.policy.name)}"`);
  return ` (it triggers ${names.join(", ")})`;
}

function putPolicyStep(
  key: { ServiceNamespace: "sagemaker"; ResourceId: string; ScalableDimension: ScalableDimension },
  p: TargetTrackingPolicy,
): PlanStep {
  return {
    service: "application-autoscaling",
    operation: "PutScalingPolicy",
    input: {
      ...key,
      PolicyName: p.name,
      PolicyType: "TargetTrackingScaling",
      TargetTrackingScalingPolicyConfiguration: {
        TargetValue: p.targetValue,
        CustomizedMetricSpecification: p.customized,
        ScaleInCooldown: p.scaleInCooldown,
        ScaleOutCooldown: p.scaleOutCooldown,
        DisableScaleIn: p.disableScaleIn,
      },
    },
    summary: "",
  };
}

/**
 * The alarm's PutMetricAlarm. When its actions name one policy of the manifests (as alarm, OK or
 * insufficient-data action, beside any other ARN), the policy's ARN comes from the controller's status into a shell
 * variable; an alarm that triggers two or more of them is written out with each ARN to fill in.
 */
function alarmCommand(
  a: ExportAlarm,
  model: ExportModel,
  policyNames: Map<string, string>,
  where: { region: string },
): string[] {
  const k8sName = (action: PolicyAction) => {
    const t = model.targets.find((x) => sameKey(x.key, action.policy.target))!;
    return policyNames.get(policyId(t.key, action.policy.name))!;
  };
  const lists = {
    AlarmActions: a.alarmActions,
    OKActions: a.okActions,
    InsufficientDataActions: a.insufficientDataActions,
  };
  const named = [
    ...new Set(
      Object.values(lists)
        .flat()
        .filter((action): action is PolicyAction => "policy" in action)
        .map(k8sName),
    ),
  ];
  const fetched = named.length === 1 ? named[0] : undefined;
  const arnOf = (action: AlarmAction) =>
    "arn" in action
      ? action.arn
      : k8sName(action) === fetched
        ? outputRef("POLICY_ARN")
        : `<status.ackResourceMetadata.arn of ScalingPolicy ${k8sName(action)}>`;
  const actions = (list: AlarmAction[]) => (list.length > 0 ? list.map(arnOf) : undefined);
  const step: PlanStep = {
    service: "cloudwatch",
    operation: "PutMetricAlarm",
    input: {
      AlarmName: a.name,
      AlarmDescription: a.description,
      ActionsEnabled: a.actionsEnabled,
      MetricName: a.metricName,
      Namespace: a.namespace,
      Statistic: a.statistic as never,
      ExtendedStatistic: a.extendedStatistic,
      Dimensions:
        a.dimensions.length > 0 ? a.dimensions.map((d) => ({ Name: d.name, Value: d.value })) : undefined,
      Period: a.period,
      Unit: a.unit as never,
      Metrics: a.metrics,
      EvaluationPeriods: a.evaluationPeriods,
      DatapointsToAlarm: a.datapointsToAlarm,
      Threshold: a.threshold,
      ThresholdMetricId: a.thresholdMetricId,
      ComparisonOperator: a.comparisonOperator as never,
      TreatMissingData: a.treatMissingData,
      EvaluateLowSampleCountPercentile: a.evaluateLowSampleCountPercentile,
      AlarmActions: a.alarmActions.map(arnOf),
      OKActions: actions(a.okActions),
      InsufficientDataActions: actions(a.insufficientDataActions),
    },
    summary: "",
  };
  const fetchArn = fetched
    ? [`POLICY_ARN=$(kubectl get scalingpolicy ${fetched} -o jsonpath='{.status.ackResourceMetadata.arn}')`]
    : [];
  return [...fetchArn, ...renderStep(step, where).split("\n")];
}

export const ACK: ExportFormat = {
  id: "ack",
  label: "ACK (Kubernetes)",
  render: ackManifests,
};
