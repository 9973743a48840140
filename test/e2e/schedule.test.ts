// `sm-autoscale schedule add|list|remove` end to end: the built CLI as a child process against moto behind the
// emulating proxy. Each change is made through the SDK in one region and, from its --dry-run script, with the aws
// CLI in another; both must leave the same scheduled actions. Bad input exits 2 before any AWS call.
// Regions of this file: us-iso-east-1 (SDK), us-isob-east-1 (aws CLI replay), eusc-de-east-1 (inference
// components, the whole-region listing, failures). Every moto region is taken by some file, so this one runs on a
// moto of its own: what kinds-describe-teardown.test.ts leaves in the same regions never shows in its listings.

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CLI_BIN, runAwsCli, runCli } from "../support/cli.js";
import { emulatorEnv, terminalEnv } from "../support/env.js";
import { type Moto, startMoto } from "../support/moto.js";
import { type EmulatorProxy, startProxy } from "../support/proxy.js";
import { KEY, spawnPty } from "../support/pty.js";
import {
  DIM_COPY_COUNT,
  inferenceComponentResourceId,
  readState,
  seeder,
  variantResourceId,
} from "../support/seed.js";

const SDK_REGION = "us-iso-east-1";
const CLI_REGION = "us-isob-east-1";
const OTHER_REGION = "eusc-de-east-1";
let moto: Moto;
let proxy: EmulatorProxy;

const SHOP = variantResourceId("sched-shop", "AllTraffic");
const CHAT = inferenceComponentResourceId("sched-chat");

beforeAll(async () => {
  moto = await startMoto();
  proxy = await startProxy({ upstream: moto.url });
  for (const region of [SDK_REGION, CLI_REGION]) {
    const s = seeder(proxy.url, region);
    await s.seedEndpoint({ name: "sched-shop" });
    await s.seedEndpoint({ name: "sched-bare" });
    await s.registerTarget({ resourceId: SHOP, min: 1, max: 4 });
  }
  const other = seeder(proxy.url, OTHER_REGION);
  await other.seedEndpoint({ name: "sched-shop" });
  await other.registerTarget({ resourceId: SHOP, min: 1, max: 4 });
  await other.seedEndpoint({
    name: "sched-llm",
    inferenceComponents: {
      instanceType: "ml.g5.2xlarge",
      count: 1,
      managedScaling: { min: 0, max: 2 },
      components: [
        { name: "sched-chat", copies: 1 },
        { name: "sched-embed", copies: 1 },
      ],
    },
  });
  await other.registerTarget({ resourceId: CHAT, min: 0, max: 3, dimension: DIM_COPY_COUNT });
});
afterAll(async () => {
  await proxy?.stop();
  await moto?.stop();
});

const cli = (region: string, ...args: string[]) => runCli(args, { endpoint: proxy.url, region });

const scheduledActions = async (region: string) => (await readState(proxy.url, region)).scheduledActions;
const targets = async (region: string) => (await readState(proxy.url, region)).targets;

/** The command through the SDK in SDK_REGION, and its --dry-run script with the aws CLI in CLI_REGION. */
async function bothWays(...args: string[]) {
  const sdk = await cli(SDK_REGION, ...args, "--yes");
  expect(sdk.code, sdk.stderr).toBe(0);
  const dry = await cli(CLI_REGION, ...args, "--dry-run");
  expect(dry.code, dry.stderr).toBe(0);
  const replay = await runAwsCli(dry.stdout, emulatorEnv(proxy.url, CLI_REGION));
  expect(replay.code, `${dry.stdout}\n--- stderr ---\n${replay.stderr}`).toBe(0);
  const viaSdk = await scheduledActions(SDK_REGION);
  expect(await scheduledActions(CLI_REGION)).toEqual(viaSdk);
  return { sdk, dry, actions: viaSdk };
}

const WEEKDAY_MORNING = [
  "schedule",
  "add",
  "--endpoint",
  "sched-shop",
  "--name",
  "weekday-morning",
  "--schedule",
  "cron(0 8 ? * MON-FRI *)",
  "--timezone",
  "Europe/Berlin",
  "--start",
  "2030-01-01T00:00:00Z",
  "--end",
  "2031-01-01T00:00:00+01:00",
  "--min",
  "2",
  "--max",
  "6",
];

