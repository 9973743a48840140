import { describe, expect, it } from "vitest";
import { buildInitPlan } from "../../src/plan/build-init.js";
import { buildTeardownPlan } from "../../src/plan/build-teardown.js";
import { effectOf, type ResourceRef, type ResourceState } from "../../src/plan/effects.js";
import {
  backoffDelay,
  type ExecutorDeps,
  executePlan,
  isAlreadyDone,
  withOutputs,
} from "../../src/plan/execute.js";
import { outputRef, type PlanStep } from "../../src/plan/types.js";
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

/**
 * The executor against state: each step's write lands in `world` (as plan/effects.ts says it does), and the
 * probe reads it back, so the tests see what a real account would hold after lost replies, other writers and
 * rollbacks.
 */
function world(fail: (step: PlanStep, call: number) => "lost-reply" | Error | undefined = () => undefined) {
  const state = new Map<string, ResourceState>();
  const keyOf = (ref: ResourceRef) => JSON.stringify(ref);
  const sent: string[] = [];
  let call = 0;
  const apply = (step: PlanStep) => {
    const effect = effectOf(step);
    if (effect) state.set(keyOf(effect.resource), effect.after);
  };
  const deps: ExecutorDeps = {
    send: async (step) => {
      call++;
      sent.push(step.operation);
      const failure = fail(step, call);
      if (failure === "lost-reply") {
        apply(step);
        throw Object.assign(new Error("socket hang up"), { code: "ECONNRESET" });
      }
      if (failure) throw failure;
      apply(step);
      return {};
    },
    sleep: async () => {},
    retry: { attempts: 3, baseDelayMs: 1, maxDelayMs: 2 },
    probe: async (ref) => state.get(keyOf(ref)) ?? { exists: false },
  };
  /** Another writer changes what a step wrote. */
  const overwrite = (step: PlanStep, now: ResourceState) => state.set(keyOf(effectOf(step)!.resource), now);
  const read = (step: PlanStep) => state.get(keyOf(effectOf(step)!.resource)) ?? { exists: false };
  return { deps, sent, state, overwrite, read };
}

const register = plan.steps[1]!;
const put = plan.steps[2]!;

