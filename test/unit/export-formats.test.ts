import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { ScalingPolicy } from "@aws-sdk/client-application-auto-scaling";
import type { MetricAlarm } from "@aws-sdk/client-cloudwatch";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { ASYNC, REAL_TIME } from "../../src/domain/scaling-kinds.js";
import { ACK } from "../../src/export/ack.js";
import { CDK, CDK_VERSIONS, stackSource } from "../../src/export/cdk.js";
import { CLOUDFORMATION, logicalIds, template } from "../../src/export/cloudformation.js";
import { EXPORT_FORMATS } from "../../src/export/format.js";
import { hclString } from "../../src/export/hcl.js";
import { exportModelFromLive, exportModelFromPlan, type LiveTarget } from "../../src/export/model.js";
import { kebab, pascal, snake, uniqueNames, words } from "../../src/export/names.js";
import { importId, TERRAFORM } from "../../src/export/terraform.js";
import { comment, scalar, Tagged, toYaml } from "../../src/export/yaml.js";
import { buildInitPlan } from "../../src/plan/build-init.js";
import { validateAckManifests } from "../support/ack-schema.js";
import { REPO_ROOT } from "../support/cli.js";
import { everyKindModel, initModel, liveModel } from "./export-fixtures.js";

const FORMATS = { cloudformation: CLOUDFORMATION, cdk: CDK, terraform: TERRAFORM, ack: ACK };
const REGION = { region: "eu-west-1" };
const INSTANCES = "sagemaker:variant:DesiredInstanceCount";
const RID = "endpoint/shop/variant/AllTraffic";
const key = { ServiceNamespace: "sagemaker", ResourceId: RID, ScalableDimension: INSTANCES } as const;

/** One live target with these policies, and nothing else. */
function live(target: Partial<LiveTarget>, alarms: MetricAlarm[] | null = []) {
  return exportModelFromLive(
    {
      targets: [
        {
          target: { ...key, MinCapacity: 1, MaxCapacity: 4 },
          policies: [],
          scheduledActions: [],
          ...target,
        },
      ],
      alarms,
    },
    "a test",
  );
}

describe("names", () => {
  it("splits AWS names into words: hyphens, camel humps, digits; SageMaker stays one word", () => {
    expect(words("AllTraffic")).toEqual(["All", "Traffic"]);
    expect(words("sm-autoscale-cpu-utilization")).toEqual(["sm", "autoscale", "cpu", "utilization"]);
    expect(words("SageMakerEndpointInvocationScalingPolicy")).toEqual([
      "Sagemaker",
      "Endpoint",
      "Invocation",
      "Scaling",
      "Policy",
    ]);
    expect(words("GPUUtilization v2")).toEqual(["GPU", "Utilization", "v", "2"]);
    expect(pascal(words("SageMakerEndpointInvocationScalingPolicy"))).toBe(
      "SageMakerEndpointInvocationScalingPolicy",
    );
    expect(snake(words("AllTraffic"))).toBe("all_traffic");
    expect(kebab(words("llama_Chat.v2"))).toBe("llama-chat-v-2");
  });

  it("of names that spell the same, the oldest keeps it; the others, and names too long, get a hash of their AWS name", () => {
    const rule = { join: pascal, withHash: (n: string, h: string) => `${n}${h}`, maxLength: 20 };
    const items = [
      { id: "a", words: words("my-ep"), created: new Date("2026-01-02T00:00:00Z") },
      { id: "b", words: words("myEp"), created: new Date("2025-06-01T00:00:00Z") },
      { id: "c", words: words("a-very-long-endpoint-name-indeed") },
      { id: "d", words: [] },
      { id: "e", words: words("shop"), suffix: ["target"] },
      { id: "f", words: words("shop-target"), suffix: ["target"] },
    ];
    const names = uniqueNames(items, rule);
    expect(new Set(names.values()).size).toBe(items.length);
    expect(names.get("a")).toMatch(/^MyEp[0-9a-f]{8}$/);
    expect(names.get("b")).toBe("MyEp");
    expect(names.get("c")?.length).toBeLessThanOrEqual(20);
    // Neither has a creation time (a plan): the smaller id keeps the name.
    expect(names.get("e")).toBe("ShopTarget");
    expect(names.get("f")).toMatch(/^ShopTarget[0-9a-f]{8}$/);
    expect(uniqueNames([...items].reverse(), rule)).toEqual(names);
    // One not created yet counts as the newest.
    const planned = uniqueNames([{ id: "0", words: words("my-ep") }, ...items.slice(0, 1)], rule);
    expect(planned.get("a")).toBe("MyEp");
    expect(planned.get("0")).toMatch(/^MyEp[0-9a-f]{8}$/);
    // A name that stands alone keeps its plain form.
    expect(uniqueNames([{ id: "x", words: words("shop"), suffix: ["target"] }], rule).get("x")).toBe(
      "ShopTarget",
    );
  });
});

