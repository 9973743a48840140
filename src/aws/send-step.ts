import type { PlanStep } from "../plan/types.js";
import type { Clients } from "./clients.js";

/** Sends one plan step through the SDK: the executor's only way to AWS. */
export async function sendStep(clients: Clients, step: PlanStep): Promise<unknown> {
  try {
    return await send(clients, step);
  } catch (error) {
    // The clients' middleware tags errors with the failed operation; a step knows it anyway, so make sure.
    if (typeof error === "object" && error !== null && !("$smOperation" in error)) {
      Object.assign(error, { $smService: step.service, $smOperation: step.operation });
    }
    throw error;
  }
}

async function send(clients: Clients, step: PlanStep): Promise<unknown> {
  switch (step.service) {
    case "iam": {
      const { CreateServiceLinkedRoleCommand } = await import("@aws-sdk/client-iam");
      return (await clients.iam()).send(new CreateServiceLinkedRoleCommand(step.input));
    }
    case "cloudwatch": {
      const cw = await import("@aws-sdk/client-cloudwatch");
      const client = await clients.cloudwatch();
      return step.operation === "PutMetricAlarm"
        ? client.send(new cw.PutMetricAlarmCommand(step.input))
        : client.send(new cw.DeleteAlarmsCommand(step.input));
    }
    case "application-autoscaling": {
      const aas = await import("@aws-sdk/client-application-auto-scaling");
      const client = await clients.autoscaling();
      switch (step.operation) {
        case "RegisterScalableTarget":
          return client.send(new aas.RegisterScalableTargetCommand(step.input));
        case "PutScalingPolicy":
          return client.send(new aas.PutScalingPolicyCommand(step.input));
        case "DeleteScalingPolicy":
          return client.send(new aas.DeleteScalingPolicyCommand(step.input));
        case "DeleteScheduledAction":
          return client.send(new aas.DeleteScheduledActionCommand(step.input));
        case "PutScheduledAction":
          return client.send(new aas.PutScheduledActionCommand(step.input));
        case "DeregisterScalableTarget":
          return client.send(new aas.DeregisterScalableTargetCommand(step.input));
      }
    }
  }
}
