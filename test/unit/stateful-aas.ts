import {
  DeleteScalingPolicyCommand,
  DeleteScheduledActionCommand,
  DeregisterScalableTargetCommand,
  DescribeScalableTargetsCommand,
  DescribeScalingPoliciesCommand,
  DescribeScheduledActionsCommand,
  PutScalingPolicyCommand,
  PutScheduledActionCommand,
  RegisterScalableTargetCommand,
  type ScalableTarget,
  type ScalingPolicy,
  type ScheduledAction,
} from "@aws-sdk/client-application-auto-scaling";
import type { AwsStub } from "aws-sdk-client-mock";
import { awsError } from "./mock-clients.js";

/**
 * Application Auto Scaling as state, behind aws-sdk-client-mock: writes change it, reads see it, so that the
 * executor's read-backs (plan/execute.ts) meet what the writes did, as against AWS. A test makes one call fail
 * by overriding that command after this (`aas.on(PutScalingPolicyCommand).rejects(…)`); the others keep working.
 *
 * As AWS does (facts doc §9): a write to a target that is not registered, or a delete of something missing,
 * fails with ObjectNotFoundException; deregistering deletes the target's policies and scheduled actions.
 * Describe filters are exact matches.
 */
export interface AasWorld {
  targets: ScalableTarget[];
  policies: ScalingPolicy[];
  actions: ScheduledAction[];
}

interface Key {
  ServiceNamespace?: string | undefined;
  ResourceId?: string | undefined;
  ScalableDimension?: string | undefined;
}

const sameTarget = (a: Key, b: Key) =>
  a.ServiceNamespace === b.ServiceNamespace &&
  a.ResourceId === b.ResourceId &&
  a.ScalableDimension === b.ScalableDimension;

const notFound = (what: string) => awsError("ObjectNotFoundException", `No ${what} found`);

export function statefulAutoscaling(
  // biome-ignore lint/suspicious/noExplicitAny: aws-sdk-client-mock's stub type is generic over the client's I/O.
  mock: AwsStub<any, any, any>,
  seed: Partial<AasWorld> = {},
  options: {
    /** The ARN PutScalingPolicy gives a policy; by default one per resource and name, kept across updates. */
    policyArn?: (input: ScalingPolicy) => string;
  } = {},
): AasWorld {
  const world: AasWorld = {
    targets: [...(seed.targets ?? [])],
    policies: [...(seed.policies ?? [])],
    actions: [...(seed.actions ?? [])],
  };
  const registered = (key: Key) => world.targets.some((t) => sameTarget(t, key));
  const filter = <T extends Key>(items: T[], input: Key & { ResourceIds?: string[] }) =>
    items.filter(
      (i) =>
        i.ServiceNamespace === input.ServiceNamespace &&
        (!input.ResourceIds || input.ResourceIds.includes(i.ResourceId ?? "")) &&
        (!input.ResourceId || i.ResourceId === input.ResourceId) &&
        (!input.ScalableDimension || i.ScalableDimension === input.ScalableDimension),
    );

  mock.on(RegisterScalableTargetCommand).callsFake((input: ScalableTarget) => {
    const i = world.targets.findIndex((t) => sameTarget(t, input));
    const before = i === -1 ? { RoleARN: "arn:slr", CreationTime: new Date(0) } : world.targets[i];
    const target = {
      ...before,
      ...Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)),
    } as ScalableTarget;
    if (i === -1) world.targets.push(target);
    else world.targets[i] = target;
    return { ScalableTargetARN: `arn:target:${input.ResourceId}` };
  });
  mock.on(DeregisterScalableTargetCommand).callsFake((input: Key) => {
    if (!registered(input)) throw notFound("scalable target");
    world.targets = world.targets.filter((t) => !sameTarget(t, input));
    world.policies = world.policies.filter((p) => !sameTarget(p, input));
    world.actions = world.actions.filter((a) => !sameTarget(a, input));
    return {};
  });
  mock.on(PutScalingPolicyCommand).callsFake((input: ScalingPolicy) => {
    if (!registered(input)) throw notFound("scalable target");
    const PolicyARN = options.policyArn?.(input) ?? `arn:policy:${input.ResourceId}:${input.PolicyName}`;
    world.policies = world.policies.filter(
      (p) => !(sameTarget(p, input) && p.PolicyName === input.PolicyName),
    );
    world.policies.push({ ...input, PolicyARN, CreationTime: new Date(0) });
    return { PolicyARN, Alarms: [] };
  });
  mock.on(DeleteScalingPolicyCommand).callsFake((input: ScalingPolicy) => {
    const kept = world.policies.filter((p) => !(sameTarget(p, input) && p.PolicyName === input.PolicyName));
    if (kept.length === world.policies.length) throw notFound("scaling policy");
    world.policies = kept;
    return {};
  });
  mock.on(PutScheduledActionCommand).callsFake((input: ScheduledAction) => {
    if (!registered(input)) throw notFound("scalable target");
    const same = (a: ScheduledAction) =>
      sameTarget(a, input) && a.ScheduledActionName === input.ScheduledActionName;
    world.actions = world.actions.filter((a) => !same(a));
    world.actions.push({ ...input, ScheduledActionARN: "arn:sched", CreationTime: new Date(0) });
    return {};
  });
  mock.on(DeleteScheduledActionCommand).callsFake((input: ScheduledAction) => {
    const kept = world.actions.filter(
      (a) => !(sameTarget(a, input) && a.ScheduledActionName === input.ScheduledActionName),
    );
    if (kept.length === world.actions.length) throw notFound("scheduled action");
    world.actions = kept;
    return {};
  });
  mock.on(DescribeScalableTargetsCommand).callsFake((input: Key & { ResourceIds?: string[] }) => ({
    ScalableTargets: filter(world.targets, input),
  }));
  mock.on(DescribeScalingPoliciesCommand).callsFake((input: Key & { PolicyNames?: string[] }) => ({
    ScalingPolicies: filter(world.policies, input).filter(
      (p) => !input.PolicyNames || input.PolicyNames.includes(p.PolicyName ?? ""),
    ),
  }));
  mock.on(DescribeScheduledActionsCommand).callsFake((input: Key & { ScheduledActionNames?: string[] }) => ({
    ScheduledActions: filter(world.actions, input).filter(
      (a) => !input.ScheduledActionNames || input.ScheduledActionNames.includes(a.ScheduledActionName ?? ""),
    ),
  }));
  return world;
}
