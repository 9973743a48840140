// The CLI's front end, end to end with the built CLI: the colour of the final error line in a real terminal,
// a profile that is not defined (iam-policy included), and the partition of iam-policy's ARNs.
// Region of this file: ap-southeast-5.

import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { CLI_BIN, runCli } from "../support/cli.js";
import { cleanBaseEnv, emulatorEnv } from "../support/env.js";
import { type EmulatorProxy, startProxy } from "../support/proxy.js";
import { spawnPty } from "../support/pty.js";

const motoUrl = inject("motoUrl");
const REGION = "ap-southeast-5";
let proxy: EmulatorProxy;
let dir: string;

beforeAll(async () => {
  proxy = await startProxy({ upstream: motoUrl });
  dir = mkdtempSync(join(tmpdir(), "sm-autoscale-cli-front-"));
});
afterAll(async () => {
  await proxy?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const ESC = "\x1b";
const RED_CROSS = "\x1b[31m✖\x1b[39m";

describe("--no-color also governs the final error line, in a real terminal", () => {
  /** A terminal as a user has one: TERM set, NO_COLOR unset, nothing else of the parent's. */
  function terminal(args: string[]) {
    const { NO_COLOR: _noColor, ...base } = cleanBaseEnv();
    return spawnPty("node", [CLI_BIN, ...args], {
      env: { ...base, ...emulatorEnv(proxy.url, REGION), TERM: "xterm-256color" },
    });
  }
  /** The run's exit code and everything it wrote to the terminal, escape codes included. */
  async function run(args: string[]): Promise<{ code: number; raw: string; text: string }> {
    const pty = terminal(args);
    const code = await pty.exit;
    return { code, raw: pty.rawOutput(), text: pty.output() };
  }

  const cases: Record<string, { args: string[]; code: number; message: RegExp }> = {
    "a failure from AWS (no such endpoint)": {
      args: ["init", "--endpoint", "nosuch", "--min", "1", "--max", "2", "--target", "100", "--yes"],
      code: 1,
      message: /✖ Endpoint "nosuch" was not found in ap-southeast-5\.$/m,
    },
    "a usage error from the flags": {
      args: ["init", "--frobnicate"],
      code: 2,
      message: /✖ Unknown option "--frobnicate"\.$/m,
    },
    "a usage error found before any AWS call": {
      args: ["--region", "junk", "describe"],
      code: 2,
      message: /✖ --region "junk" is not a region name like us-east-1\.$/m,
    },
  };

  it.each(Object.entries(cases))(
    "%s: red without --no-color, no escape code at all with it",
    async (_, c) => {
      const coloured = await run(c.args);
      expect(coloured.code, coloured.text).toBe(c.code);
      expect(coloured.text).toMatch(c.message);
      // The control: this terminal does get colour, so its absence below is --no-color's doing.
      expect(coloured.raw).toContain(RED_CROSS);

      for (const args of [
        ["--no-color", ...c.args],
        [...c.args, "--no-color"],
      ]) {
        const plain = await run(args);
        expect(plain.code, plain.text).toBe(c.code);
        expect(plain.text).toMatch(c.message);
        expect(plain.raw, JSON.stringify(plain.raw)).not.toContain(ESC);
      }
    },
  );
});

describe("a profile that is not defined: one line and its hint, exit 2, no AWS call", () => {
  /** Profile files in a directory of their own, named through the variables the SDK reads. */
  function profileFiles(name: string, config: string, credentials: string): Record<string, string> {
    const files = {
      AWS_CONFIG_FILE: join(dir, `${name}-config`),
      AWS_SHARED_CREDENTIALS_FILE: join(dir, `${name}-credentials`),
    };
    writeFileSync(files.AWS_CONFIG_FILE, config);
    writeFileSync(files.AWS_SHARED_CREDENTIALS_FILE, credentials);
    return files;
  }
  async function fails(args: string[], env: Record<string, string>): Promise<[string, string]> {
    proxy.resetCounts();
    const run = await runCli(args, { endpoint: proxy.url, region: REGION, env });
    const context = `sm-autoscale ${args.join(" ")}\n${run.stderr}`;
    expect(run.code, context).toBe(2);
    expect(run.stdout, context).toBe("");
    const lines = run.stderr.replace(/\n$/, "").split("\n");
    // Exactly the message and its hint: in particular none of the SDK's multi-line credential warnings.
    expect(lines, context).toHaveLength(2);
    expect(lines[1], context).toMatch(/^ {2}\S/);
    expect(proxy.calls(), context).toEqual([]);
    return [lines[0]!, lines[1]!.trim()];
  }

  it("--profile, with access keys in the environment as well (the SDK's warning case)", async () => {
    // The emulator environment sets AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY; the profile files are absent.
    const [message, hint] = await fails(["--profile", "nosuch", "describe"], {
      AWS_CONFIG_FILE: "",
      AWS_SHARED_CREDENTIALS_FILE: "",
    });
    expect(message).toBe(
      '✖ Profile "nosuch" (from --profile) not found in ~/.aws/config or ~/.aws/credentials.',
    );
    expect(hint).toBe("No profile is defined there. Create this one with: aws configure --profile nosuch");
  });

  it("iam-policy, which calls no AWS, checks the profile the same way (its region gives the ARNs' partition)", async () => {
    const [message, hint] = await fails(["iam-policy", "--profile", "nosuch"], {
      AWS_CONFIG_FILE: "",
      AWS_SHARED_CREDENTIALS_FILE: "",
    });
    expect(message).toBe(
      '✖ Profile "nosuch" (from --profile) not found in ~/.aws/config or ~/.aws/credentials.',
    );
    expect(hint).toBe("No profile is defined there. Create this one with: aws configure --profile nosuch");
  });

  it("AWS_PROFILE with no region set: the profile is the problem, not the region", async () => {
    const [message, hint] = await fails(["init", "--endpoint", "shop", "--min", "1", "--max", "2", "--yes"], {
      AWS_PROFILE: "nosuch",
      AWS_REGION: "",
      AWS_DEFAULT_REGION: "",
    });
    expect(message).toMatch(
      /^✖ Profile "nosuch" \(from AWS_PROFILE\) not found in \S+no-aws-config \(AWS_CONFIG_FILE\) or \S+no-aws-credentials \(AWS_SHARED_CREDENTIALS_FILE\)\.$/,
    );
    expect(hint).toBe(
      "No profile is defined there. Create this one with: aws configure --profile nosuch, or unset AWS_PROFILE",
    );
  });

  it("a misspelt profile: the close one, and the profiles of both files", async () => {
    const files = profileFiles(
      "typo",
      "[default]\nregion = ap-southeast-5\n[profile production]\nregion = ap-southeast-5\n",
      "[ci]\naws_access_key_id = testing\naws_secret_access_key = testing\n",
    );
    const [message, hint] = await fails(["--profile", "prodution", "describe"], files);
    expect(message).toBe(
      `✖ Profile "prodution" (from --profile) not found in ${files.AWS_CONFIG_FILE} (AWS_CONFIG_FILE) or ` +
        `${files.AWS_SHARED_CREDENTIALS_FILE} (AWS_SHARED_CREDENTIALS_FILE).`,
    );
    expect(hint).toBe("Did you mean --profile production? Profiles there: ci, default, production.");
  });

  it("a profile's region that is not a region: named with its file, as --region and AWS_REGION are", async () => {
    const files = profileFiles(
      "bad-region",
      "[profile dev]\nregion = mars-1\n",
      "[dev]\naws_access_key_id = testing\naws_secret_access_key = testing\n",
    );
    const env = { ...files, AWS_REGION: "", AWS_DEFAULT_REGION: "" };
    const [message, hint] = await fails(["--profile", "dev", "describe"], env);
    expect(message).toBe(
      `✖ The region "mars-1" of profile "dev", in ${files.AWS_CONFIG_FILE} (AWS_CONFIG_FILE), is not a region name like us-east-1.`,
    );
    expect(hint).toBe("Set it with: aws configure set region us-east-1 --profile dev, or pass --region.");
    // The same for iam-policy, whose partition it would give.
    expect(await fails(["iam-policy", "--profile", "dev"], env)).toEqual([message, hint]);

    // The control: a region given wins, and the profile's is then not read at all.
    proxy.resetCounts();
    const run = await runCli(["--profile", "dev", "--region", REGION, "describe", "--json"], {
      endpoint: proxy.url,
      region: REGION,
      env: { ...env, AWS_REGION: "mars-1" },
    });
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ region: REGION });
    expect(proxy.calls().length).toBeGreaterThan(0);
  });

  it("(control) a defined profile beside access keys in the environment: it is used, said in one line", async () => {
    const files = profileFiles(
      "defined",
      "[profile team]\nregion = ap-southeast-5\n",
      "[team]\naws_access_key_id = testing\naws_secret_access_key = testing\n",
    );
    proxy.resetCounts();
    const run = await runCli(["--profile", "team", "describe", "--json"], {
      endpoint: proxy.url,
      region: REGION,
      env: files,
    });
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toHaveProperty("variants");
    expect(run.stderr).not.toMatch(/Multiple credential sources|WARNING/);
    const notes = run.stderr.split("\n").filter((line) => line.includes("AWS_ACCESS_KEY_ID"));
    expect(notes).toEqual([
      "⚠ Using profile team; AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY in the environment are not used.",
    ]);
    expect(proxy.calls().length).toBeGreaterThan(0);
  });
});

