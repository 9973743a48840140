import { parseResourceId } from "./names.js";
import {
  ASYNC,
  ASYNC_FROM_ZERO_POLICY_NAME,
  type FromZero,
  IC_FROM_ZERO_POLICY_NAME,
  INFERENCE_COMPONENT,
} from "./scaling-kinds.js";

/**
 * What `init` puts to take a resource out of zero (scaling-kinds.ts `fromZero`): the step policy and the alarm
 * beside it, named after the resource. Given one of those step policies, as read, this is the definition it was
 * put with; undefined for any other policy. A step policy acts only when an alarm whose actions name its ARN
 * fires (facts doc §14 "Step and scheduled scaling"): describe reads this alarm to say whether it still does.
 */
export function wakeOf(policy: {
  PolicyName?: string | undefined;
  ResourceId?: string | undefined;
}): FromZero | undefined {
  const parsed = parseResourceId(policy.ResourceId ?? "");
  if (policy.PolicyName === ASYNC_FROM_ZERO_POLICY_NAME && parsed.kind === "variant") {
    return ASYNC.fromZero?.({ endpointName: parsed.endpointName, variantName: parsed.variantName });
  }
  if (policy.PolicyName === IC_FROM_ZERO_POLICY_NAME && parsed.kind === "inference-component") {
    return INFERENCE_COMPONENT.fromZero?.({
      endpointName: "",
      variantName: "",
      component: { name: parsed.inferenceComponentName },
    });
  }
  return undefined;
}

/** The name of the alarm that wakes one of our from-zero step policies; undefined for any other policy. */
export function wakeAlarmNameOf(policy: {
  PolicyName?: string | undefined;
  ResourceId?: string | undefined;
}): string | undefined {
  return wakeOf(policy)?.alarm.AlarmName;
}
