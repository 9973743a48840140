import type { ScalableDimension } from "@aws-sdk/client-application-auto-scaling";
import {
  alarmFields,
  policyFields,
  type ResourceRef,
  type ResourceState,
  scheduledActionFields,
  targetFields,
} from "../plan/effects.js";
import type { Clients } from "./clients.js";
import { describeTargetsOf, listSageMakerPolicies, listSageMakerScheduledActions } from "./scaling-read.js";

/**
 * Reads one resource a plan step writes, as it is now, in the terms of plan/effects.ts: the executor's way to
 * know, after a write whose reply was lost or before an undo, what is really there. One or two calls, exact
 * matches only.
 */
export async function readResourceState(
  clients: Pick<Clients, "autoscaling" | "cloudwatch">,
  ref: ResourceRef,
): Promise<ResourceState> {
  switch (ref.kind) {
    case "target": {
      const key = {
        resourceId: ref.key.ResourceId,
        dimension: ref.key.ScalableDimension as ScalableDimension,
      };
      const [targets, policies, actions] = await Promise.all([
        describeTargetsOf(clients, [ref.key.ResourceId]),
        listSageMakerPolicies(clients, key),
        listSageMakerScheduledActions(clients, key),
      ]);
      const target = targets.find((t) => t.ScalableDimension === ref.key.ScalableDimension);
      if (!target) return { exists: false };
      return {
        exists: true,
        fields: targetFields(target),
        dependents: [
          ...policies.map((p) => `scaling policy "${p.PolicyName}"`),
          ...actions.map((a) => `scheduled action "${a.ScheduledActionName}"`),
        ],
      };
    }
    case "policy": {
      const policies = await listSageMakerPolicies(clients, {
        resourceId: ref.key.ResourceId,
        dimension: ref.key.ScalableDimension as ScalableDimension,
      });
      const policy = policies.find((p) => p.PolicyName === ref.policyName);
      if (!policy) return { exists: false };
      return { exists: true, fields: policyFields(policy), arn: policy.PolicyARN };
    }
    case "scheduled-action": {
      const actions = await listSageMakerScheduledActions(clients, {
        resourceId: ref.key.ResourceId,
        dimension: ref.key.ScalableDimension as ScalableDimension,
      });
      const action = actions.find((a) => a.ScheduledActionName === ref.actionName);
      if (!action) return { exists: false };
      return { exists: true, fields: scheduledActionFields(action) };
    }
    case "alarms": {
      const { DescribeAlarmsCommand } = await import("@aws-sdk/client-cloudwatch");
      const client = await clients.cloudwatch();
      // DeleteAlarms takes at most 100 names (facts §11), DescribeAlarms as many: one call answers.
      const out = await client.send(
        new DescribeAlarmsCommand({ AlarmNames: ref.alarmNames, MaxRecords: 100 }),
      );
      const left = (out.MetricAlarms ?? []).map((a) => a.AlarmName ?? "").filter((n) => n !== "");
      return left.length === 0 ? { exists: false } : { exists: true, fields: { AlarmNames: left.sort() } };
    }
    case "alarm": {
      const { DescribeAlarmsCommand } = await import("@aws-sdk/client-cloudwatch");
      const client = await clients.cloudwatch();
      const out = await client.send(new DescribeAlarmsCommand({ AlarmNames: [ref.alarmName] }));
      const alarm = (out.MetricAlarms ?? []).find((a) => a.AlarmName === ref.alarmName);
      return alarm ? { exists: true, fields: alarmFields(alarm) } : { exists: false };
    }
  }
}
