// Bad input, end to end: the built CLI as a child process, pointed at moto behind the counting proxy. Every case
// must exit 2 with exactly one line on stderr naming the flag and the form it accepts (plus at most one indented
// hint line), print nothing on stdout, and make no AWS call at all: the proxy must see zero calls.
// Region of this file: ca-west-1 (one endpoint, for the control case that does reach AWS).

import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { runCli } from "../support/cli.js";
import { type EmulatorProxy, startProxy } from "../support/proxy.js";
import { seeder } from "../support/seed.js";

const motoUrl = inject("motoUrl");
const REGION = "ca-west-1";
let proxy: EmulatorProxy;

beforeAll(async () => {
  proxy = await startProxy({ upstream: motoUrl });
  await seeder(proxy.url, REGION).seedEndpoint({ name: "shop" });
});
afterAll(async () => {
  await proxy?.stop();
});

/** Every flag init needs without a terminal, valid; each case below breaks one thing. */
const INIT = ["init", "--endpoint", "shop", "--min", "1", "--max", "4", "--target", "300", "--yes"];
/** INIT with `flag`'s value replaced (or the flag removed, when value is undefined). */
function initWith(changes: Record<string, string | undefined>, ...extra: string[]): string[] {
  const args = [...INIT];
  for (const [flag, value] of Object.entries(changes)) {
    const at = args.indexOf(flag);
    if (value === undefined) args.splice(at, 2);
    else if (at === -1) args.push(flag, value);
    else args[at + 1] = value;
  }
  return [...args, ...extra];
}
const withMaxRps = (maxRps: string, ...extra: string[]) =>
  initWith({ "--target": undefined, "--max-rps": maxRps }, ...extra);

const NAME_FORM =
  /is not a valid SageMaker name: use 1–63 letters, digits and hyphens, starting and ending with a letter or digit\.$/;
const INIT_HINT = "Run sm-autoscale init --help for the flags.";

interface Case {
  args: string[];
  /** The flag the message must name. */
  field: string;
  /** The rest of the message: the accepted form. */
  form: RegExp;
  /** The hint line, when there is one. */
  hint?: string | RegExp;
  /** Environment variables of this case, over the emulator's (which set AWS_REGION and AWS_DEFAULT_REGION). */
  env?: Record<string, string>;
}