describe("executePlan knows before it claims", () => {
  it("a write whose reply was lost but which took effect is read back and counts as done; the plan goes on", async () => {
    const w = world((s) => (s.operation === "RegisterScalableTarget" ? "lost-reply" : undefined));
    const result = await executePlan(plan, w.deps);
    expect(result.failure).toBeUndefined();
    expect(result.outcomes[1]).toMatchObject({ status: "done", confirmedByRead: true });
    expect(w.sent).toEqual(["CreateServiceLinkedRole", "RegisterScalableTarget", "PutScalingPolicy"]);
  });

  it("a time-out whose write is not found is not taken as 'not done': the rollback reads it again, then undoes the rest", async () => {
    const w = world((s) =>
      s.operation === "PutScalingPolicy"
        ? Object.assign(new Error("timed out"), { name: "TimeoutError" })
        : undefined,
    );
    const result = await executePlan(plan, w.deps);
    expect(result.failure).toMatchObject({ applied: "unknown" });
    // Read again in the rollback: still absent, as before the run, so nothing to undo there.
    expect(result.rollback).toEqual({ undone: [register], asBefore: [put], left: [] });
    expect(w.read(register)).toEqual({ exists: false });
  });

  it("when the state cannot be read back either, the step is 'unknown', and the rollback checks it again", async () => {
    const w = world((s) => (s.operation === "PutScalingPolicy" ? "lost-reply" : undefined));
    let probes = 0;
    const probe = w.deps.probe!;
    w.deps.probe = async (ref) => {
      if (++probes === 1) throw Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" });
      return probe(ref);
    };
    const result = await executePlan(plan, w.deps);
    expect(result.failure).toMatchObject({ applied: "unknown" });
    // The rollback read the policy this time: it was in place, so it was deleted, then the target.
    expect(result.rollback?.undone).toEqual([put, register]);
    expect(w.sent.slice(-2)).toEqual(["DeleteScalingPolicy", "DeregisterScalableTarget"]);
  });

  it("an undo runs only while the resource holds what this run wrote: another writer's change is left", async () => {
    const w = world((s) =>
      s.operation === "PutScalingPolicy" ? awsError("ValidationException", "no") : undefined,
    );
    const sendAndRace = w.deps.send;
    w.deps.send = async (step) => {
      const out = await sendAndRace(step);
      // Another `init` registers the same variant with other capacities right after this run did.
      if (step.operation === "RegisterScalableTarget" && step === register) {
        w.overwrite(register, { exists: true, fields: { MinCapacity: 2, MaxCapacity: 6 } });
      }
      return out;
    };
    const result = await executePlan(plan, w.deps);
    expect(result.rollback?.undone).toEqual([]);
    expect(result.rollback?.left).toEqual([
      { step: register, now: { exists: true, fields: { MinCapacity: 2, MaxCapacity: 6 } } },
    ]);
    expect(w.sent).not.toContain("DeregisterScalableTarget");
  });

  it("a target this run registered is not deregistered while it holds someone else's policy", async () => {
    const w = world((s) =>
      s.operation === "PutScalingPolicy" ? awsError("ValidationException", "no") : undefined,
    );
    const probe = w.deps.probe!;
    w.deps.probe = async (ref) => {
      const now = await probe(ref);
      return ref.kind === "target" && now.exists ? { ...now, dependents: ['scaling policy "theirs"'] } : now;
    };
    const result = await executePlan(plan, w.deps);
    expect(result.rollback?.left).toHaveLength(1);
    expect(result.rollback?.left[0]?.now).toMatchObject({ dependents: ['scaling policy "theirs"'] });
    expect(w.sent).not.toContain("DeregisterScalableTarget");
  });

  it("a resource found as it was before needs no undo", async () => {
    const w = world((s) =>
      s.operation === "PutScalingPolicy" ? awsError("ValidationException", "no") : undefined,
    );
    const sendAndDelete = w.deps.send;
    w.deps.send = async (step) => {
      const out = await sendAndDelete(step);
      // A teardown removes the target right after this run registered it.
      if (step === register) w.overwrite(register, { exists: false });
      return out;
    };
    const result = await executePlan(plan, w.deps);
    expect(result.rollback).toEqual({ undone: [], asBefore: [register], left: [] });
    expect(w.sent).not.toContain("DeregisterScalableTarget");
  });

  it('"not found" after the SDK retried a delete is this run\'s own deletion: a rollback puts it back', async () => {
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
          policies: [
            {
              ServiceNamespace: "sagemaker",
              ResourceId: "endpoint/e/variant/v",
              ScalableDimension: "sagemaker:variant:DesiredInstanceCount",
              PolicyName: "p",
              PolicyARN: "arn:p",
              PolicyType: "TargetTrackingScaling",
              TargetTrackingScalingPolicyConfiguration: { TargetValue: 10 },
              CreationTime: new Date(0),
            },
          ],
          scheduledActions: [],
        },
      ],
      alarmNames: [],
    });
    const [deletePolicy, deregister] = teardown.steps;
    const w = world((s) => {
      if (s === deletePolicy) {
        const e = awsError("ObjectNotFoundException", "No scaling policy found");
        Object.assign(e, { $metadata: { httpStatusCode: 400, attempts: 2 } });
        return e;
      }
      return s === deregister ? awsError("AccessDeniedException", "no") : undefined;
    });
    const result = await executePlan(teardown, w.deps);
    expect(result.outcomes[0]).toMatchObject({ status: "already", maybeThisRun: true });
    expect(result.rollback?.undone).toEqual([deletePolicy]);
    expect(w.sent.at(-1)).toBe("PutScalingPolicy");
  });

  it("an optional step that is denied is skipped, and the plan goes on", async () => {
    const w = world((s) =>
      s.operation === "CreateServiceLinkedRole"
        ? awsError("AccessDenied", "User: u is not authorized to perform: iam:CreateServiceLinkedRole")
        : undefined,
    );
    const result = await executePlan(plan, w.deps);
    expect(result.failure).toBeUndefined();
    expect(result.outcomes.map((o) => o.status)).toEqual(["skipped", "done", "done"]);
  });
});

