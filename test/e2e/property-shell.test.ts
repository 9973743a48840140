// The printed commands are shell-safe for every name AWS accepts. fast-check generates policy names (\p{Print}+:
// spaces, quotes, $(…), backticks, ;, &&, |, \, !, *, a leading -, the aws CLI's file:// and http:// prefixes,
// and non-ASCII) and scheduled-action names (AWS's ScheduledActionName rules), builds plans with them, and runs
// each plan twice: through the SDK (sendStep, with createClients pointed at the emulator) in one region, and as
// the rendered bash script through the real aws CLI in another. Both regions must end in the same state, and no
// name may ever run a command (a canary file would appear).
//
// Cheap checks first (bash only, hundreds of values), then the one that costs about a second per aws command, so
// few runs with several names each. Regions of this file: eu-central-2 (SDK), ap-southeast-4 (aws CLI).

import { execFileSync } from "node:child_process";
import { existsSync, rmSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, inject, it, vi } from "vitest";
import { type Clients, createClients } from "../../src/aws/clients.js";
import { sendStep } from "../../src/aws/send-step.js";
import { readTeardownState } from "../../src/aws/teardown-read.js";
import { buildTeardownPlan, scopeState } from "../../src/plan/build-teardown.js";
import { renderPlanScript, renderStep } from "../../src/plan/render-cli.js";
import type { PlanStep, ScalingPlan } from "../../src/plan/types.js";
import { runAwsCli } from "../support/cli.js";
import { cleanBaseEnv, emulatorEnv, isolatedHome } from "../support/env.js";
import { type EmulatorProxy, startProxy } from "../support/proxy.js";
import { readState, seeder, variantResourceId } from "../support/seed.js";

const motoUrl = inject("motoUrl");
const SDK_REGION = "eu-central-2";
const CLI_REGION = "ap-southeast-4";
const ENDPOINT = "shop";
const RESOURCE_ID = variantResourceId(ENDPOINT, "AllTraffic");
const KEY = {
  ServiceNamespace: "sagemaker",
  ResourceId: RESOURCE_ID,
  ScalableDimension: "sagemaker:variant:DesiredInstanceCount",
} as const;

// ------------------------------------------------------------------------------------------------ generators

/**
 * A command a hostile name would run if any quoting let it through: it creates a file in the isolated HOME of
 * the child processes. Spelt without `/`, `:` and `|`, so scheduled-action names can carry it too.
 */
const CANARY = join(isolatedHome(), "pwned");
const INJECTIONS = [
  "$(cd;touch pwned)",
  "`cd;touch pwned`",
  "; cd; touch pwned",
  "&& cd && touch pwned",
  "|| cd; touch pwned #",
  "'; cd; touch pwned; '",
  '"; cd; touch pwned; "',
  "\\'$(cd;touch pwned)",
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a shell expansion, not a template
  "${HOME}",
  "$HOME",
  "$'\\x41'",
  "!!",
  "*",
  "?",
  "[a-z]",
  "~",
  "{a,b}",
  "<x",
  ">x",
  "\\",
  "'",
  '"',
  "-",
  "--",
  "--policy-name",
  " ",
  "  ",
  "#",
  "%s",
  "é",
  "日本語",
  "😀",
  "\u00a0",
  "ß",
  "€",
];
/** A value the aws CLI would fetch as a file or URL (its "paramfile" prefixes) unless the renderer avoids it. */
const PARAMFILE_PREFIXES = ["file://", "fileb://", "http://", "https://", "FILE://"];

const printableAscii = fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c));
const fragment = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...INJECTIONS) },
  { weight: 3, arbitrary: fc.string({ unit: printableAscii, minLength: 1, maxLength: 12 }) },
  { weight: 1, arbitrary: fc.string({ unit: "binary", minLength: 1, maxLength: 3 }) },
);

/**
 * PolicyName: 1-256 characters of \p{Print}, often with a leading `-` or a paramfile prefix. AWS's pattern is a
 * Java one, where \p{Print} is ASCII only; non-ASCII is generated anyway (scheduled-action names allow it, and the
 * renderer must not depend on it).
 */
const policyName = fc
  .tuple(
    fc.oneof(
      { weight: 3, arbitrary: fc.constant("") },
      { weight: 1, arbitrary: fc.constantFrom(...PARAMFILE_PREFIXES, "-", "--") },
    ),
    fc.array(fragment, { minLength: 1, maxLength: 8 }),
  )
  .map(([prefix, parts]) => prefix + parts.join(""))
  // Printable only: no control characters (C0, DEL, C1), which \p{Print} excludes.
  .map((s) => s.replace(/[\u0000-\u001f\u007f-\u009f]/g, "_"))
  .map((s) => [...s].slice(0, 256).join(""))
  .filter((s) => s.length >= 1);

/** ScheduledActionName: 1-256 characters, no control characters, no `:` `/` `|`, no leading or trailing space. */
const scheduledActionName = fc
  .array(fragment, { minLength: 1, maxLength: 6 })
  .map((parts) =>
    parts
      .join("")
      .replace(/[\u0000-\u001f\u007f-\u009f:/|]/g, "_")
      .trim(),
  )
  .map((s) => [...s].slice(0, 256).join(""))
  .filter((s) => s.length >= 1 && s.trim() === s);