describe("names across exports", () => {
  it("an endpoint created later never renames one already exported: export --endpoint and --all agree on it", () => {
    const target = (endpoint: string, created: string): LiveTarget => ({
      target: {
        ...key,
        ResourceId: `endpoint/${endpoint}/variant/AllTraffic`,
        MinCapacity: 1,
        MaxCapacity: 4,
        CreationTime: new Date(created),
      },
      policies: [
        {
          PolicyName: "SageMakerEndpointInvocationScalingPolicy",
          PolicyType: "TargetTrackingScaling",
          CreationTime: new Date(created),
          TargetTrackingScalingPolicyConfiguration: {
            TargetValue: 600,
            PredefinedMetricSpecification: { PredefinedMetricType: "SageMakerVariantInvocationsPerInstance" },
          },
        },
      ],
      scheduledActions: [],
    });
    const older = target("my-ep", "2025-03-01T00:00:00Z");
    const newer = target("myEp", "2026-03-01T00:00:00Z");
    const alone = logicalIds(exportModelFromLive({ targets: [older], alarms: [] }, "one endpoint"));
    const both = exportModelFromLive({ targets: [newer, older], alarms: [] }, "every endpoint");
    const ids = logicalIds(both);
    const [first, second] = both.targets;
    const mine = first?.key.resourceId.includes("my-ep") ? first : second;
    const theirs = mine === first ? second : first;
    expect(alone.target(mine!)).toBe("MyEpAllTrafficTarget");
    expect(ids.target(mine!)).toBe("MyEpAllTrafficTarget");
    expect(ids.policy(mine!, mine!.policies[0]!)).toBe(alone.policy(mine!, mine!.policies[0]!));
    expect(ids.target(theirs!)).toMatch(/^MyEpAllTrafficTarget[0-9A-Za-z]{8}$/);
    expect(ids.policy(theirs!, theirs!.policies[0]!)).not.toBe(ids.policy(mine!, mine!.policies[0]!));
    // And in Terraform and ACK, the older keeps its plain name too.
    const files = (format: keyof typeof FORMATS) =>
      FORMATS[format]
        .render(both, REGION)
        .files.map((f) => f.content)
        .join("\n");
    expect(files("terraform")).toContain('resource "aws_appautoscaling_target" "my_ep_all_traffic" {');
    expect(files("ack")).toContain("  name: my-ep-all-traffic\n");
  });
});

describe("YAML", () => {
  it("any string reads back as itself, as a key or a value, in YAML 1.2 and 1.1", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary" }), (s) => {
        const text = toYaml({ [s]: s, list: [s] });
        expect(parse(text)).toEqual({ [s]: s, list: [s] });
        expect(parse(text, { version: "1.1" })).toEqual({ [s]: s, list: [s] });
      }),
      { numRuns: 500 },
    );
    for (const word of [
      "yes",
      "No",
      "on",
      "OFF",
      "y",
      "null",
      "1e3",
      "0x1f",
      "2026-01-01",
      "a: b",
      "a #b",
      "-x",
      "12:30",
    ]) {
      expect(parse(toYaml({ v: word }), { version: "1.1" })).toEqual({ v: word });
    }
    expect(scalar("sagemaker:variant:DesiredInstanceCount")).toBe("sagemaker:variant:DesiredInstanceCount");
    expect(scalar("AWS::ApplicationAutoScaling::ScalableTarget")).toBe(
      "AWS::ApplicationAutoScaling::ScalableTarget",
    );
  });

  it("numbers stay numbers, every digit of them; tags and comments are CloudFormation's", () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (n) => {
        expect(parse(toYaml({ n }), { version: "1.1" })).toEqual({ n: Object.is(n, -0) ? 0 : n });
      }),
    );
    const sub = "arn:$" + "{AWS::Partition}:x";
    expect(toYaml({ a: new Tagged("!Ref", "Target"), b: new Tagged("!Sub", sub) })).toBe(
      `a: !Ref Target\nb: !Sub '${sub}'\n`,
    );
    expect(comment("one\ntwo\r\nthree")).toBe("# one\\ntwo\\nthree");
  });
});