describe("schedule add, list, remove: the SDK run and the replayed --dry-run script leave the same state", () => {
  it("add, list, replace, remove", async () => {
    // add
    const added = await bothWays(...WEEKDAY_MORNING);
    expect(added.actions).toEqual([
      {
        ScheduledActionName: "weekday-morning",
        ResourceId: SHOP,
        ScalableDimension: "sagemaker:variant:DesiredInstanceCount",
        Schedule: "cron(0 8 ? * MON-FRI *)",
        Timezone: "Europe/Berlin",
        StartTime: "2030-01-01T00:00:00.000Z",
        EndTime: "2030-12-31T23:00:00.000Z",
        ScalableTargetAction: { MaxCapacity: 6, MinCapacity: 2 },
      },
    ]);
    expect(added.sdk.stdout).toMatch(/^aws application-autoscaling put-scheduled-action \\$/m);
    expect(added.dry.stdout).toContain("--start-time 2030-01-01T00:00:00Z");
    // The first run is the start time itself (scheduled-scaling-using-cron-expressions.html).
    expect(added.sdk.stderr).toContain(
      "It runs next at 2030-01-01 01:00 Europe/Berlin, then 2030-01-01 08:00 Europe/Berlin, then 2030-01-02 08:00 Europe/Berlin.",
    );
    // The target itself is left as it was.
    expect(await targets(SDK_REGION)).toMatchObject([{ ResourceId: SHOP, MinCapacity: 1, MaxCapacity: 4 }]);

    // list: JSON, then the plain lines a pipe gets
    const json = await cli(SDK_REGION, "schedule", "list", "--endpoint", "sched-shop", "--json");
    expect(json.code, json.stderr).toBe(0);
    expect(JSON.parse(json.stdout)).toEqual({
      region: SDK_REGION,
      scheduledActions: [
        {
          name: "weekday-morning",
          resourceId: SHOP,
          scalableDimension: "sagemaker:variant:DesiredInstanceCount",
          endpointName: "sched-shop",
          variantName: "AllTraffic",
          inferenceComponentName: null,
          schedule: "cron(0 8 ? * MON-FRI *)",
          timezone: "Europe/Berlin",
          startTime: "2030-01-01T00:00:00.000Z",
          endTime: "2030-12-31T23:00:00.000Z",
          minCapacity: 2,
          maxCapacity: 6,
          nextRun: "2030-01-01T00:00:00.000Z",
          nextRunNote: null,
          arn: expect.stringContaining("scheduledAction"),
        },
      ],
    });
    const plain = await cli(SDK_REGION, "schedule", "list", "--endpoint", "sched-shop");
    expect(plain.code, plain.stderr).toBe(0);
    expect(plain.stdout).toBe(
      `${[SHOP, "sagemaker:variant:DesiredInstanceCount", "weekday-morning", "cron(0 8 ? * MON-FRI *)", "Europe/Berlin", "2", "6", "2030-01-01T00:00:00.000Z", "2030-12-31T23:00:00.000Z", "2030-01-01T00:00:00.000Z"].join("\t")}\n`,
    );

    // the same again: nothing to change
    const again = await cli(SDK_REGION, ...WEEKDAY_MORNING, "--yes");
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toContain(
      'Nothing to change: "weekday-morning" on sched-shop/AllTraffic is already',
    );
    expect(again.stdout).toBe("");

    // replace: a new schedule without a time zone or window leaves none of the old ones behind
    const replaced = await bothWays(
      "schedule",
      "add",
      "--endpoint",
      "sched-shop",
      "--name",
      "weekday-morning",
      "--schedule",
      "rate(6 hours)",
      "--max",
      "5",
    );
    expect(replaced.actions).toEqual([
      {
        ScheduledActionName: "weekday-morning",
        ResourceId: SHOP,
        ScalableDimension: "sagemaker:variant:DesiredInstanceCount",
        Schedule: "rate(6 hours)",
        ScalableTargetAction: { MaxCapacity: 5 },
      },
    ]);
    expect(replaced.sdk.stderr).toContain('already has a scheduled action named "weekday-morning"');
    expect(replaced.dry.stdout).toMatch(/delete-scheduled-action[\s\S]*put-scheduled-action/);

    // remove
    const removed = await bothWays(
      "schedule",
      "remove",
      "--endpoint",
      "sched-shop",
      "--name",
      "weekday-morning",
    );
    expect(removed.actions).toEqual([]);
    expect(removed.dry.stdout).toContain("aws application-autoscaling delete-scheduled-action");
    expect(await targets(SDK_REGION)).toMatchObject([{ ResourceId: SHOP, MinCapacity: 1, MaxCapacity: 4 }]);

    // a second remove: nothing there, which is what was asked
    const second = await cli(
      SDK_REGION,
      "schedule",
      "remove",
      "--endpoint",
      "sched-shop",
      "--name",
      "weekday-morning",
      "--yes",
    );
    expect(second.code, second.stderr).toBe(0);
    expect(second.stderr).toContain(
      'Nothing to remove: no scheduled action named "weekday-morning" on endpoint sched-shop',
    );
    const empty = await cli(SDK_REGION, "schedule", "list", "--endpoint", "sched-shop", "--json");
    expect(JSON.parse(empty.stdout)).toEqual({ region: SDK_REGION, scheduledActions: [] });
  });

  it("an endpoint without a scalable target: exit 1, and how to create one", async () => {
    proxy.resetCounts();
    const run = await cli(
      SDK_REGION,
      "schedule",
      "add",
      "--endpoint",
      "sched-bare",
      "--name",
      "n",
      "--schedule",
      "rate(1 day)",
      "--min",
      "1",
      "--yes",
    );
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      "sched-bare/AllTraffic has no scalable target, so there is nothing to schedule",
    );
    expect(run.stderr).toContain("sm-autoscale init --endpoint sched-bare");
    expect(proxy.calls().map((c) => c.operation)).not.toContain("PutScheduledAction");
  });

  it("a minimum below what the kind allows: exit 2 after reading the endpoint, nothing changed", async () => {
    const run = await cli(
      SDK_REGION,
      ...["schedule", "add", "--endpoint", "sched-shop", "--name", "zero", "--schedule", "rate(1 day)"],
      ...["--min", "0", "--yes"],
    );
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("--min 0 must be at least 1: real-time variants cannot scale to zero.");
    expect(await scheduledActions(SDK_REGION)).toEqual([]);
  });
});