// ------------------------------------------------------------------------------------------------ plans

function putPolicy(name: string, targetValue: number): PlanStep {
  return {
    service: "application-autoscaling",
    operation: "PutScalingPolicy",
    input: {
      ...KEY,
      PolicyName: name,
      PolicyType: "TargetTrackingScaling",
      TargetTrackingScalingPolicyConfiguration: {
        TargetValue: targetValue,
        PredefinedMetricSpecification: { PredefinedMetricType: "SageMakerVariantInvocationsPerInstance" },
        ScaleInCooldown: 300,
        ScaleOutCooldown: 60,
      },
    },
    summary: `Put the policy "${name}"`,
  };
}

function deletePolicy(name: string): PlanStep {
  return {
    service: "application-autoscaling",
    operation: "DeleteScalingPolicy",
    input: { ...KEY, PolicyName: name },
    summary: `Delete the policy "${name}"`,
  };
}

/** Registers the target, puts a policy under each name and one scheduled action. */
function setUpPlan(names: string[], actionName: string): ScalingPlan {
  return {
    title: "Property: names that need quoting",
    steps: [
      {
        service: "application-autoscaling",
        operation: "RegisterScalableTarget",
        input: { ...KEY, MinCapacity: 1, MaxCapacity: 3 },
        summary: "Register the target",
      },
      ...names.map((name, i) => putPolicy(name, 100 + i)),
      {
        service: "application-autoscaling",
        operation: "PutScheduledAction",
        input: {
          ...KEY,
          ScheduledActionName: actionName,
          Schedule: "at(2031-01-01T00:00:00)",
          ScalableTargetAction: { MinCapacity: 1, MaxCapacity: 2 },
        },
        summary: `Put the scheduled action "${actionName}"`,
      },
    ],
  };
}

// ------------------------------------------------------------------------------------------------ bash only

/** What bash passes to the program for a rendered command: its argv. */
function bashArgv(command: string): string[] {
  // In the isolated HOME: a name that does get through runs `cd; touch pwned` there, where the canary looks.
  const out = execFileSync("bash", ["-c", `printf '%s\\0' ${command.replace(/\\\n/g, "")}`], {
    encoding: "utf8",
    env: cleanBaseEnv(),
    // `|| cd; touch pwned` skips its `cd` when what comes before succeeds: it must land there too, never in the
    // repository (a file "pwned" appeared in the repository root once, from the broken-quoting case).
    cwd: isolatedHome(),
    // What a broken renderer lets through (syntax errors, "command not found") is the test's business, not noise.
    stdio: ["ignore", "pipe", "pipe"],
  });
  return out.split("\0").slice(0, -1);
}

/**
 * The value the aws CLI ends up with for `member`: from `--flag value`, `--flag=value`, or the --cli-input-json
 * document, with what the CLI is known to do to some flag values (fetch a paramfile, read a dash as a flag, drop
 * "--"). The test against the real aws CLI below is what finds the quirks this does not know yet.
 */
function valueSeenByAws(argv: string[], flag: string, member: string): unknown {
  const json = argv.indexOf("--cli-input-json");
  if (json !== -1) return (JSON.parse(argv[json + 1]!) as Record<string, unknown>)[member];
  const at = argv.indexOf(flag);
  const value = at !== -1 ? argv[at + 1] : argv.find((a) => a.startsWith(`${flag}=`))?.slice(flag.length + 1);
  if (value !== undefined && /^(file|fileb|https?):\/\//.test(value)) return { fetchedAsParamfile: value };
  // argparse removes a "--" argument even when it is the value of `--flag=--`.
  if (value === "--") return { droppedByArgparse: value };
  if (value?.startsWith("-") && at !== -1) return { readAsAFlag: value };
  return value;
}

type Render = (step: PlanStep, target: { region: string }) => string;

/** The property the aws CLI relies on: every name reaches it as exactly the value in the plan. */
const namesArriveIntact = (render: Render) =>
  fc.property(policyName, scheduledActionName, (name, action) => {
    const policyArgv = bashArgv(render(deletePolicy(name), { region: CLI_REGION }));
    expect(policyArgv.slice(0, 3)).toEqual(["aws", "application-autoscaling", "delete-scaling-policy"]);
    expect(valueSeenByAws(policyArgv, "--policy-name", "PolicyName")).toBe(name);
    const actionArgv = bashArgv(render(setUpPlan([], action).steps[1]!, { region: CLI_REGION }));
    expect(valueSeenByAws(actionArgv, "--scheduled-action-name", "ScheduledActionName")).toBe(action);
    expect(existsSync(CANARY)).toBe(false);
  });

describe("rendered commands, through bash", () => {
  it("every generated name reaches the aws CLI as exactly one argument, unchanged", () => {
    fc.assert(namesArriveIntact(renderStep), { numRuns: 150 });
  });

  it("the same property catches a renderer whose quoting is broken (double quotes)", async () => {
    vi.resetModules();
    vi.doMock("../../src/plan/shell.js", () => ({ shellQuote: (value: string) => `"${value}"` }));
    try {
      const broken = await import("../../src/plan/render-cli.js");
      const result = fc.check(namesArriveIntact(broken.renderStep), { numRuns: 150 });
      expect(result.failed).toBe(true);
    } finally {
      vi.doUnmock("../../src/plan/shell.js");
      vi.resetModules();
      rmSync(CANARY, { force: true });
    }
  });

  it("the same property catches a renderer that forgets the paramfile prefixes", () => {
    // Render as if no value needed --cli-input-json: a file:// or http:// name would then be fetched by the CLI.
    const naive: Render = (step, target) =>
      renderStep(step, target).replace(/--cli-input-json '([^']*)'/, (_, json: string) => {
        const input = JSON.parse(json) as Record<string, string>;
        const flag = "PolicyName" in input ? "--policy-name" : "--scheduled-action-name";
        const value = input["PolicyName"] ?? input["ScheduledActionName"] ?? "";
        return `${flag} '${value.replace(/'/g, "'\\''")}'`;
      });
    const result = fc.check(namesArriveIntact(naive), { numRuns: 300 });
    expect(result.failed).toBe(true);
  });
});