describe("step outputs feed later inputs", () => {
  const key = {
    ServiceNamespace: "sagemaker",
    ResourceId: "endpoint/e/variant/v",
    ScalableDimension: "sagemaker:variant:DesiredInstanceCount",
  } as const;
  const stepPolicy: PlanStep = {
    service: "application-autoscaling",
    operation: "PutScalingPolicy",
    input: {
      ...key,
      PolicyName: "scale-out-from-zero",
      PolicyType: "StepScaling",
      StepScalingPolicyConfiguration: {
        AdjustmentType: "ChangeInCapacity",
        StepAdjustments: [{ MetricIntervalLowerBound: 0, ScalingAdjustment: 1 }],
      },
    },
    summary: "Put the step policy",
    output: { member: "PolicyARN", as: "STEP_POLICY_ARN" },
    undo: {
      service: "application-autoscaling",
      operation: "DeleteScalingPolicy",
      input: { ...key, PolicyName: "scale-out-from-zero" },
      summary: "Delete the step policy",
    },
  };
  const alarm: PlanStep = {
    service: "cloudwatch",
    operation: "PutMetricAlarm",
    input: {
      AlarmName: "sm-autoscale-e-wake",
      AlarmActions: [outputRef("STEP_POLICY_ARN")],
      MetricName: "M",
      Threshold: 1,
    },
    summary: "Put the alarm",
    undo: {
      service: "cloudwatch",
      operation: "DeleteAlarms",
      input: { AlarmNames: ["sm-autoscale-e-wake"] },
      summary: "Delete the alarm",
    },
  };
  const twoSteps = { title: "t", steps: [stepPolicy, alarm] };

  it("the alarm is sent with the ARN the policy call returned", async () => {
    const sent: PlanStep[] = [];
    const result = await executePlan(twoSteps, {
      send: async (step) => {
        sent.push(step);
        return step.operation === "PutScalingPolicy" ? { PolicyARN: "arn:policy:1" } : {};
      },
      sleep: async () => {},
      retry: { attempts: 1, baseDelayMs: 1, maxDelayMs: 1 },
    });
    expect(result.failure).toBeUndefined();
    expect(sent[1]!.input).toMatchObject({ AlarmActions: ["arn:policy:1"] });
    // The outcome keeps the concrete step: what a read-back or an undo compares against.
    expect(result.outcomes[1]!.step.input).toMatchObject({ AlarmActions: ["arn:policy:1"] });
  });

  it("when the policy's reply was lost, the ARN comes from the read that found it in place", async () => {
    const w = world((s) => (s.operation === "PutScalingPolicy" ? "lost-reply" : undefined));
    const probe = w.deps.probe!;
    w.deps.probe = async (ref) => {
      const now = await probe(ref);
      return ref.kind === "policy" && now.exists ? { ...now, arn: "arn:policy:read" } : now;
    };
    const sent: PlanStep[] = [];
    const send = w.deps.send;
    w.deps.send = async (step) => {
      sent.push(step);
      return send(step);
    };
    const result = await executePlan(twoSteps, w.deps);
    expect(result.failure).toBeUndefined();
    expect(sent.at(-1)!.input).toMatchObject({ AlarmActions: ["arn:policy:read"] });
  });

  it("undoAlso runs after the undo, with the undo's own output", async () => {
    const restore: PlanStep = {
      ...stepPolicy,
      summary: "Recreate the step policy",
      undo: undefined,
    } as PlanStep;
    const deleting: PlanStep = {
      ...stepPolicy.undo!,
      undo: restore,
      undoAlso: [{ ...alarm, undo: undefined, summary: "Point the alarm at it again" } as PlanStep],
    } as PlanStep;
    const sent: PlanStep[] = [];
    const result = await executePlan(
      {
        title: "t",
        steps: [deleting, { ...alarm, input: { AlarmName: "x" } } as PlanStep],
      },
      {
        send: async (step) => {
          sent.push(step);
          if (step.summary === "Put the alarm") throw awsError("AccessDeniedException", "no");
          return step.operation === "PutScalingPolicy" ? { PolicyARN: "arn:policy:new" } : {};
        },
        sleep: async () => {},
        retry: { attempts: 1, baseDelayMs: 1, maxDelayMs: 1 },
      },
    );
    expect(result.rollback?.undone).toEqual([deleting]);
    expect(sent.map((s) => s.summary).slice(-2)).toEqual([
      "Recreate the step policy",
      "Point the alarm at it again",
    ]);
    expect(sent.at(-1)!.input).toMatchObject({ AlarmActions: ["arn:policy:new"] });
  });

  it("each output takes its reference's place, in every action list; the alarm's other actions stay", () => {
    const outputs = new Map([
      ["STEP_POLICY_ARN", "arn:policy:new"],
      ["OTHER_ARN", "arn:other:new"],
    ]);
    const withTopic = {
      ...alarm,
      input: {
        ...alarm.input,
        AlarmActions: ["arn:aws:sns:r:1:pager", outputRef("STEP_POLICY_ARN"), outputRef("OTHER_ARN")],
        OKActions: [outputRef("OTHER_ARN")],
        InsufficientDataActions: ["arn:aws:sns:r:1:pager"],
      },
    } as PlanStep;
    expect(withOutputs(withTopic, outputs).input).toEqual({
      ...alarm.input,
      AlarmActions: ["arn:aws:sns:r:1:pager", "arn:policy:new", "arn:other:new"],
      OKActions: ["arn:other:new"],
      InsufficientDataActions: ["arn:aws:sns:r:1:pager"],
    });
    // An input with no reference is left as it is.
    const bare = { ...alarm, input: { AlarmName: "x", AlarmActions: ["arn:a"] } } as PlanStep;
    expect(withOutputs(bare, outputs)).toBe(bare);
    expect(() => withOutputs(alarm, new Map())).toThrow(
      /needs STEP_POLICY_ARN, which no earlier step produced/,
    );
  });

  it("a reference with a fallback keeps the fallback where its output is not there (yet)", () => {
    const repoint = {
      ...alarm,
      input: {
        ...alarm.input,
        AlarmActions: [outputRef("A", "arn:a:old"), outputRef("B", "arn:b:old"), "arn:aws:sns:r:1:pager"],
      },
    } as PlanStep;
    expect(withOutputs(repoint, new Map([["B", "arn:b:new"]])).input).toMatchObject({
      AlarmActions: ["arn:a:old", "arn:b:new", "arn:aws:sns:r:1:pager"],
    });
    expect(withOutputs(repoint, new Map()).input).toMatchObject({
      AlarmActions: ["arn:a:old", "arn:b:old", "arn:aws:sns:r:1:pager"],
    });
  });
});
