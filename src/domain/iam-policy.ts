import type { Operation } from "../plan/types.js";
import { SLR_ROLE_NAME, SLR_SERVICE_NAME } from "./constants.js";
import { DEFAULT_PARTITION } from "./partition.js";

/**
 * The least-privilege IAM policy for sm-autoscale (facts doc §10), built from what each command calls: the reads
 * it sends itself, and the operations its plans can contain, undo steps included (a rollback must not fail for
 * want of a permission). Pure; `sm-autoscale iam-policy` prints it.
 */
export const POLICY_COMMANDS = ["init", "describe", "teardown", "schedule", "simulate", "export"] as const;
export type PolicyCommand = (typeof POLICY_COMMANDS)[number];

/**
 * The IAM actions one plan operation needs: the call itself, and what AWS checks on the caller for it (§10):
 * registering a SageMaker target needs the target service's permissions, and target-tracking policies need
 * CloudWatch's alarm permissions, as AAS creates and deletes their alarms.
 */
export const OPERATION_ACTIONS: Record<Operation, readonly string[]> = {
  CreateServiceLinkedRole: ["iam:CreateServiceLinkedRole"],
  RegisterScalableTarget: [
    "application-autoscaling:RegisterScalableTarget",
    "sagemaker:DescribeEndpoint",
    "sagemaker:DescribeEndpointConfig",
    "sagemaker:UpdateEndpointWeightsAndCapacities",
  ],
  PutScalingPolicy: [
    "application-autoscaling:PutScalingPolicy",
    "cloudwatch:PutMetricAlarm",
    "cloudwatch:DescribeAlarms",
  ],
  DeleteScalingPolicy: [
    "application-autoscaling:DeleteScalingPolicy",
    "cloudwatch:DeleteAlarms",
    "cloudwatch:DescribeAlarms",
  ],
  PutScheduledAction: ["application-autoscaling:PutScheduledAction"],
  DeleteScheduledAction: ["application-autoscaling:DeleteScheduledAction"],
  DeregisterScalableTarget: ["application-autoscaling:DeregisterScalableTarget"],
  DeleteAlarms: ["cloudwatch:DeleteAlarms"],
  PutMetricAlarm: ["cloudwatch:PutMetricAlarm"],
};

/** The operations each command's plans can contain, with their undo steps. */
export const PLAN_OPERATIONS: Record<PolicyCommand, readonly Operation[]> = {
  // build-init: the role, the target (undo: register back or deregister), the kind's policy (undo: restore or
  // delete), at a minimum of 0 the step policy and its alarm (undo: restore, or delete them), and the custom
  // policies it replaces (undo: put back).
  init: [
    "CreateServiceLinkedRole",
    "RegisterScalableTarget",
    "DeregisterScalableTarget",
    "PutScalingPolicy",
    "DeleteScalingPolicy",
    "PutMetricAlarm",
    "DeleteAlarms",
  ],
  describe: [],
  // build-teardown: policies, scheduled actions, target, our alarms; undo: put policies, scheduled actions and
  // the target back, and point the alarms of a step policy put back at its new ARN.
  teardown: [
    "DeleteScalingPolicy",
    "DeleteScheduledAction",
    "DeregisterScalableTarget",
    "DeleteAlarms",
    "PutScalingPolicy",
    "PutScheduledAction",
    "RegisterScalableTarget",
    "PutMetricAlarm",
  ],
  // build-schedule: add puts an action (undo: delete it), replacing one deletes it first (undo: put it back);
  // remove deletes one (undo: put it back).
  schedule: ["PutScheduledAction", "DeleteScheduledAction"],
  // simulate only reads.
  simulate: [],
  // export only reads: its plans (init --export) are written as code, never sent.
  export: [],
};