describe("inference components and the whole region", () => {
  it("an inference component's schedule, listed by endpoint and in the region", async () => {
    const add = await cli(
      OTHER_REGION,
      ...["schedule", "add", "--endpoint", "sched-llm", "--inference-component", "sched-chat"],
      ...["--name", "nightly-zero", "--schedule", "cron(0 22 * * ? *)", "--timezone", "America/New_York"],
      ...["--min", "0", "--max", "1", "--yes"],
    );
    expect(add.code, add.stderr).toBe(0);
    const shop = await cli(
      OTHER_REGION,
      ...[
        "schedule",
        "add",
        "--endpoint",
        "sched-shop",
        "--name",
        "launch",
        "--schedule",
        "at(2031-06-01T09:00:00)",
      ],
      ...["--max", "8", "--yes"],
    );
    expect(shop.code, shop.stderr).toBe(0);
    expect(await scheduledActions(OTHER_REGION)).toMatchObject([
      { ResourceId: SHOP, ScheduledActionName: "launch", Schedule: "at(2031-06-01T09:00:00)" },
      {
        ResourceId: CHAT,
        ScalableDimension: DIM_COPY_COUNT,
        ScheduledActionName: "nightly-zero",
        Timezone: "America/New_York",
        ScalableTargetAction: { MinCapacity: 0, MaxCapacity: 1 },
      },
    ]);

    const llm = JSON.parse(
      (await cli(OTHER_REGION, "schedule", "list", "--endpoint", "sched-llm", "--json")).stdout,
    );
    expect(llm.scheduledActions).toMatchObject([
      {
        name: "nightly-zero",
        endpointName: "sched-llm",
        inferenceComponentName: "sched-chat",
        variantName: null,
      },
    ]);
    const region = JSON.parse((await cli(OTHER_REGION, "schedule", "list", "--json")).stdout);
    expect(region.scheduledActions.map((a: { name: string }) => a.name)).toEqual(["launch", "nightly-zero"]);
    // Without --endpoint, an inference component's endpoint is not known from its resource id.
    expect(region.scheduledActions[1]).toMatchObject({
      endpointName: null,
      inferenceComponentName: "sched-chat",
    });
    expect(region.scheduledActions[0].nextRun).toBe("2031-06-01T09:00:00.000Z");

    // remove by name alone: unique in the region
    const remove = await cli(OTHER_REGION, "schedule", "remove", "--name", "nightly-zero", "--yes");
    expect(remove.code, remove.stderr).toBe(0);
    expect((await scheduledActions(OTHER_REGION)).map((a) => a.ScheduledActionName)).toEqual(["launch"]);
  });

  it("a replacement AWS rejects puts the old action back", async () => {
    await seeder(proxy.url, OTHER_REGION).putScheduledAction({
      name: "month-end",
      resourceId: SHOP,
      schedule: "cron(0 18 L * ? *)",
      timezone: "Asia/Tokyo",
      startTime: new Date("2030-01-01T00:00:00Z"),
      min: 2,
      max: 5,
    });
    const before = await scheduledActions(OTHER_REGION);
    proxy.inject({
      operation: "PutScheduledAction",
      match: { Schedule: "rate(2 days)" },
      // Where AWS's own check and the local one part ways: the old action must come back.
      code: "ValidationException",
      message: "Schedule expression is not supported",
    });
    const run = await cli(
      OTHER_REGION,
      ...["schedule", "add", "--endpoint", "sched-shop", "--name", "month-end", "--schedule", "rate(2 days)"],
      ...["--max", "3", "--yes"],
    );
    proxy.clearFaults();
    expect(run.code, run.stderr).toBe(1);
    expect(run.stderr).toContain(
      "✖ AWS rejected application-autoscaling PutScheduledAction: Schedule expression is not supported",
    );
    expect(run.stderr).toContain("the autoscaling is as it was before");
    expect(await scheduledActions(OTHER_REGION)).toEqual(before);
  });

  it("an endpoint that does not exist: list says so (exit 1); remove has nothing to remove", async () => {
    const list = await cli(OTHER_REGION, "schedule", "list", "--endpoint", "sched-nope");
    expect(list.code).toBe(1);
    expect(list.stderr).toContain('Endpoint "sched-nope" was not found in eusc-de-east-1.');
    const remove = await cli(
      OTHER_REGION,
      "schedule",
      "remove",
      "--endpoint",
      "sched-nope",
      "--name",
      "x",
      "--yes",
    );
    expect(remove.code, remove.stderr).toBe(0);
    expect(remove.stderr).toContain('there is no endpoint "sched-nope" in eusc-de-east-1');
  });
});