describe("iam-policy writes its ARNs in the partition of the region, without calling AWS", () => {
  const slrArn = async (args: string[], region: string, env: Record<string, string> = {}) => {
    proxy.resetCounts();
    const run = await runCli(["iam-policy", "--for", "init", ...args], { endpoint: proxy.url, region, env });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toBe("");
    expect(proxy.calls()).toEqual([]);
    const doc = JSON.parse(run.stdout) as { Statement: { Action: string[]; Resource: string }[] };
    return doc.Statement.find((s) => s.Action.includes("iam:CreateServiceLinkedRole"))?.Resource;
  };
  const SLR_PATH =
    "role/aws-service-role/sagemaker.application-autoscaling.amazonaws.com/AWSServiceRoleForApplicationAutoScaling_SageMakerEndpoint";

  it.each([
    ["cn-north-1", "aws-cn"],
    ["us-gov-east-1", "aws-us-gov"],
    ["us-east-1", "aws"],
    ["eusc-de-east-1", "aws-eusc"],
  ])("AWS_REGION=%s: %s; --region wins over it", async (region, partition) => {
    expect(await slrArn([], region)).toBe(`arn:${partition}:iam::*:${SLR_PATH}`);
    expect(await slrArn(["--region", "cn-northwest-1"], region)).toBe(`arn:aws-cn:iam::*:${SLR_PATH}`);
  });

  it("calls nothing, so an endpoint variable that is not a URL does not concern it", async () => {
    expect(await slrArn([], "cn-north-1", { AWS_ENDPOINT_URL: "not-a-url" })).toBe(
      `arn:aws-cn:iam::*:${SLR_PATH}`,
    );
  });

  it("no region given: the profile's, as the other commands take it (--profile, else AWS_PROFILE)", async () => {
    const config = join(dir, "iam-policy-config");
    writeFileSync(config, "[profile china]\nregion = cn-north-1\n[profile gov]\nregion = us-gov-west-1\n");
    const env = { AWS_CONFIG_FILE: config, AWS_REGION: "", AWS_DEFAULT_REGION: "" };
    expect(await slrArn(["--profile", "china"], REGION, env)).toBe(`arn:aws-cn:iam::*:${SLR_PATH}`);
    expect(await slrArn([], REGION, { ...env, AWS_PROFILE: "gov" })).toBe(
      `arn:aws-us-gov:iam::*:${SLR_PATH}`,
    );
    // The control: without the profile, no region at all, so the aws partition.
    expect(await slrArn([], REGION, env)).toBe(`arn:aws:iam::*:${SLR_PATH}`);
  });
});