const cases: Record<string, Case> = {
  // capacities
  "min > max": {
    args: initWith({ "--min": "5", "--max": "2" }),
    field: "--min",
    form: /--min 5 is greater than --max 2: the minimum must be ≤ the maximum\./,
  },
  "a negative min": {
    args: initWith({ "--min": "-1" }),
    field: "--min",
    // 0 passes here (async endpoints and inference components may rest at zero); below it never does.
    form: /must be at least 0\. Got "-1"\./,
  },
  "a fractional min": {
    args: initWith({ "--min": "1.5" }),
    field: "--min",
    form: /must be a whole number\. Got "1\.5"\./,
  },
  "a max that is not a number": {
    args: initWith({ "--max": "lots" }),
    field: "--max",
    form: /must be a whole number\. Got "lots"\./,
  },
  "a max in exponent form": {
    args: initWith({ "--max": "1e3" }),
    field: "--max",
    form: /must be a whole number\. Got "1e3"\./,
  },
  "an absurd max": {
    args: initWith({ "--max": "1000000" }),
    field: "--max",
    form: /must be at most 10000\. Got "1000000"\./,
  },
  // target
  "target 0": { args: initWith({ "--target": "0" }), field: "--target", form: /must be greater than 0/ },
  "a negative target": {
    args: initWith({ "--target": "-5" }),
    field: "--target",
    form: /must be greater than 0 invocations per instance per minute\. Got "-5"\./,
  },
  "a target that is not a number": {
    args: initWith({ "--target": "fast" }),
    field: "--target",
    form: /the target must be a number\. Got "fast"\./,
  },
  "a hexadecimal target": {
    args: initWith({ "--target": "0x10" }),
    field: "--target",
    form: /the target must be a number\. Got "0x10"\./,
  },
  "an absurdly large target": {
    args: initWith({ "--target": "1e9" }),
    field: "--target",
    form: /must be at most 1000000 invocations per instance per minute \(that is per minute, not per second\)/,
  },
  "a target too large for a double": {
    args: initWith({ "--target": "1e400" }),
    field: "--target",
    form: /must be at most 1000000 invocations per instance per minute/,
  },
  // --max-rps and --safety-factor
  "safety factor 0": {
    args: withMaxRps("20", "--safety-factor", "0"),
    field: "--safety-factor",
    form: /must be a number greater than 0 and at most 1 .*Got "0"\./,
  },
  "safety factor above 1": {
    args: withMaxRps("20", "--safety-factor", "1.5"),
    field: "--safety-factor",
    form: /greater than 0 and at most 1/,
  },
  "a safety factor that is not a number": {
    args: withMaxRps("20", "--safety-factor", "half"),
    field: "--safety-factor",
    form: /greater than 0 and at most 1 .*Got "half"\./,
  },
  "a safety factor without --max-rps": {
    args: initWith({ "--safety-factor": "0.5" }),
    field: "--safety-factor",
    form: /applies only with --max-rps\./,
  },
  "max-rps 0": {
    args: withMaxRps("0"),
    field: "--max-rps",
    form: /must be a number of requests per second greater than 0\. Got "0"\./,
  },
  "a max-rps whose target is absurd": {
    args: withMaxRps("50000"),
    field: "--max-rps",
    form: /must give a target of at most 1000000 invocations per instance per minute: 50000 × safety factor 0\.5 × 60 = 1500000\./,
  },
  // cooldowns
  "a negative cooldown": {
    args: initWith({ "--scale-in-cooldown": "-1" }),
    field: "--scale-in-cooldown",
    form: /must be a whole number of seconds from 0 to 86400\. Got "-1"\./,
  },
  "a fractional cooldown": {
    args: initWith({ "--scale-out-cooldown": "1.5" }),
    field: "--scale-out-cooldown",
    form: /must be a whole number of seconds from 0 to 86400/,
  },
  "a cooldown over a day": {
    args: initWith({ "--scale-in-cooldown": "86401" }),
    field: "--scale-in-cooldown",
    form: /from 0 to 86400/,
  },
  // names
  "an endpoint name with an underscore": {
    args: initWith({ "--endpoint": "my_endpoint" }),
    field: "--endpoint",
    form: NAME_FORM,
  },
  "an endpoint name with a leading hyphen": {
    args: initWith({ "--endpoint": "-shop" }),
    field: "--endpoint",
    form: NAME_FORM,
  },
  "an endpoint name with a trailing hyphen": {
    args: initWith({ "--endpoint": "shop-" }),
    field: "--endpoint",
    form: NAME_FORM,
  },
  "an endpoint name of 64 characters": {
    args: initWith({ "--endpoint": "a".repeat(64) }),
    field: "--endpoint",
    form: NAME_FORM,
  },
  "an endpoint name with a space": {
    args: initWith({ "--endpoint": "my shop" }),
    field: "--endpoint",
    form: NAME_FORM,
  },
  "an endpoint name with an accent": {
    args: initWith({ "--endpoint": "café" }),
    field: "--endpoint",
    form: NAME_FORM,
  },
  "an empty endpoint name": {
    args: [...initWith({ "--endpoint": undefined }), "--endpoint="],
    field: "--endpoint",
    form: NAME_FORM,
  },
  "a variant name with a slash": {
    args: initWith({ "--variant": "All/Traffic" }),
    field: "--variant",
    form: NAME_FORM,
  },
  // flags the grammar rejects
  "an unknown flag": {
    args: [...INIT, "--frobnicate"],
    field: '"--frobnicate"',
    form: /^Unknown option "--frobnicate"\.$/,
    hint: INIT_HINT,
  },
  "a misspelt flag": {
    args: initWith({ "--max": undefined }, "--maxx", "4"),
    field: '"--maxx"',
    form: /^Unknown option "--maxx"; did you mean --max\?$/,
    hint: INIT_HINT,
  },
  "conflicting flags: --target with --max-rps": {
    args: [...INIT, "--max-rps", "20"],
    field: "--max-rps",
    form: /^--target and --max-rps conflict: give the target itself, or the max RPS to compute it from\.$/,
  },
  "a flag without its value, last": {
    args: initWith({ "--min": undefined }, "--min"),
    field: "--min",
    form: /^--min needs a value: minimum capacity: instances, copies or provisioned concurrency/,
    hint: INIT_HINT,
  },
  "a flag without its value, before another flag": {
    args: ["init", "--min", "--max", "4", "--endpoint", "shop", "--target", "300", "--yes"],
    field: "--min",
    form: /^--min needs a value: minimum capacity: instances, copies or provisioned concurrency/,
    hint: INIT_HINT,
  },
  "a flag given twice": {
    args: initWith({}, "--min", "2"),
    field: "--min",
    form: /^--min was given twice \(1, 2\): give it once\.$/,
    hint: INIT_HINT,
  },
  "a value for a switch": {
    args: initWith({ "--yes": undefined }, "--yes=no"),
    field: "--yes",
    form: /^--yes takes no value\. Got "--yes=no"\.$/,
    hint: INIT_HINT,
  },
  "a stray argument": {
    args: [...INIT, "AllTraffic"],
    field: '"AllTraffic"',
    form: /^Unexpected argument "AllTraffic": sm-autoscale init takes only flags\.$/,
    hint: INIT_HINT,
  },
  // global flags
  "a region that is not one": {
    args: [...INIT, "--region", "junk"],
    field: "--region",
    form: /^--region "junk" is not a region name like us-east-1\.$/,
  },
  "an empty region": {
    args: [...INIT, "--region="],
    field: "--region",
    form: /is not a region name like us-east-1/,
  },
  "a region given twice, before and after the command": {
    args: ["--region", REGION, ...INIT, "--region=us-east-1"],
    field: "--region",
    form: new RegExp(`^--region was given twice \\(${REGION}, us-east-1\\): give it once\\.$`),
    hint: INIT_HINT,
  },
  "a region flag without its value": {
    args: [...INIT, "--region"],
    field: "--region",
    form: /^--region needs a value: AWS region/,
    hint: INIT_HINT,
  },
  // the region from the environment: the same check as --region
  "AWS_REGION that is not a region": {
    args: ["simulate", "--endpoint", "shop"],
    env: { AWS_REGION: "mars-1" },
    field: "AWS_REGION",
    form: /^AWS_REGION "mars-1" is not a region name like us-east-1\.$/,
    hint: "Set AWS_REGION to a region such as us-east-1, or unset it (--region overrides it).",
  },
  "AWS_DEFAULT_REGION that is not a region, AWS_REGION empty": {
    args: INIT,
    env: { AWS_REGION: "", AWS_DEFAULT_REGION: "eu-mars" },
    field: "AWS_DEFAULT_REGION",
    form: /^AWS_DEFAULT_REGION "eu-mars" is not a region name like us-east-1\.$/,
    hint: "Set AWS_DEFAULT_REGION to a region such as us-east-1, or unset it (--region and AWS_REGION override it).",
  },
  "iam-policy: AWS_REGION that is not a region (it takes the partition from it)": {
    args: ["iam-policy"],
    env: { AWS_REGION: "mars-1" },
    field: "AWS_REGION",
    form: /^AWS_REGION "mars-1" is not a region name like us-east-1\.$/,
    hint: /^ {2}Set AWS_REGION to a region/,
  },
  // endpoint variables: checked before any call, whichever variable the SDK would read
  "AWS_ENDPOINT_URL that is not a URL": {
    args: ["simulate", "--endpoint", "shop"],
    env: { AWS_ENDPOINT_URL: "not-a-url" },
    field: "AWS_ENDPOINT_URL",
    form: /^AWS_ENDPOINT_URL "not-a-url" is not an http\(s\) URL like https:\/\/host or http:\/\/localhost:4566\.$/,
    hint: "Set it to the address of the endpoint to call instead of AWS, or unset it to reach AWS itself.",
  },
  "AWS_ENDPOINT_URL_SAGEMAKER without its scheme, the other calls pointed at the emulator": {
    args: ["describe"],
    env: { AWS_ENDPOINT_URL_SAGEMAKER: "localhost:4566" },
    field: "AWS_ENDPOINT_URL_SAGEMAKER",
    form: /^AWS_ENDPOINT_URL_SAGEMAKER "localhost:4566" is not an http\(s\) URL like /,
    hint: /^ {2}Set it to the address of the endpoint/,
  },
  // the other commands
  "teardown: --all with --endpoint": {
    args: ["teardown", "--all", "--endpoint", "shop", "--yes"],
    field: "--all",
    form: /^--all and --endpoint cannot be used together: --all already covers every endpoint\.$/,
  },
  "teardown: a bad endpoint name": {
    args: ["teardown", "--endpoint", "shop_1", "--yes"],
    field: "--endpoint",
    form: NAME_FORM,
  },
  "teardown: a bad variant name": {
    args: ["teardown", "--endpoint", "shop", "--variant", "All_Traffic", "--yes"],
    field: "--variant",
    form: NAME_FORM,
  },
  "teardown: --variant without --endpoint": {
    args: ["teardown", "--variant", "AllTraffic", "--yes"],
    field: "--variant",
    form: /^--variant needs --endpoint: name the endpoint the variant belongs to\.$/,
    hint: "Example: sm-autoscale teardown --endpoint my-endpoint --variant AllTraffic",
  },
  "teardown: no --yes without a terminal": {
    args: ["teardown", "--endpoint", "shop"],
    field: "--yes",
    form: /is required to remove autoscaling when not running interactively \(no terminal\); no changes made\./,
    hint: /--dry-run/,
  },
  "teardown: an unknown flag": {
    args: ["teardown", "--all", "--force"],
    field: '"--force"',
    form: /^Unknown option "--force"\.$/,
    hint: "Run sm-autoscale teardown --help for the flags.",
  },
  "describe: a bad endpoint name": {
    args: ["describe", "--endpoint", "bad_name"],
    field: "--endpoint",
    form: NAME_FORM,
  },
  "describe: --endpoint without its value": {
    args: ["describe", "--endpoint"],
    field: "--endpoint",
    form: /^--endpoint needs a value: only this endpoint\.$/,
    hint: "Run sm-autoscale describe --help for the flags.",
  },
  "describe: a misspelt flag": {
    args: ["describe", "--jsn"],
    field: '"--jsn"',
    form: /did you mean --json\?$/,
    hint: "Run sm-autoscale describe --help for the flags.",
  },
  "iam-policy: a value outside the choices": {
    args: ["iam-policy", "--for", "deploy"],
    field: "--for",
    form: /^--for must be one of init, describe, teardown, schedule, simulate, export\. Got "deploy"\.$/,
    hint: "Run sm-autoscale iam-policy --help for the flags.",
  },
  "export: a format given twice": {
    args: ["export", "--all", "--format", "ack", "--format", "terraform"],
    field: "--format",
    form: /^--format was given twice \(ack, terraform\): give it once\.$/,
    hint: "Run sm-autoscale export --help for the flags.",
  },
  "simulate: an endpoint given twice": {
    args: ["simulate", "--endpoint", "shop", "--endpoint=store"],
    field: "--endpoint",
    form: /^--endpoint was given twice \(shop, store\): give it once\.$/,
    hint: "Run sm-autoscale simulate --help for the flags.",
  },
  "schedule add: a schedule given twice (values with spaces are quoted)": {
    args: [
      "schedule",
      "add",
      "--endpoint",
      "shop",
      "--schedule",
      "cron(0 8 * * ? *)",
      "--schedule",
      "rate(1 day)",
    ],
    field: "--schedule",
    form: /^--schedule was given twice \("cron\(0 8 \* \* \? \*\)", "rate\(1 day\)"\): give it once\.$/,
    hint: "Run sm-autoscale schedule add --help for the flags.",
  },
  "an unknown command": {
    args: ["setup", "--endpoint", "shop"],
    field: '"setup"',
    form: /^Unknown command "setup"\.$/,
    hint: "Run sm-autoscale --help for the commands.",
  },
  "no command": {
    args: ["--region", REGION],
    field: "command",
    form: /^Missing a command: init, describe, teardown, simulate, export, iam-policy or schedule\.$/,
    hint: "Run sm-autoscale --help for what each does.",
  },
};

