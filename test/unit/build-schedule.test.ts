import {
  ApplicationAutoScalingClient,
  PutScheduledActionCommand,
  type ScheduledAction,
} from "@aws-sdk/client-application-auto-scaling";
import { mockClient } from "aws-sdk-client-mock";
import { beforeEach, describe, expect, it } from "vitest";
import { readResourceState } from "../../src/aws/probe.js";
import { sendStep } from "../../src/aws/send-step.js";
import {
  buildScheduleAddPlan,
  buildScheduleRemovePlan,
  describeAction,
  type ScheduleTarget,
} from "../../src/plan/build-schedule.js";
import { executePlan } from "../../src/plan/execute.js";
import { renderPlanScript } from "../../src/plan/render-cli.js";
import type { ScalingPlan } from "../../src/plan/types.js";
import { awsError, sdkClients } from "./mock-clients.js";
import { type AasWorld, statefulAutoscaling } from "./stateful-aas.js";

const INSTANCES = "sagemaker:variant:DesiredInstanceCount";
const RID = "endpoint/shop/variant/AllTraffic";
const TARGET: ScheduleTarget = { resourceId: RID, dimension: INSTANCES, where: "shop/AllTraffic" };
const KEY = { ServiceNamespace: "sagemaker", ResourceId: RID, ScalableDimension: INSTANCES } as const;

const OLD: ScheduledAction = {
  ...KEY,
  ScheduledActionName: "morning",
  ScheduledActionARN: "arn:sched",
  Schedule: "cron(0 8 ? * MON-FRI *)",
  Timezone: "Europe/Berlin",
  StartTime: new Date("2030-01-01T00:00:00Z"),
  ScalableTargetAction: { MinCapacity: 2, MaxCapacity: 8 },
  CreationTime: new Date(0),
};

const NEW = {
  name: "morning",
  schedule: "cron(0 7 ? * MON-FRI *)",
  min: 3,
};

describe("buildScheduleAddPlan", () => {
  it("a new name: one put, undone by deleting it", () => {
    const plan = buildScheduleAddPlan(
      TARGET,
      { ...NEW, timezone: "Asia/Tokyo", end: new Date("2031-01-01Z") },
      undefined,
    );
    expect(plan.title).toBe('Schedule "morning" on shop/AllTraffic');
    expect(plan.steps).toEqual([
      {
        service: "application-autoscaling",
        operation: "PutScheduledAction",
        input: {
          ...KEY,
          ScheduledActionName: "morning",
          Schedule: "cron(0 7 ? * MON-FRI *)",
          Timezone: "Asia/Tokyo",
          EndTime: new Date("2031-01-01Z"),
          ScalableTargetAction: { MinCapacity: 3 },
        },
        summary:
          'Schedule "morning" on shop/AllTraffic: cron(0 7 ? * MON-FRI *) in Asia/Tokyo until 2031-01-01T00:00:00.000Z: min 3',
        undo: {
          service: "application-autoscaling",
          operation: "DeleteScheduledAction",
          input: { ...KEY, ScheduledActionName: "morning" },
          summary: 'Delete the scheduled action "morning" of shop/AllTraffic again',
        },
      },
    ]);
  });

  it("the same action again: nothing to do (a read that spells out what the put left implicit compares equal)", () => {
    const same = buildScheduleAddPlan(
      TARGET,
      {
        name: "morning",
        schedule: OLD.Schedule!,
        timezone: "Europe/Berlin",
        start: OLD.StartTime,
        min: 2,
        max: 8,
      },
      OLD,
    );
    expect(same.steps).toEqual([]);
  });

  it("a different action of the same name: delete it (undo: put it back as read), then put the new one", () => {
    const plan = buildScheduleAddPlan(TARGET, NEW, OLD);
    expect(plan.title).toBe('Replace the scheduled action "morning" on shop/AllTraffic');
    expect(plan.steps.map((s) => s.operation)).toEqual(["DeleteScheduledAction", "PutScheduledAction"]);
    expect(plan.steps[0]!.undo).toEqual({
      service: "application-autoscaling",
      operation: "PutScheduledAction",
      input: {
        ...KEY,
        ScheduledActionName: "morning",
        Schedule: "cron(0 8 ? * MON-FRI *)",
        Timezone: "Europe/Berlin",
        StartTime: new Date("2030-01-01T00:00:00Z"),
        ScalableTargetAction: { MinCapacity: 2, MaxCapacity: 8 },
      },
      summary: 'Put back the scheduled action "morning" of shop/AllTraffic',
    });
    // The new action carries none of the old one's members: no time zone, no start, no max.
    expect(plan.steps[1]!.input).toEqual({
      ...KEY,
      ScheduledActionName: "morning",
      Schedule: "cron(0 7 ? * MON-FRI *)",
      ScalableTargetAction: { MinCapacity: 3 },
    });
  });

  it("renders as a script the aws CLI runs", () => {
    const script = renderPlanScript(buildScheduleAddPlan(TARGET, NEW, OLD), { region: "eu-central-1" });
    expect(script).toContain(
      "aws application-autoscaling delete-scheduled-action \\\n    --scheduled-action-name morning",
    );
    expect(script).toContain("--schedule 'cron(0 7 ? * MON-FRI *)'");
    expect(script).toContain(`--scalable-target-action '{"MinCapacity":3}'`);
  });
});