/** The calls each command sends itself, outside its plan (readers). */
export const READ_ACTIONS: Record<PolicyCommand, readonly string[]> = {
  init: [
    "sts:GetCallerIdentity",
    "sagemaker:ListEndpoints",
    "sagemaker:DescribeEndpoint",
    "sagemaker:DescribeEndpointConfig",
    // Inference-component endpoints: their components, and the copies of the one configured.
    "sagemaker:ListInferenceComponents",
    "sagemaker:DescribeInferenceComponent",
    "application-autoscaling:DescribeScalableTargets",
    "application-autoscaling:DescribeScalingPolicies",
    // The alarm that takes an async endpoint or an inference component out of zero, as it is now.
    "cloudwatch:DescribeAlarms",
    // Before undoing a registration, the executor reads what the target holds (plan/execute.ts, aws/probe.ts):
    // deregistering a target would delete the scheduled actions another writer put on it.
    "application-autoscaling:DescribeScheduledActions",
    "cloudwatch:GetMetricData",
    // Optional reads: a recent ResourceLimitExceeded, and the account's instance quota (§9 Limits).
    "application-autoscaling:DescribeScalingActivities",
    "servicequotas:ListServiceQuotas",
    // Where the account has no applied value, only the default is listed (ListServiceQuotas leaves it out).
    "servicequotas:ListAWSDefaultServiceQuotas",
  ],
  describe: [
    "sagemaker:ListEndpoints",
    "sagemaker:DescribeEndpoint",
    "sagemaker:DescribeEndpointConfig",
    // Inference components: with --endpoint, those on it; the endpoint and copies of each one with a target.
    "sagemaker:ListInferenceComponents",
    "sagemaker:DescribeInferenceComponent",
    "application-autoscaling:DescribeScalableTargets",
    "application-autoscaling:DescribeScalingPolicies",
    "application-autoscaling:DescribeScheduledActions",
    "application-autoscaling:DescribeScalingActivities",
    "cloudwatch:DescribeAlarms",
  ],
  teardown: [
    "sts:GetCallerIdentity",
    "sagemaker:DescribeEndpoint",
    // With --endpoint: its inference components, whose targets are named after them.
    "sagemaker:ListInferenceComponents",
    "application-autoscaling:DescribeScalableTargets",
    "application-autoscaling:DescribeScalingPolicies",
    "application-autoscaling:DescribeScheduledActions",
    "cloudwatch:DescribeAlarms",
  ],
  schedule: [
    // add and remove say where they act.
    "sts:GetCallerIdentity",
    // add finds the scalable target as init does: the endpoint picker, the endpoint and its kind, its inference
    // components; list and remove name an endpoint's inference components, and check a name that lists nothing.
    "sagemaker:ListEndpoints",
    "sagemaker:DescribeEndpoint",
    "sagemaker:DescribeEndpointConfig",
    "sagemaker:ListInferenceComponents",
    "sagemaker:DescribeInferenceComponent",
    // The target a scheduled action needs (and, in the endpoint picker, which endpoints are autoscaled).
    "application-autoscaling:DescribeScalableTargets",
    // The actions there are; the executor's read-backs before an undo.
    "application-autoscaling:DescribeScheduledActions",
  ],
  // The endpoint and its variants, the live target and policy (defaults; denied, the defaults are AAS's), and the
  // variant's invocations.
  simulate: [
    "sagemaker:DescribeEndpoint",
    "sagemaker:DescribeEndpointConfig",
    "application-autoscaling:DescribeScalableTargets",
    "application-autoscaling:DescribeScalingPolicies",
    "cloudwatch:GetMetricData",
  ],
  // aws/export-read.ts: the endpoint's variants and inference components (or the one component asked for), their
  // targets, policies and scheduled actions, and the alarms the step policies name. With nothing to export, the
  // endpoint's config too, for a hint that init can follow (a burstable or on-demand variant it would refuse).
  export: [
    "sagemaker:DescribeEndpoint",
    "sagemaker:DescribeEndpointConfig",
    "sagemaker:ListInferenceComponents",
    "sagemaker:DescribeInferenceComponent",
    "application-autoscaling:DescribeScalableTargets",
    "application-autoscaling:DescribeScalingPolicies",
    "application-autoscaling:DescribeScheduledActions",
    "cloudwatch:DescribeAlarms",
  ],
};

/** Every IAM action a command needs, sorted. */
export function actionsFor(command: PolicyCommand): string[] {
  const actions = new Set<string>(READ_ACTIONS[command]);
  for (const operation of PLAN_OPERATIONS[command]) {
    for (const action of OPERATION_ACTIONS[operation]) actions.add(action);
  }
  return [...actions].sort();
}

export interface PolicyStatement {
  Sid: string;
  Effect: "Allow";
  Action: string[];
  Resource: string;
  Condition?: Record<string, Record<string, string>>;
}

export interface PolicyDocument {
  Version: "2012-10-17";
  Statement: PolicyStatement[];
}

/**
 * §10: the service-linked role, in any account of `partition` (see partition.ts); the only action here that can
 * be scoped to a resource. The role's path is its service principal, the same in every partition: AWS's China
 * documentation names `sagemaker.application-autoscaling.amazonaws.com` too ("Amazon SageMaker AI and Application
 * Auto Scaling", docs.amazonaws.cn); no source found for GovCloud or the ISO partitions says otherwise.
 */
export function slrArnPattern(partition: string = DEFAULT_PARTITION): string {
  return `arn:${partition}:iam::*:role/aws-service-role/${SLR_SERVICE_NAME}/${SLR_ROLE_NAME}`;
}

const SIDS: Record<string, string> = {
  "application-autoscaling": "ApplicationAutoScaling",
  sagemaker: "SageMakerEndpoints",
  cloudwatch: "CloudWatch",
  sts: "CallerIdentity",
  servicequotas: "ServiceQuotas",
};

/**
 * The policy document for some commands (all of them by default): one statement per service on `*` (these
 * actions do not support narrower resources for this use, §10), and CreateServiceLinkedRole scoped to the
 * SageMaker autoscaling role and service name, in the ARN form of `partition` (the region's; `aws` by default).
 */
export function buildIamPolicy(
  commands: readonly PolicyCommand[] = POLICY_COMMANDS,
  partition: string = DEFAULT_PARTITION,
): PolicyDocument {
  const actions = new Set(commands.flatMap(actionsFor));
  const byService = new Map<string, string[]>();
  for (const action of [...actions].sort()) {
    const service = action.slice(0, action.indexOf(":"));
    if (service === "iam") continue;
    byService.set(service, [...(byService.get(service) ?? []), action]);
  }
  const statements: PolicyStatement[] = [...byService.entries()].map(([service, list]) => ({
    Sid: SIDS[service] ?? service,
    Effect: "Allow",
    Action: list,
    Resource: "*",
  }));
  if (actions.has("iam:CreateServiceLinkedRole")) {
    statements.push({
      Sid: "ServiceLinkedRoleForSageMakerAutoscaling",
      Effect: "Allow",
      Action: ["iam:CreateServiceLinkedRole"],
      Resource: slrArnPattern(partition),
      Condition: { StringLike: { "iam:AWSServiceName": SLR_SERVICE_NAME } },
    });
  }
  return { Version: "2012-10-17", Statement: statements };
}
