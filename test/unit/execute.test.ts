import { describe, expect, it } from "vitest";
import { buildInitPlan } from "../../src/plan/build-init.js";
import { buildTeardownPlan } from "../../src/plan/build-teardown.js";
import { backoffDelay, type ExecutorDeps, executePlan, isAlreadyDone } from "../../src/plan/execute.js";
import type { PlanStep } from "../../src/plan/types.js";
import { awsError } from "./mock-clients.js";

const plan = buildInitPlan(
  {
    endpointName: "e",
    variantName: "v",
    minCapacity: 1,
    maxCapacity: 2,
    targetValue: 100,
    scaleInCooldown: 300,
    scaleOutCooldown: 300,
    disableScaleIn: false,
  },
  { policies: [] },
);

/** Records every operation sent; `fail` decides per call whether (and how) it fails. */
function recorder(fail: (step: PlanStep, call: number) => Error | undefined = () => undefined) {
  const sent: string[] = [];
  const slept: number[] = [];
  let call = 0;
  const deps: ExecutorDeps = {
    send: async (step) => {
      call++;
      sent.push(step.operation);
      const error = fail(step, call);
      if (error) throw error;
      return { ok: step.operation };
    },
    sleep: async (ms) => {
      slept.push(ms);
    },
    retry: { attempts: 4, baseDelayMs: 100, maxDelayMs: 1000 },
  };
  return { deps, sent, slept };
}