describe("HCL strings", () => {
  it("escape what HCL reads otherwise: quotes, backslashes, templates, controls; nothing HCL does not know", () => {
    expect(hclString('a "b" \\c')).toBe('"a \\"b\\" \\\\c"');
    const template = "$" + "{var.x} %{if}";
    expect(hclString(template)).toBe(`"$$${template.slice(1).replace("%", "%%")}"`);
    expect(hclString("line\nnext\ttab\u0007\b")).toBe('"line\\nnext\\ttab\\u0007\\u0008"');
    fc.assert(
      fc.property(fc.string({ unit: "binary" }), (s) => {
        const out = hclString(s);
        expect(out).not.toMatch(/[\u0000-\u001f\u007f]/);
        // Every backslash starts one of HCL's escapes.
        expect(out.slice(1, -1).replace(/\\(["\\nrt]|u[0-9a-f]{4})/g, "")).not.toContain("\\");
        // Every ${ and %{ is doubled: no template sequence is left.
        expect(out.replace(/\$\$\{|%%\{/g, "")).not.toMatch(/\$\{|%\{/);
      }),
    );
  });
});

describe("the description of a plan", () => {
  it("is what the plan writes: the target, the policies, and the alarm triggering the step policy", () => {
    const subject = { endpointName: "jobs", variantName: "AllTraffic" };
    const model = initModel(ASYNC, subject, { minCapacity: 0, targetValue: 5, fromZero: true });
    expect(model.targets).toHaveLength(1);
    expect(model.targets[0]).toMatchObject({ minCapacity: 0, maxCapacity: 4 });
    expect(model.targets[0]!.policies.map((p) => `${p.type} ${p.name}`)).toEqual([
      "TargetTrackingScaling sm-autoscale-async-backlog-per-instance",
      "StepScaling sm-autoscale-async-scale-out-from-zero",
    ]);
    expect(model.alarms).toHaveLength(1);
    expect(model.alarms[0]!.alarmActions).toEqual([
      {
        policy: {
          target: { resourceId: "endpoint/jobs/variant/AllTraffic", dimension: INSTANCES },
          name: "sm-autoscale-async-scale-out-from-zero",
        },
      },
    ]);
    expect(model.omitted).toEqual([]);
  });

  it("names what it cannot declare: the custom policies init would delete", () => {
    const settings = {
      endpointName: "shop",
      variantName: "AllTraffic",
      minCapacity: 1,
      maxCapacity: 4,
      targetValue: 600,
      scaleInCooldown: 300,
      scaleOutCooldown: 300,
      disableScaleIn: false,
    };
    const custom = { ...key, PolicyName: "mine", PolicyType: "TargetTrackingScaling" } as ScalingPolicy;
    const model = exportModelFromPlan(buildInitPlan(settings, { policies: [] }, [custom]), "init");
    expect(model.omitted).toEqual([
      'init would also delete the policy "mine" of endpoint/shop/variant/AllTraffic: code declares what exists, so delete it yourself once the code is applied.',
    ]);
    expect(model.targets[0]!.policies.map((p) => p.name)).toEqual([
      "SageMakerEndpointInvocationScalingPolicy",
    ]);
  });
});

describe("the description of the live state", () => {
  it("writes the cooldowns AWS uses when none is set, and says which were so", () => {
    const model = live({
      policies: [
        {
          ...key,
          PolicyName: "p",
          PolicyType: "TargetTrackingScaling",
          TargetTrackingScalingPolicyConfiguration: { TargetValue: 5 },
        },
        {
          ...key,
          PolicyName: "s",
          PolicyType: "StepScaling",
          StepScalingPolicyConfiguration: {
            StepAdjustments: [{ ScalingAdjustment: 1, MetricIntervalLowerBound: 0 }],
          },
        },
      ],
    });
    expect(model.targets[0]!.policies).toEqual([
      {
        type: "TargetTrackingScaling",
        name: "p",
        targetValue: 5,
        predefined: undefined,
        customized: undefined,
        scaleInCooldown: 300,
        scaleOutCooldown: 300,
        disableScaleIn: false,
        defaultedCooldowns: true,
      },
      expect.objectContaining({ type: "StepScaling", name: "s", cooldown: 300, defaultedCooldowns: true }),
    ]);
  });

  it("leaves out what AWS owns and names what it cannot export or could not read", () => {
    const tt = {
      ...key,
      PolicyName: "tt",
      PolicyType: "TargetTrackingScaling",
      TargetTrackingScalingPolicyConfiguration: { TargetValue: 5 },
      Alarms: [{ AlarmName: `TargetTracking-${RID}-AlarmHigh-1` }],
    } as const;
    const step = {
      ...key,
      PolicyName: "wake",
      PolicyARN: "arn:wake",
      PolicyType: "StepScaling",
      StepScalingPolicyConfiguration: { Cooldown: 60 },
      Alarms: [{ AlarmName: "gone" }, { AlarmName: "mine" }],
    } as Partial<ScalingPolicy>;
    const predictive = { ...key, PolicyName: "ahead", PolicyType: "PredictiveScaling" } as const;
    const alarm: MetricAlarm = {
      AlarmName: "mine",
      ActionsEnabled: true,
      AlarmActions: ["arn:wake", "arn:aws:sns:eu-west-1:1:t"],
      ComparisonOperator: "GreaterThanThreshold",
      EvaluationPeriods: 1,
      EvaluateLowSampleCountPercentile: "",
    };
    const model = live({ policies: [tt, step, predictive] as never }, [alarm]);
    expect(model.targets[0]!.policies.map((p) => p.name)).toEqual(["tt", "wake"]);
    expect(model.alarms).toHaveLength(1);
    expect(model.alarms[0]).toMatchObject({
      name: "mine",
      actionsEnabled: undefined,
      evaluateLowSampleCountPercentile: undefined,
      alarmActions: [
        { policy: { target: { resourceId: RID, dimension: INSTANCES }, name: "wake" } },
        { arn: "arn:aws:sns:eu-west-1:1:t" },
      ],
    });
    expect(model.omitted).toEqual([
      'The policy "ahead" of endpoint/shop/variant/AllTraffic is of type PredictiveScaling, which sm-autoscale does not export.',
      'The step policy "wake" names the alarm "gone", which is not a metric alarm that exists: not exported.',
    ]);
    const unread = exportModelFromLive(
      {
        targets: [{ target: key, policies: [step], scheduledActions: [] }],
        alarms: null,
        alarmsUnread: "access denied",
      },
      "t",
    );
    expect(unread.omitted).toEqual([
      "The alarms of the step policies (gone, mine) could not be read (access denied): without them the step policies never run.",
    ]);
  });

  it("names a scheduled action with no capacity (AWS takes one; Terraform and CDK cannot declare it) and exports the rest", () => {
    const action = (name: string, capacity?: { MinCapacity?: number; MaxCapacity?: number }) => ({
      ...key,
      ScheduledActionName: name,
      Schedule: "cron(0 7 * * ? *)",
      ...(capacity ? { ScalableTargetAction: capacity } : {}),
    });
    const model = live({
      scheduledActions: [action("nothing"), action("empty", {}), action("mornings", { MinCapacity: 3 })],
    });
    expect(model.targets[0]!.scheduledActions.map((a) => a.name)).toEqual(["mornings"]);
    expect(model.omitted).toEqual([
      'The scheduled action "nothing" of endpoint/shop/variant/AllTraffic sets neither a minimum nor a maximum capacity, so it changes nothing: not exported.',
      'The scheduled action "empty" of endpoint/shop/variant/AllTraffic sets neither a minimum nor a maximum capacity, so it changes nothing: not exported.',
    ]);
    for (const format of Object.values(FORMATS)) {
      expect(format.render(model, REGION).files[0]!.content, format.id).toContain('"nothing"');
    }
  });

  it("is the same whatever order AWS lists things in", () => {
    const target = (n: string) => ({
      ...key,
      ResourceId: `endpoint/${n}/variant/AllTraffic`,
      MinCapacity: 1,
      MaxCapacity: 2,
    });
    const policy = (n: string, name: string) => ({
      ...key,
      ResourceId: `endpoint/${n}/variant/AllTraffic`,
      PolicyName: name,
      PolicyType: "TargetTrackingScaling" as const,
      TargetTrackingScalingPolicyConfiguration: { TargetValue: 1, ScaleInCooldown: 1, ScaleOutCooldown: 1 },
    });
    const state = (order: 1 | -1) => ({
      targets: ["a", "b"]
        .map((n) => ({
          target: target(n),
          policies: [policy(n, "x"), policy(n, "y")].sort(() => order),
          scheduledActions: [],
        }))
        .sort(() => order),
      alarms: [],
    });
    const first = exportModelFromLive(state(1), "t");
    expect(exportModelFromLive(state(-1), "t")).toEqual(first);
    expect(first.targets.map((t) => t.policies.map((p) => `${t.key.resourceId} ${p.name}`))).toEqual([
      ["endpoint/a/variant/AllTraffic x", "endpoint/a/variant/AllTraffic y"],
      ["endpoint/b/variant/AllTraffic x", "endpoint/b/variant/AllTraffic y"],
    ]);
  });
});

describe("dimensions", () => {
  it("are written sorted by name, so the same live state exports to the same bytes in whatever order AWS lists them", () => {
    const dims = (order: 1 | -1) =>
      [
        { Name: "EndpointName", Value: "shop" },
        { Name: "VariantName", Value: "AllTraffic" },
      ].sort(() => order);
    const state = (order: 1 | -1) =>
      live(
        {
          policies: [
            {
              ...key,
              PolicyName: "custom",
              PolicyType: "TargetTrackingScaling",
              TargetTrackingScalingPolicyConfiguration: {
                TargetValue: 50,
                ScaleInCooldown: 300,
                ScaleOutCooldown: 60,
                CustomizedMetricSpecification: {
                  MetricName: "CPUUtilization",
                  Namespace: "/aws/sagemaker/Endpoints",
                  Statistic: "Average",
                  Dimensions: dims(order),
                },
              },
            },
            {
              ...key,
              PolicyName: "math",
              PolicyType: "TargetTrackingScaling",
              TargetTrackingScalingPolicyConfiguration: {
                TargetValue: 0.5,
                ScaleInCooldown: 300,
                ScaleOutCooldown: 60,
                CustomizedMetricSpecification: {
                  Metrics: [
                    {
                      Id: "cpu",
                      MetricStat: {
                        Metric: {
                          Namespace: "/aws/sagemaker/Endpoints",
                          MetricName: "CPUUtilization",
                          Dimensions: dims(order),
                        },
                        Stat: "Average",
                      },
                      ReturnData: false,
                    },
                    { Id: "share", Expression: "cpu / 200", ReturnData: true },
                  ],
                },
              },
            },
            {
              ...key,
              PolicyName: "step",
              PolicyARN: "arn:step",
              PolicyType: "StepScaling",
              StepScalingPolicyConfiguration: {
                AdjustmentType: "ChangeInCapacity",
                Cooldown: 60,
                StepAdjustments: [{ MetricIntervalLowerBound: 0, ScalingAdjustment: 1 }],
              },
              Alarms: [
                { AlarmName: "high", AlarmARN: "arn:alarm:high" },
                { AlarmName: "math", AlarmARN: "arn:alarm:math" },
              ],
            },
          ] as ScalingPolicy[],
        },
        [
          {
            AlarmName: "high",
            AlarmActions: ["arn:step"],
            MetricName: "Invocations",
            Namespace: "AWS/SageMaker",
            Statistic: "Sum",
            Dimensions: dims(order),
            Period: 60,
            EvaluationPeriods: 1,
            Threshold: 100,
            ComparisonOperator: "GreaterThanThreshold",
          },
          {
            AlarmName: "math",
            AlarmActions: ["arn:step"],
            Metrics: [
              {
                Id: "m",
                MetricStat: {
                  Metric: { Namespace: "AWS/SageMaker", MetricName: "Invocations", Dimensions: dims(order) },
                  Period: 60,
                  Stat: "Sum",
                },
                ReturnData: true,
              },
            ],
            EvaluationPeriods: 1,
            Threshold: 100,
            ComparisonOperator: "GreaterThanThreshold",
          },
        ],
      );
    const [one, other] = [state(1), state(-1)];
    expect(one.alarms[0]!.dimensions.map((d) => d.name)).toEqual(["EndpointName", "VariantName"]);
    for (const id of EXPORT_FORMATS) {
      for (const project of [false, true]) {
        const a = FORMATS[id].render(one, { ...REGION, project, imports: id === "terraform" });
        const b = FORMATS[id].render(other, { ...REGION, project, imports: id === "terraform" });
        expect(b.files, id).toEqual(a.files);
      }
      // The alarm's dimensions, the custom metric's and metric math's: each written, EndpointName first.
      const main = FORMATS[id].render(one, REGION).files[0]!.content;
      const endpointFirst = [...main.matchAll(/EndpointName[\s\S]{0,80}?VariantName/g)].length;
      const variantFirst = [...main.matchAll(/VariantName[\s\S]{0,80}?EndpointName/g)].length;
      expect(endpointFirst, id).toBeGreaterThan(0);
      expect(variantFirst, id).toBe(0);
    }
  });
});

describe("every format", () => {
  it("names, in its file and on stderr, whatever is not in the file", () => {
    const model = { ...everyKindModel(), omitted: ['The policy "x" could not be exported.'] };
    for (const id of EXPORT_FORMATS) {
      const out = FORMATS[id].render(model, { ...REGION, imports: true });
      const main = out.files[0]!.content;
      for (const line of [...model.omitted, ...out.cannot, ...(out.notes ?? [])]) {
        expect(main, id).toContain(line);
      }
    }
  });

  it("writes the same files whatever it exports: --out is checked with an export of nothing before any AWS call", () => {
    const empty = { origin: "", targets: [], alarms: [], omitted: [] };
    for (const id of EXPORT_FORMATS) {
      const nothing = FORMATS[id].render(empty, { ...REGION, project: true }).files;
      const files = FORMATS[id].render(everyKindModel(), { ...REGION, project: true }).files;
      expect(
        files.map((f) => f.path),
        id,
      ).toEqual(nothing.map((f) => f.path));
      // What the check knows an export's file by: its header, or the very content (JSON has no comments).
      files.forEach((f, i) => {
        if (!/^(#!.*\n)?(#|\/\/) Exported by sm-autoscale/.test(f.content)) {
          expect(f.content, `${id} ${f.path}`).toBe(nothing[i]!.content);
        }
      });
    }
  });

  it("quotes the paths in the commands it suggests, as the AWS CLI renderer quotes", () => {
    const model = liveModel();
    const next = (id: keyof typeof FORMATS, dir: string | undefined) =>
      FORMATS[id].render(model, { ...REGION, project: dir !== undefined }).next(dir);
    expect(next("cloudformation", "my dir")).toEqual([
      "Check it: cfn-lint 'my dir/template.yaml'",
      expect.stringContaining("--template-body 'file://my dir/template.yaml' --resources-to-import …"),
    ]);
    expect(next("cdk", "it's")).toEqual(["Synthesize it: cd 'it'\\''s' && npm install && npx cdk synth"]);
    expect(next("terraform", "$HOME/infra")).toEqual([
      "Check it: cd '$HOME/infra' && terraform init && terraform plan",
    ]);
    expect(next("ack", "-k8s")).toEqual(["Apply it: kubectl apply -f ./-k8s/autoscaling.yaml"]);
    expect(next("ack", undefined)).toEqual(["Apply it: kubectl apply -f autoscaling.yaml"]);
    expect(next("cloudformation", "infra/")[0]).toBe("Check it: cfn-lint infra/template.yaml");
  });

  it("keeps names from AWS out of the syntax: no line break of any language can end a comment", () => {
    const model = live({
      policies: [
        {
          ...key,
          PolicyName: 'evil\nresource "x" {\u2028next\u0085last\u2029',
          PolicyType: "PredictiveScaling",
        } as never,
      ],
    });
    for (const id of EXPORT_FORMATS) {
      const main = FORMATS[id].render(model, REGION).files[0]!.content;
      expect(main, id).toContain('evil\\nresource "x" {\\u2028next\\x85last\\u2029');
      expect(main, id).not.toMatch(/evil\n|[\u0085\u2028\u2029]/);
    }
  });
});

describe("CloudFormation", () => {
  it("the live state is adopted by an import change set, what init would configure is deployed", () => {
    const live = CLOUDFORMATION.render(liveModel(), REGION);
    expect(live.next("infra")).toEqual([
      "Check it: cfn-lint infra/template.yaml",
      "Adopt its resources, which exist already, into a stack by import (the template's header says what an import needs): aws cloudformation create-change-set --stack-name sagemaker-autoscaling --change-set-name adopt --change-set-type IMPORT --template-body file://infra/template.yaml --resources-to-import …",
    ]);
    const header = live.files[0]!.content;
    expect(header).toContain("# Its resources exist already: a stack adopts them by import");
    expect(header).not.toContain("aws cloudformation deploy");
    expect(header).toContain("# An import needs a DeletionPolicy on each resource");

    const planned = CLOUDFORMATION.render(
      initModel(REAL_TIME, { endpointName: "shop", variantName: "AllTraffic" }),
      REGION,
    );
    expect(planned.next(undefined)).toEqual([
      "Check it: cfn-lint template.yaml",
      "Deploy it: aws cloudformation deploy --template-file template.yaml --stack-name sagemaker-autoscaling",
    ]);
    expect(planned.files[0]!.content).toContain(
      "# Deploy: aws cloudformation deploy --template-file template.yaml --stack-name sagemaker-autoscaling",
    );
  });

  it("logical IDs from the AWS names, unique in the template; policies !Ref their target, alarms their policy", () => {
    const model = liveModel();
    const ids = logicalIds(model);
    const t = model.targets[0]!;
    expect(ids.target(t)).toBe("ShopAllTrafficTarget");
    expect(t.policies.map((p) => ids.policy(t, p))).toEqual([
      "ShopAllTrafficInvocationsPerInstanceCustomPolicy",
      "ShopAllTrafficSageMakerEndpointInvocationScalingPolicy",
      "ShopAllTrafficShopStepPolicy",
    ]);
    const resources = template(model)["Resources"] as Record<string, { Properties: Record<string, unknown> }>;
    expect(resources["ShopAllTrafficShopStepPolicy"]!.Properties["ScalingTargetId"]).toEqual(
      new Tagged("!Ref", "ShopAllTrafficTarget"),
    );
    expect(resources["ShopLatencyHighAlarm"]!.Properties["AlarmActions"]).toEqual([
      new Tagged("!Ref", "ShopAllTrafficShopStepPolicy"),
      "arn:aws:sns:eu-west-1:123456789012:on-call",
    ]);
    expect(resources["ShopAllTrafficTarget"]!.Properties["ScheduledActions"]).toEqual([
      {
        ScheduledActionName: "weekday-morning",
        Schedule: "cron(0 7 ? * MON-FRI *)",
        Timezone: "Europe/Paris",
        StartTime: "2026-01-05T00:00:00Z",
        EndTime: "2026-12-31T23:00:00Z",
        ScalableTargetAction: { MinCapacity: 4 },
      },
    ]);
  });
});

describe("Terraform", () => {
  it("always writes the cooldowns; no provider block; import blocks with the provider's IDs", () => {
    const model = everyKindModel();
    const plain = TERRAFORM.render(model, REGION);
    const text = plain.files[0]!.content;
    expect(text).not.toMatch(/^provider /m);
    expect(text).not.toContain("import {");
    const blocks = text.match(/target_tracking_scaling_policy_configuration \{/g)!.length;
    expect(text.match(/scale_in_cooldown +=/g)).toHaveLength(blocks);
    expect(text.match(/scale_out_cooldown +=/g)).toHaveLength(blocks);
    expect(text.match(/policy_type += "(TargetTrackingScaling|StepScaling)"/g)).toHaveLength(
      text.match(/resource "aws_appautoscaling_policy"/g)!.length,
    );
    expect(plain.cannot).toEqual([]);
    expect(plain.notes).toEqual([]);

    const adopted = TERRAFORM.render(model, { ...REGION, imports: true });
    const t = model.targets.find((x) => x.key.resourceId === RID)!;
    expect(importId.target(t)).toBe(`sagemaker/${RID}/${INSTANCES}`);
    expect(importId.policy(t, t.policies[0]!)).toBe(
      `sagemaker/${RID}/${INSTANCES}/InvocationsPerInstanceCustom`,
    );
    expect(adopted.files[0]!.content).toContain(
      `import {\n  to = aws_appautoscaling_target.shop_all_traffic\n  id = "sagemaker/${RID}/${INSTANCES}"\n}`,
    );
    // The live policies without cooldowns (the fixture's built-in one and its step policy) are said to be set.
    const defaulted = (name: string) =>
      `The policy "${name}" of endpoint/shop/variant/AllTraffic has no cooldown set, so AWS uses 300 s: the file says 300 (the provider would send 0 for none), and terraform plan shows it changing from 0 to 300, an update in place that keeps how it scales.`;
    const scheduled =
      'The scheduled action "weekday-morning" of endpoint/shop/variant/AllTraffic: the AWS provider cannot import aws_appautoscaling_scheduled_action, so no import block adopts it: terraform plan shows it to be created, and terraform apply puts it again with the same settings (PutScheduledAction updates it in place).';
    expect(adopted.notes).toEqual([
      defaulted("SageMakerEndpointInvocationScalingPolicy"),
      defaulted("shop-step"),
      scheduled,
    ]);
    // All of it is in the file: the header does not say otherwise.
    expect(adopted.cannot).toEqual([]);
    const header = adopted.files[0]!.content.split("\nresource ")[0]!;
    expect(header).not.toContain("Not in this file");
    expect(header).toContain(
      `# Where terraform plan shows more than imports:\n# - ${defaulted("SageMakerEndpointInvocationScalingPolicy")}`,
    );
    expect(header).toContain(`# - ${scheduled}`);
  });

  it("a policy name the import ID cannot carry is named, not imported wrongly, and what plan and apply do is said", () => {
    const model = live({
      policies: [
        {
          ...key,
          PolicyName: "team/a",
          PolicyType: "TargetTrackingScaling",
          TargetTrackingScalingPolicyConfiguration: {
            TargetValue: 5,
            ScaleInCooldown: 1,
            ScaleOutCooldown: 2,
          },
        },
        {
          ...key,
          PolicyName: "team/gpu-math",
          PolicyType: "TargetTrackingScaling",
          TargetTrackingScalingPolicyConfiguration: { TargetValue: 70 },
        },
      ],
    });
    const out = TERRAFORM.render(model, { ...REGION, imports: true });
    expect(out.files[0]!.content).not.toContain('team/a"\n}');
    expect(out.files[0]!.content).not.toContain('gpu-math"\n}');
    const slash = (name: string) =>
      `The policy "${name}" of endpoint/shop/variant/AllTraffic has a "/" in its name, which the AWS provider's import ID cannot carry (it takes the part after the last "/" as the name), so no import block adopts it and terraform import cannot either: terraform plan shows it to be created, and terraform apply puts it again under the same name, which updates the live policy in place (PutScalingPolicy creates or updates)`;
    // Not imported, it is created, not updated from 0: no word of a cooldown changing from 0 to 300.
    expect(out.notes).toEqual([
      `${slash("team/a")}.`,
      `${slash("team/gpu-math")}, its cooldowns set to the 300 s AWS uses while none is set.`,
    ]);
    expect(out.cannot).toEqual([]);
  });
});

describe("ACK", () => {
  it("every manifest is valid against the controller's CRDs, unknown fields refused", () => {
    const out = ACK.render(everyKindModel(), REGION);
    const docs = validateAckManifests(out.files[0]!.content);
    expect(docs.length).toBeGreaterThan(10);
    for (const { doc, problems } of docs) expect(problems, doc.metadata?.name).toEqual([]);
    expect(out.cannot.map((c) => c.slice(0, c.indexOf(":")))).toEqual([
      'The policy "InvocationsPerInstanceCustom" of endpoint/shop/variant/AllTraffic tracks metric math (CustomizedMetricSpecification.Metrics), which ACK\'s ScalingPolicy cannot hold',
      'The scheduled action "weekday-morning" of endpoint/shop/variant/AllTraffic',
      'The CloudWatch alarm "sm-autoscale-jobs-has-backlog-without-capacity" (it triggers "sm-autoscale-async-scale-out-from-zero")',
      'The CloudWatch alarm "sm-autoscale-llama-chat-no-capacity-invocation-failures" (it triggers "sm-autoscale-ic-scale-out-from-zero")',
      'The CloudWatch alarm "shop-latency-high" (it triggers "shop-step")',
    ]);
  });

  it("the alarm commands in its comments run as written: the policy's ARN from the controller, wherever the alarm names it", () => {
    const arn = `arn:aws:autoscaling:eu-west-1:123456789012:scalingPolicy:1:resource/sagemaker/${RID}:policyName/shop-step`;
    const sns = "arn:aws:sns:eu-west-1:123456789012:on-call";
    const model = live(
      {
        policies: [
          {
            ...key,
            PolicyName: "shop-step",
            PolicyARN: arn,
            PolicyType: "StepScaling",
            StepScalingPolicyConfiguration: {
              AdjustmentType: "ChangeInCapacity",
              StepAdjustments: [{ MetricIntervalLowerBound: 0, ScalingAdjustment: 1 }],
            },
            Alarms: [{ AlarmName: "shop-busy", AlarmARN: "arn:alarm" }],
          },
        ],
      },
      [
        {
          AlarmName: "shop-busy",
          MetricName: "CPUUtilization",
          Namespace: "/aws/sagemaker/Endpoints",
          Statistic: "Average",
          Dimensions: [{ Name: "EndpointName", Value: "shop" }],
          Period: 60,
          EvaluationPeriods: 3,
          Threshold: 70,
          ComparisonOperator: "GreaterThanThreshold",
          AlarmActions: [arn, sns],
          OKActions: [arn],
          InsufficientDataActions: [sns],
        },
      ],
    );
    const text = ACK.render(model, REGION).files[0]!.content;
    const script = text
      .split("\n")
      .filter((line) => line.startsWith("#   "))
      .map((line) => line.slice(4))
      .join("\n");
    expect(script).not.toContain("<status.ackResourceMetadata.arn");
    // kubectl answers with the ARN the controller put in the policy's status; aws prints what it was given.
    const stubs = [
      'kubectl() { [ "$*" = "get scalingpolicy shop-all-traffic-shop-step -o jsonpath={.status.ackResourceMetadata.arn}" ] && echo \'arn:from-status\'; }',
      "aws() { printf '%s\\n' \"$@\"; }",
    ].join("\n");
    const args = execFileSync("bash", ["-c", `${stubs}\n${script}`], { encoding: "utf8" }).split("\n");
    // The alarm has dimensions, so the command passes its input as JSON, which the shell completes.
    const input = JSON.parse(args[args.indexOf("--cli-input-json") + 1] ?? "null") as Record<string, unknown>;
    expect(input).toMatchObject({
      AlarmName: "shop-busy",
      AlarmActions: ["arn:from-status", sns],
      OKActions: ["arn:from-status"],
      InsufficientDataActions: [sns],
    });
  });

  it("a validator that refuses unknown fields, wrong enums and bad names (so that it can fail)", () => {
    const text = ACK.render(initModel(REAL_TIME, { endpointName: "shop", variantName: "AllTraffic" }), REGION)
      .files[0]!.content;
    expect(validateAckManifests(text).every((d) => d.problems.length === 0)).toBe(true);
    const broken = [
      text.replace("resourceID:", "resourceId:"),
      text.replace("policyType: TargetTrackingScaling", "policyType: TargetTracking"),
      text.replace("name: shop-all-traffic\n", "name: Shop_All\n"),
      text.replace("minCapacity: 1", "minCapacity: one"),
    ];
    for (const b of broken) {
      expect(b).not.toBe(text);
      expect(
        validateAckManifests(b).some((d) => d.problems.length > 0),
        b,
      ).toBe(true);
    }
  });
});

describe("CDK", () => {
  it("asks for the versions sm-autoscale's own tests synthesize it with", () => {
    const pkg = JSON.parse(readFileSync(join(REPO_ROOT, "package.json"), "utf8")) as {
      devDependencies: Record<string, string>;
    };
    for (const [name, version] of Object.entries(CDK_VERSIONS)) {
      if (name === "aws-cdk" || name === "ts-node") continue;
      expect(pkg.devDependencies[name], name).toBe(version);
    }
    const app = CDK.render(everyKindModel(), { ...REGION, project: true });
    expect(app.files.map((f) => f.path)).toEqual([
      "lib/sagemaker-autoscaling-stack.ts",
      "bin/app.ts",
      "package.json",
      "cdk.json",
      "tsconfig.json",
    ]);
    expect(JSON.parse(app.files[2]!.content).dependencies).toEqual({
      "aws-cdk-lib": CDK_VERSIONS["aws-cdk-lib"],
      constructs: CDK_VERSIONS.constructs,
    });
  });

  it("targets take the service-linked role; L2 constructs where they can say it, L1 for metric math", () => {
    const source = stackSource(everyKindModel(), []);
    expect(source).not.toContain("new iam.Role(");
    expect(source.match(/role: serviceLinkedRole,/g)).toHaveLength(everyKindModel().targets.length);
    expect(source).toContain(
      'new appscaling.CfnScalingPolicy(this, "ShopAllTrafficInvocationsPerInstanceCustomPolicy"',
    );
    expect(source).toContain('new cloudwatch.CfnAlarm(this, "ShopLatencyHighAlarm"');
    expect(source).toContain(
      "smAutoscaleJobsHasBacklogWithoutCapacityAlarm.addAlarmAction(new cloudwatchActions.ApplicationScalingAction(jobsAllTrafficSmAutoscaleAsyncScaleOutFromZeroPolicy));",
    );
  });
});