describe("buildScheduleRemovePlan", () => {
  it("one delete, undone by putting the action back as read", () => {
    const plan = buildScheduleRemovePlan(TARGET, OLD);
    expect(plan.title).toBe('Remove the scheduled action "morning" of shop/AllTraffic');
    expect(plan.steps).toHaveLength(1);
    expect(plan.steps[0]!.summary).toBe(
      'Delete the scheduled action "morning" of shop/AllTraffic (cron(0 8 ? * MON-FRI *) in Europe/Berlin, from 2030-01-01T00:00:00.000Z: min 2, max 8)',
    );
    expect(plan.steps[0]!.undo?.operation).toBe("PutScheduledAction");
  });
});

describe("describeAction", () => {
  it("says when and what, leaving out what is not set (AWS may answer null)", () => {
    expect(describeAction({ Schedule: "rate(1 day)", ScalableTargetAction: { MaxCapacity: 4 } })).toBe(
      "rate(1 day): max 4",
    );
    expect(
      describeAction({
        Schedule: "rate(1 day)",
        ScalableTargetAction: { MinCapacity: null, MaxCapacity: 4 } as never,
      }),
    ).toBe("rate(1 day): max 4");
  });
});

describe("the plans through the executor, against a stateful Application Auto Scaling", () => {
  const aas = mockClient(ApplicationAutoScalingClient);
  let world: AasWorld;
  const clients = sdkClients();
  const run = (plan: ScalingPlan) =>
    executePlan(plan, {
      send: (step) => sendStep(clients, step),
      sleep: async () => {},
      retry: { attempts: 3, baseDelayMs: 1, maxDelayMs: 1 },
      probe: (ref) => readResourceState(clients, ref),
    });

  beforeEach(() => {
    aas.reset();
    world = statefulAutoscaling(aas, {
      targets: [{ ...KEY, MinCapacity: 1, MaxCapacity: 4, RoleARN: "r", CreationTime: new Date(0) }],
      actions: [OLD],
    });
  });

  it("a replacement leaves exactly the new action", async () => {
    const result = await run(buildScheduleAddPlan(TARGET, NEW, OLD));
    expect(result.failure).toBeUndefined();
    expect(world.actions).toEqual([
      expect.objectContaining({
        ScheduledActionName: "morning",
        Schedule: "cron(0 7 ? * MON-FRI *)",
        ScalableTargetAction: { MinCapacity: 3 },
      }),
    ]);
    expect(world.actions[0]).not.toHaveProperty("Timezone");
  });

  it("a replacement whose put AWS rejects puts the old action back", async () => {
    aas
      .on(PutScheduledActionCommand, { Schedule: NEW.schedule })
      .rejects(awsError("ValidationException", "Schedule expression is not supported"));
    const result = await run(buildScheduleAddPlan(TARGET, NEW, OLD));
    expect(result.failure?.step.operation).toBe("PutScheduledAction");
    expect(result.rollback?.undone.map((s) => s.operation)).toEqual(["DeleteScheduledAction"]);
    expect(world.actions).toEqual([expect.objectContaining({ ...OLD, ScheduledActionARN: "arn:sched" })]);
  });

  it("an interrupt after a remove puts the action back", async () => {
    let stop = false;
    const result = await executePlan(buildScheduleRemovePlan(TARGET, OLD), {
      send: async (step) => {
        const out = await sendStep(clients, step);
        stop = true;
        return out;
      },
      sleep: async () => {},
      retry: { attempts: 3, baseDelayMs: 1, maxDelayMs: 1 },
      probe: (ref) => readResourceState(clients, ref),
      interrupted: () => stop,
    });
    expect(result.interrupted).toBe(true);
    expect(result.rollback?.undone).toHaveLength(1);
    expect(world.actions.map((a) => a.Schedule)).toEqual([OLD.Schedule]);
  });

  it("a remove of what is already gone counts as done", async () => {
    world.actions = [];
    const result = await run(buildScheduleRemovePlan(TARGET, OLD));
    expect(result.outcomes.map((o) => o.status)).toEqual(["already"]);
  });
});