describe("executePlan", () => {
  it("runs every step in order", async () => {
    const { deps, sent } = recorder();
    const result = await executePlan(plan, deps);
    expect(sent).toEqual(["CreateServiceLinkedRole", "RegisterScalableTarget", "PutScalingPolicy"]);
    expect(result.failure).toBeUndefined();
    expect(result.outcomes.map((o) => o.status)).toEqual(["done", "done", "done"]);
  });

  it('counts an existing service-linked role as done ("has been taken" and EntityAlreadyExists)', async () => {
    for (const error of [
      awsError(
        "InvalidInputException",
        "Service role name AWSServiceRoleForApplicationAutoScaling_SageMakerEndpoint has been taken in this account, please try a different suffix.",
      ),
      awsError("EntityAlreadyExistsException", "Role with name X already exists."),
    ]) {
      const { deps } = recorder((s) => (s.operation === "CreateServiceLinkedRole" ? error : undefined));
      const result = await executePlan(plan, deps);
      expect(result.outcomes[0]!.status).toBe("already");
      expect(result.failure).toBeUndefined();
    }
  });

  it("retries PutScalingPolicy on ObjectNotFoundException right after registering, then succeeds", async () => {
    const { deps, sent, slept } = recorder((s, call) =>
      s.operation === "PutScalingPolicy" && call < 5
        ? awsError("ObjectNotFoundException", "No scalable target registered")
        : undefined,
    );
    const result = await executePlan(plan, deps);
    expect(result.failure).toBeUndefined();
    expect(sent.filter((o) => o === "PutScalingPolicy")).toHaveLength(3);
    expect(slept).toHaveLength(2);
  });

  it("retries FailedResourceAccessException and ConcurrentUpdateException", async () => {
    const errors = [
      awsError("FailedResourceAccessException", "Rate exceeded (CloudWatch)"),
      awsError("ConcurrentUpdateException", "busy"),
    ];
    const { deps, sent } = recorder((s) => (s.operation === "PutScalingPolicy" ? errors.shift() : undefined));
    const result = await executePlan(plan, deps);
    expect(result.failure).toBeUndefined();
    expect(sent.filter((o) => o === "PutScalingPolicy")).toHaveLength(3);
  });

  it("gives up after the retry budget and rolls back what this run created", async () => {
    const { deps, sent } = recorder((s) =>
      s.operation === "PutScalingPolicy" ? awsError("ObjectNotFoundException", "gone") : undefined,
    );
    const result = await executePlan(plan, deps);
    expect(result.failure?.step.operation).toBe("PutScalingPolicy");
    expect(sent).toEqual([
      "CreateServiceLinkedRole",
      "RegisterScalableTarget",
      "PutScalingPolicy",
      "PutScalingPolicy",
      "PutScalingPolicy",
      "PutScalingPolicy",
      "DeregisterScalableTarget",
    ]);
    expect(result.rollback?.undone.map((s) => s.operation)).toEqual(["RegisterScalableTarget"]);
  });

  it("does not retry what will not pass with time (AccessDenied, Validation)", async () => {
    for (const name of ["AccessDeniedException", "ValidationException"]) {
      const { deps, sent } = recorder((s) =>
        s.operation === "RegisterScalableTarget" ? awsError(name, "no") : undefined,
      );
      const result = await executePlan(plan, deps);
      expect(result.failure?.step.operation).toBe("RegisterScalableTarget");
      expect(sent).toEqual(["CreateServiceLinkedRole", "RegisterScalableTarget"]);
      expect(result.rollback?.undone).toEqual([]);
    }
  });

  it("stops between steps when interrupted, and rolls back", async () => {
    const { deps, sent } = recorder();
    let seen = 0;
    deps.interrupted = () => sent.length >= 2 && ++seen > 0;
    const result = await executePlan(plan, deps);
    expect(result.interrupted).toBe(true);
    expect(sent).toEqual(["CreateServiceLinkedRole", "RegisterScalableTarget", "DeregisterScalableTarget"]);
  });

  it("rolls back when the interrupt came during the last step: Ctrl-C means not this change", async () => {
    const { deps, sent } = recorder();
    deps.interrupted = () => sent.length >= 3;
    const result = await executePlan(plan, deps);
    expect(result.interrupted).toBe(true);
    expect(sent).toEqual([
      "CreateServiceLinkedRole",
      "RegisterScalableTarget",
      "PutScalingPolicy",
      "DeleteScalingPolicy",
      "DeregisterScalableTarget",
    ]);
    expect(result.rollback?.undone.map((s) => s.operation)).toEqual([
      "PutScalingPolicy",
      "RegisterScalableTarget",
    ]);
  });

  it("does not retry once interrupted: the step fails at once and the run is rolled back", async () => {
    let pressed = false;
    const { deps, sent, slept } = recorder((s) => {
      if (s.operation !== "PutScalingPolicy") return undefined;
      pressed = true;
      return awsError("FailedResourceAccessException", "Rate exceeded");
    });
    deps.interrupted = () => pressed;
    const result = await executePlan(plan, deps);
    expect(result.interrupted).toBe(true);
    expect(result.failure?.step.operation).toBe("PutScalingPolicy");
    expect(slept).toEqual([]);
    expect(sent).toEqual([
      "CreateServiceLinkedRole",
      "RegisterScalableTarget",
      "PutScalingPolicy",
      "DeregisterScalableTarget",
    ]);
  });

  it("keeps retrying the undo steps of a rollback that Ctrl-C asked for (target registered again a moment ago)", async () => {
    const key = {
      ServiceNamespace: "sagemaker",
      ResourceId: "endpoint/e/variant/v",
      ScalableDimension: "sagemaker:variant:DesiredInstanceCount",
    } as const;
    const teardown = buildTeardownPlan({
      targets: [
        {
          target: { ...key, MinCapacity: 1, MaxCapacity: 3, RoleARN: "r", CreationTime: new Date(0) },
          policies: [
            {
              ...key,
              PolicyName: "p",
              PolicyARN: "arn:p",
              PolicyType: "TargetTrackingScaling",
              TargetTrackingScalingPolicyConfiguration: { TargetValue: 10 },
              CreationTime: new Date(0),
            },
          ],
          scheduledActions: [
            {
              ...key,
              ScheduledActionName: "s",
              ScheduledActionARN: "arn:s",
              Schedule: "cron(0 20 * * ? *)",
              CreationTime: new Date(0),
            },
          ],
        },
      ],
      alarmNames: [],
    });
    const failedOnce = new Set<string>();
    const { deps, sent } = recorder((s) => {
      // Right after RegisterScalableTarget, the target is not visible yet: the first put of each kind fails.
      if (
        (s.operation === "PutScalingPolicy" || s.operation === "PutScheduledAction") &&
        !failedOnce.has(s.operation)
      ) {
        failedOnce.add(s.operation);
        return awsError("ObjectNotFoundException", "No scalable target registered");
      }
      return undefined;
    });
    deps.interrupted = () => sent.includes("DeregisterScalableTarget");
    const result = await executePlan(teardown, deps);
    expect(result.interrupted).toBe(true);
    expect(result.rollback?.failure).toBeUndefined();
    expect(result.rollback?.undone.map((s) => s.operation)).toEqual([
      "DeregisterScalableTarget",
      "DeleteScheduledAction",
      "DeleteScalingPolicy",
    ]);
    expect(sent.slice(3)).toEqual([
      "RegisterScalableTarget",
      "PutScheduledAction",
      "PutScheduledAction",
      "PutScalingPolicy",
      "PutScalingPolicy",
    ]);
  });

  it("reports an undo that fails", async () => {
    const { deps } = recorder((s) =>
      s.operation === "PutScalingPolicy" || s.operation === "DeregisterScalableTarget"
        ? awsError("AccessDeniedException", "no")
        : undefined,
    );
    const result = await executePlan(plan, deps);
    expect(result.rollback?.failure?.step.operation).toBe("DeregisterScalableTarget");
    expect(result.rollback?.undone).toEqual([]);
  });
});

