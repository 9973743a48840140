import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { renderStep } from "../../src/plan/render-cli.js";
import type { PlanStep } from "../../src/plan/types.js";

/** What bash makes of a command line: the arguments it would pass to a program. */
function bashArgs(words: string): string[] {
  const out = execFileSync("bash", ["-c", `printf '%s\\0' ${words}`], { encoding: "utf8" });
  return out.split("\0").slice(0, -1);
}

const put: PlanStep = {
  service: "application-autoscaling",
  operation: "PutScheduledAction",
  input: {
    ServiceNamespace: "sagemaker",
    ScheduledActionName: "weekday morning",
    ResourceId: "endpoint/shop/variant/AllTraffic",
    ScalableDimension: "sagemaker:variant:DesiredInstanceCount",
    Schedule: "cron(0 9 ? * MON-FRI *)",
    Timezone: "Europe/Berlin",
    StartTime: new Date("2030-01-01T08:00:00Z"),
    EndTime: new Date("2030-06-30T17:30:00.250Z"),
    ScalableTargetAction: { MinCapacity: 2, MaxCapacity: 8 },
  },
  summary: "Recreate the scheduled action",
};

describe("PutScheduledAction rendering", () => {
  it("spells every member as its put-scheduled-action flag, times in ISO 8601, region last", () => {
    expect(renderStep(put, { region: "eu-central-1" })).toBe(
      [
        "aws application-autoscaling put-scheduled-action",
        "--schedule 'cron(0 9 ? * MON-FRI *)'",
        "--timezone Europe/Berlin",
        "--scheduled-action-name 'weekday morning'",
        "--service-namespace sagemaker",
        "--resource-id endpoint/shop/variant/AllTraffic",
        "--scalable-dimension sagemaker:variant:DesiredInstanceCount",
        "--start-time 2030-01-01T08:00:00Z",
        "--end-time 2030-06-30T17:30:00.250Z",
        `--scalable-target-action '{"MinCapacity":2,"MaxCapacity":8}'`,
        "--region eu-central-1",
      ].join(" \\\n    "),
    );
  });

  it("reaches the CLI as one argument per value, with the times as bare timestamps", () => {
    const words = bashArgs(renderStep(put, { region: "eu-central-1" }).replace(/\\\n/g, ""));
    const value = (flag: string) => words[words.indexOf(flag) + 1];
    expect(value("--schedule")).toBe("cron(0 9 ? * MON-FRI *)");
    expect(value("--scheduled-action-name")).toBe("weekday morning");
    expect(new Date(value("--start-time")!).toISOString()).toBe("2030-01-01T08:00:00.000Z");
    expect(new Date(value("--end-time")!).toISOString()).toBe("2030-06-30T17:30:00.250Z");
    expect(JSON.parse(value("--scalable-target-action")!)).toEqual({ MinCapacity: 2, MaxCapacity: 8 });
  });

  it("leaves out the members that are absent (a one-off at() action without a time zone or window)", () => {
    const once: PlanStep = {
      ...put,
      input: {
        ServiceNamespace: "sagemaker",
        ScheduledActionName: "once",
        ResourceId: "endpoint/shop/variant/AllTraffic",
        ScalableDimension: "sagemaker:variant:DesiredInstanceCount",
        Schedule: "at(2030-01-01T00:00:00)",
        ScalableTargetAction: { MinCapacity: 1 },
      },
    };
    const rendered = renderStep(once, { region: "eu-central-1" });
    expect(rendered).not.toMatch(/--timezone|--start-time|--end-time/);
    expect(rendered).toContain("--schedule 'at(2030-01-01T00:00:00)'");
  });

  it("with --cli-input-json (a value the CLI would fetch as a URL), times are ISO strings in the JSON", () => {
    const odd: PlanStep = {
      ...put,
      input: { ...(put.input as object), ScheduledActionName: "http://x" } as never,
    };
    const words = bashArgs(renderStep(odd, { region: "eu-central-1" }).replace(/\\\n/g, ""));
    const json = JSON.parse(words[words.indexOf("--cli-input-json") + 1]!);
    expect(json.StartTime).toBe("2030-01-01T08:00:00.000Z");
    expect(json.ScheduledActionName).toBe("http://x");
  });
});