describe("bad input: exit 2, one line naming the flag and its form, no AWS call", () => {
  it.each(Object.entries(cases))("%s", async (_name, c) => {
    proxy.resetCounts();
    const run = await runCli(c.args, { endpoint: proxy.url, region: REGION, env: c.env ?? {} });
    const lines = run.stderr.replace(/\n$/, "").split("\n");
    const context = `${Object.entries(c.env ?? {})
      .map(([name, value]) => `${name}=${value} `)
      .join("")}sm-autoscale ${c.args.join(" ")}\n${run.stderr}`;

    expect(run.code, context).toBe(2);
    expect(run.stdout, context).toBe("");
    expect(lines.length, context).toBeLessThanOrEqual(c.hint === undefined ? 1 : 2);
    const [message, hint] = lines;
    expect(message, context).toMatch(/^✖ /);
    const text = message!.slice(2);
    expect(text, context).toContain(c.field);
    expect(text, context).toMatch(c.form);
    if (c.hint !== undefined) {
      expect(hint, context).toMatch(/^ {2}\S/);
      if (typeof c.hint === "string") expect(hint?.trim()).toBe(c.hint);
      else expect(hint).toMatch(c.hint);
    }
    expect(proxy.calls(), context).toEqual([]);
  });

  it("(control) the same flags, made valid, do reach AWS: zero calls above means no call was made", async () => {
    proxy.resetCounts();
    const run = await runCli(initWith({ "--yes": undefined }, "--dry-run"), {
      endpoint: proxy.url,
      region: REGION,
    });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain("aws application-autoscaling register-scalable-target");
    expect(proxy.calls().length).toBeGreaterThan(0);
  });
});