describe("executePlan past the point of no return (a step that cannot be undone has run)", () => {
  const teardown = buildTeardownPlan({
    targets: [
      {
        target: {
          ServiceNamespace: "sagemaker",
          ResourceId: "endpoint/e/variant/v",
          ScalableDimension: "sagemaker:variant:DesiredInstanceCount",
          MinCapacity: 1,
          MaxCapacity: 3,
          RoleARN: "r",
          CreationTime: new Date(0),
        },
        policies: [],
        scheduledActions: [],
      },
    ],
    alarmNames: Array.from({ length: 150 }, (_, i) => `sm-autoscale-alarm-${i}`),
  });

  it("an interrupt lets the plan finish instead of rolling back", async () => {
    const { deps, sent } = recorder();
    deps.interrupted = () => sent.filter((o) => o === "DeleteAlarms").length >= 1;
    const result = await executePlan(teardown, deps);
    expect(result.interrupted).toBe(true);
    expect(result.rollback).toBeUndefined();
    expect(sent).toEqual(["DeregisterScalableTarget", "DeleteAlarms", "DeleteAlarms"]);
  });

  it("a failure keeps what is done, for a second run to complete", async () => {
    const { deps, sent } = recorder((s, call) =>
      s.operation === "DeleteAlarms" && call === 3 ? awsError("AccessDenied", "no") : undefined,
    );
    const result = await executePlan(teardown, deps);
    expect(result.failure?.step.operation).toBe("DeleteAlarms");
    expect(result.rollback).toBeUndefined();
    expect(sent).toEqual(["DeregisterScalableTarget", "DeleteAlarms", "DeleteAlarms"]);
  });

  it("before that point, a failure still rolls back", async () => {
    const { deps, sent } = recorder((s) =>
      s.operation === "DeleteAlarms" ? awsError("AccessDenied", "no") : undefined,
    );
    const result = await executePlan(teardown, deps);
    expect(result.rollback?.undone.map((s) => s.operation)).toEqual(["DeregisterScalableTarget"]);
    expect(sent).toEqual(["DeregisterScalableTarget", "DeleteAlarms", "RegisterScalableTarget"]);
  });
});

describe("isAlreadyDone", () => {
  const del: PlanStep = {
    service: "application-autoscaling",
    operation: "DeregisterScalableTarget",
    input: {
      ServiceNamespace: "sagemaker",
      ResourceId: "r",
      ScalableDimension: "sagemaker:variant:DesiredInstanceCount",
    },
    summary: "x",
  };
  it("treats a target that is already gone as done (AWS and moto wording)", () => {
    expect(
      isAlreadyDone(
        del,
        awsError("ObjectNotFoundException", "No scalable target registered for service namespace: sagemaker"),
      ),
    ).toBe(true);
    expect(
      isAlreadyDone(
        del,
        awsError("ValidationException", "No scalable target found for service namespace: sagemaker"),
      ),
    ).toBe(true);
    expect(isAlreadyDone(del, awsError("ValidationException", "Unsupported service namespace"))).toBe(false);
  });
});

describe("backoffDelay", () => {
  it("grows exponentially with jitter between half and all of the ceiling, capped", () => {
    const policy = { attempts: 6, baseDelayMs: 100, maxDelayMs: 1000 };
    expect(backoffDelay(policy, 1, () => 0)).toBe(50);
    expect(backoffDelay(policy, 1, () => 1)).toBe(100);
    expect(backoffDelay(policy, 3, () => 1)).toBe(400);
    expect(backoffDelay(policy, 10, () => 1)).toBe(1000);
  });
});