describe("in a real terminal", () => {
  it("add asks what is missing, refuses a bad schedule where it was typed, and lists in a table", async () => {
    const pty = spawnPty("node", [CLI_BIN, "schedule", "add", "--endpoint", "sched-shop", "--dry-run"], {
      env: terminalEnv(proxy.url, SDK_REGION),
    });
    try {
      await pty.waitFor("Name of the scheduled action");
      pty.write(`lunch-peak${KEY.enter}`);
      await pty.waitFor("Schedule: cron(minutes hours");
      pty.write(`cron(0 12 * * MON-FRI *)${KEY.enter}`);
      await pty.waitFor("gives both day-of-month (*) and day-of-week (MON-FRI)");
      pty.write(`${KEY.backspace.repeat(24)}cron(0 12 ? * MON-FRI *)${KEY.enter}`);
      await pty.waitFor("Time zone it runs in");
      pty.write(`${KEY.backspace.repeat(3)}Europe/Berlin${KEY.enter}`);
      await pty.waitFor("Minimum instances while it applies");
      pty.write(KEY.enter);
      await pty.waitFor("Maximum instances while it applies");
      pty.write(`${KEY.backspace.repeat(3)}6${KEY.enter}`);
      await pty.waitFor("Dry run: nothing was changed");
      expect(await pty.exit).toBe(0);
    } finally {
      pty.kill();
    }
    const out = pty.output();
    expect(out).toContain("--scheduled-action-name lunch-peak");
    expect(out).toContain("--timezone Europe/Berlin");
    expect(out).toContain(`--scalable-target-action '{"MinCapacity":1,"MaxCapacity":6}'`);

    // The table, on a terminal: a header, the target in words, the next run in its time zone.
    const seed = seeder(proxy.url, SDK_REGION);
    await seed.putScheduledAction({
      name: "tty-check",
      resourceId: SHOP,
      schedule: "cron(0 12 ? * MON-FRI *)",
      timezone: "Asia/Tokyo",
      max: 3,
    });
    const list = spawnPty("node", [CLI_BIN, "schedule", "list", "--endpoint", "sched-shop"], {
      env: terminalEnv(proxy.url, SDK_REGION),
      cols: 160,
    });
    try {
      expect(await list.exit).toBe(0);
    } finally {
      list.kill();
    }
    expect(list.output()).toMatch(/TARGET +NAME +SCHEDULE +TIME ZONE +MIN +MAX +NEXT RUN/);
    expect(list.output()).toMatch(
      /sched-shop\/AllTraffic +tty-check +cron\(0 12 \? \* MON-FRI \*\) +Asia\/Tokyo +- +3 +\d{4}-\d\d-\d\d 12:00 Asia\/Tokyo \(in /,
    );
    await cli(SDK_REGION, "schedule", "remove", "--endpoint", "sched-shop", "--name", "tty-check", "--yes");
  });
});

interface BadCase {
  args: string[];
  /** The message (after "✖ "), which names the flag and the form it accepts. */
  message: string | RegExp;
}

const ADD = ["schedule", "add", "--endpoint", "sched-shop", "--name", "n", "--yes"];

const BAD: Record<string, BadCase> = {
  "a cron with 5 fields": {
    args: [...ADD, "--schedule", "cron(0 8 * * 1)", "--min", "1"],
    message:
      '--schedule "cron(0 8 * * 1)" must have 6 fields (minutes hours day-of-month month day-of-week year), not 5; e.g. cron(0 8 ? * MON-FRI *).',
  },
  "a cron with both day fields": {
    args: [...ADD, "--schedule", "cron(0 8 * * MON-FRI *)", "--min", "1"],
    message:
      /^--schedule "cron\(0 8 \* \* MON-FRI \*\)" gives both day-of-month \(\*\) and day-of-week \(MON-FRI\): put \? in one of them/,
  },
  "a cron minute out of range": {
    args: [...ADD, "--schedule", "cron(60 8 ? * * *)", "--min", "1"],
    message: '--schedule "cron(60 8 ? * * *)" has minutes "60": 60 is out of range; use 0-59.',
  },
  "a schedule of another form": {
    args: [...ADD, "--schedule", "0 8 * * *", "--min", "1"],
    message:
      '--schedule "0 8 * * *" must be cron(minutes hours day-of-month month day-of-week year), rate(value unit) or at(yyyy-mm-ddThh:mm:ss).',
  },
  "a rate of 1 in the plural": {
    args: [...ADD, "--schedule", "rate(1 hours)", "--min", "1"],
    message: '--schedule "rate(1 hours)" must say "1 hour": a value of 1 takes the singular.',
  },
  "an at() in the past": {
    args: [...ADD, "--schedule", "at(2020-01-01T00:00:00)", "--min", "1"],
    message:
      /^--schedule "at\(2020-01-01T00:00:00\)" is in the past \(.* UTC now\): the action would never run\.$/,
  },
  "a time zone that is not one": {
    args: [...ADD, "--schedule", "cron(0 8 * * ? *)", "--timezone", "Europe/Berln", "--min", "1"],
    message: '--timezone "Europe/Berln" is not a time zone this machine knows; did you mean Europe/Berlin?',
  },
  "a time zone in the wrong case": {
    args: [...ADD, "--schedule", "cron(0 8 * * ? *)", "--timezone", "europe/berlin", "--min", "1"],
    message: '--timezone "europe/berlin" is spelt in the wrong letter case; did you mean Europe/Berlin?',
  },
  "an offset for a time zone": {
    args: [...ADD, "--schedule", "cron(0 8 * * ? *)", "--timezone", "+01:00", "--min", "1"],
    message: /^--timezone "\+01:00" is not an IANA time zone name/,
  },
  "a time zone with a rate": {
    args: [...ADD, "--schedule", "rate(1 day)", "--timezone", "UTC", "--min", "1"],
    message: /^--timezone applies to cron\(\) and at\(\) schedules/,
  },
  "a start after the end": {
    args: [
      ...ADD,
      "--schedule",
      "rate(1 day)",
      "--start",
      "2031-01-01T00:00:00Z",
      "--end",
      "2030-01-01T00:00:00Z",
      "--min",
      "1",
    ],
    message:
      "--start 2031-01-01T00:00:00.000Z is not before --end 2030-01-01T00:00:00.000Z: the action would never run.",
  },
  "a start without an offset": {
    args: [...ADD, "--schedule", "rate(1 day)", "--start", "2031-01-01T08:00:00", "--min", "1"],
    message:
      '--start "2031-01-01T08:00:00" is not a date and time with its UTC offset (RFC 3339), like 2030-01-31T08:00:00Z or 2030-01-31T09:00:00+01:00.',
  },
  "a name with a colon": {
    args: [
      "schedule",
      "add",
      "--endpoint",
      "sched-shop",
      "--name",
      "a:b",
      "--schedule",
      "rate(1 day)",
      "--min",
      "1",
      "--yes",
    ],
    message:
      '--name "a:b" is not a valid scheduled action name: it holds a : / or |: use 1–256 characters without : / | or control characters, not starting or ending with a space.',
  },
  "min above max": {
    args: [...ADD, "--schedule", "rate(1 day)", "--min", "5", "--max", "2"],
    message: "--min 5 is greater than --max 2: the minimum must be ≤ the maximum.",
  },
  "neither min nor max": {
    args: [...ADD, "--schedule", "rate(1 day)"],
    message: "Missing --min or --max: required when not running interactively (no terminal).",
  },
  "--variant without --endpoint": {
    args: ["schedule", "list", "--variant", "AllTraffic"],
    message: "--variant needs --endpoint: name the endpoint it belongs to.",
  },
  "remove without --yes": {
    args: ["schedule", "remove", "--endpoint", "sched-shop", "--name", "n"],
    message:
      /^Missing --yes \(or --dry-run\): required to remove a scheduled action when not running interactively/,
  },
  "an unknown subcommand": {
    args: ["schedule", "delete", "--name", "n"],
    message: 'Unknown command "schedule delete".',
  },
  "a misspelt subcommand": {
    args: ["schedule", "lst"],
    message: 'Unknown command "schedule lst"; did you mean schedule list?',
  },
  "no subcommand": {
    args: ["schedule", "--endpoint", "sched-shop"],
    message: "Missing a subcommand: sm-autoscale schedule add, list or remove.",
  },
};

describe("bad input: exit 2, one line naming the flag and its form, no AWS call", () => {
  it.each(Object.entries(BAD))("%s", async (_name, c) => {
    proxy.resetCounts();
    const run = await cli(SDK_REGION, ...c.args);
    const context = `sm-autoscale ${c.args.join(" ")}\n${run.stderr}`;
    expect(run.code, context).toBe(2);
    expect(run.stdout, context).toBe("");
    const [message, hint, ...more] = run.stderr.replace(/\n$/, "").split("\n");
    expect(more, context).toEqual([]);
    if (hint !== undefined) expect(hint, context).toMatch(/^ {2}\S/);
    expect(message, context).toMatch(/^✖ /);
    if (typeof c.message === "string") expect(message!.slice(2), context).toBe(c.message);
    else expect(message!.slice(2), context).toMatch(c.message);
    expect(proxy.calls(), context).toEqual([]);
  });
});