// ------------------------------------------------------------------------------------------------ aws CLI vs SDK

describe("rendered commands, through bash and the aws CLI, against the emulator", () => {
  let proxy: EmulatorProxy;
  let sdk: Clients;
  let cliReader: Clients;
  const savedEnv = { ...process.env };

  beforeAll(async () => {
    proxy = await startProxy({ upstream: motoUrl });
    await Promise.all(
      [SDK_REGION, CLI_REGION].map((region) => seeder(proxy.url, region).seedEndpoint({ name: ENDPOINT })),
    );
    // The real client factory, pointed at the emulator the way users point it anywhere: AWS_ENDPOINT_URL. None
    // of the shell's own AWS_* variables (AWS_PROFILE, a session token…) may take part.
    for (const key of Object.keys(process.env)) if (key.startsWith("AWS_")) delete process.env[key];
    Object.assign(process.env, emulatorEnv(proxy.url, SDK_REGION));
    sdk = createClients({ region: SDK_REGION });
    cliReader = createClients({ region: CLI_REGION });
  });

  afterAll(async () => {
    for (const key of Object.keys(process.env)) if (!(key in savedEnv)) delete process.env[key];
    Object.assign(process.env, savedEnv);
    await proxy?.stop();
  });

  const sendAll = async (plan: ScalingPlan) => {
    for (const step of plan.steps) await sendStep(sdk, step);
  };
  const runScript = async (plan: ScalingPlan) => {
    const script = renderPlanScript(plan, { region: CLI_REGION });
    const run = await runAwsCli(script, emulatorEnv(proxy.url, CLI_REGION));
    expect(run.code, `${script}\n--- stderr ---\n${run.stderr}`).toBe(0);
  };
  const teardownPlan = async (clients: Clients) => {
    const scope = { kind: "endpoint", endpointName: ENDPOINT } as const;
    return buildTeardownPlan(scopeState(await readTeardownState(clients, scope), scope));
  };

  it("leave the same state as the SDK: set-up, then teardown's plan, for generated names", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(policyName, { minLength: 2, maxLength: 2 }),
        scheduledActionName,
        async (names, actionName) => {
          // Set up: register, a policy under each name, a scheduled action.
          const setUp = setUpPlan(names, actionName);
          await Promise.all([sendAll(setUp), runScript(setUp)]);
          const [viaSdk, viaCli] = await Promise.all([
            readState(proxy.url, SDK_REGION),
            readState(proxy.url, CLI_REGION),
          ]);
          expect(viaCli).toEqual(viaSdk);
          expect(viaSdk.policies.map((p) => p.PolicyName).sort()).toEqual([...names].sort());
          expect(viaSdk.scheduledActions.map((a) => a.ScheduledActionName)).toEqual([actionName]);

          // Teardown's plan, built by each side from what it reads: deletes every policy by its name.
          const [sdkTeardown, cliTeardown] = await Promise.all([teardownPlan(sdk), teardownPlan(cliReader)]);
          expect(cliTeardown.steps.map((s) => s.input)).toEqual(sdkTeardown.steps.map((s) => s.input));
          expect(cliTeardown.steps.filter((s) => s.operation === "DeleteScalingPolicy")).toHaveLength(2);
          await Promise.all([sendAll(sdkTeardown), runScript(cliTeardown)]);
          const empty = { targets: [], policies: [], scheduledActions: [] };
          expect(await readState(proxy.url, SDK_REGION)).toEqual(empty);
          expect(await readState(proxy.url, CLI_REGION)).toEqual(empty);
          expect(existsSync(CANARY), "a name ran a command").toBe(false);
        },
      ),
      // Each run costs eight aws CLI start-ups (about 5 s); on a failure, report it as is rather than shrink for
      // minutes.
      { numRuns: 7, endOnFailure: true },
    );
  }, 240_000);
});
