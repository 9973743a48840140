import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import { resolveRegion, sdkWarning } from "../../src/aws/clients.js";
import { checkProfile } from "../../src/aws/profile.js";
import { resolveSettings } from "../../src/aws/settings.js";
import { profileFiles, profileProblem } from "../../src/domain/profile.js";
import { regionProblem } from "../../src/domain/region.js";
import { UsageError } from "../../src/errors.js";

const DEFAULT_FILES = ["~/.aws/config", "~/.aws/credentials"] as const;

describe("profileProblem", () => {
  it("is nothing when the profile is defined", () => {
    expect(profileProblem("prod", "--profile", ["default", "prod"], DEFAULT_FILES)).toBeUndefined();
  });

  it("names the profile, where it came from and the files read, in one line; exit 2", () => {
    const problem = profileProblem("nosuch", "--profile", [], DEFAULT_FILES);
    expect(problem).toBeInstanceOf(UsageError);
    expect(problem?.exitCode).toBe(2);
    expect(problem?.message).toBe(
      'Profile "nosuch" (from --profile) not found in ~/.aws/config or ~/.aws/credentials.',
    );
    expect(problem?.hint).toBe(
      "No profile is defined there. Create this one with: aws configure --profile nosuch",
    );
    expect(profileProblem("nosuch", "AWS_PROFILE", [], DEFAULT_FILES)?.hint).toBe(
      "No profile is defined there. Create this one with: aws configure --profile nosuch, or unset AWS_PROFILE",
    );
  });

  it("suggests a close name in the form it was given, else lists the profiles there", () => {
    expect(profileProblem("prd", "--profile", ["default", "prod"], DEFAULT_FILES)?.hint).toBe(
      "Did you mean --profile prod? Profiles there: default, prod.",
    );
    expect(profileProblem("prd", "AWS_PROFILE", ["prod"], DEFAULT_FILES)?.hint).toBe(
      "Did you mean AWS_PROFILE=prod? Profiles there: prod.",
    );
    const many = Array.from({ length: 10 }, (_, i) => `team-${i}`);
    expect(profileProblem("analytics", "--profile", many, DEFAULT_FILES)?.hint).toBe(
      "Profiles there: team-0, team-1, team-2, team-3, team-4, team-5, team-6, team-7 and 2 more. " +
        "Create this one with: aws configure --profile analytics",
    );
  });

  it("an empty --profile is a mistake of its own", () => {
    expect(profileProblem("", "--profile", ["default"], DEFAULT_FILES)?.message).toBe(
      "--profile is empty: name a profile from ~/.aws/config or ~/.aws/credentials.",
    );
  });
});

describe("profileFiles", () => {
  it("names the variable that moved a file, and the default place otherwise (empty is unset)", () => {
    expect(profileFiles({})).toEqual(["~/.aws/config", "~/.aws/credentials"]);
    expect(profileFiles({ AWS_CONFIG_FILE: "/etc/aws/config", AWS_SHARED_CREDENTIALS_FILE: "" })).toEqual([
      "/etc/aws/config (AWS_CONFIG_FILE)",
      "~/.aws/credentials",
    ]);
    expect(profileFiles({ AWS_SHARED_CREDENTIALS_FILE: "/c" })).toEqual([
      "~/.aws/config",
      "/c (AWS_SHARED_CREDENTIALS_FILE)",
    ]);
  });
});

describe("checkProfile reads the profiles as the SDK does", () => {
  const dir = mkdtempSync(join(tmpdir(), "sm-autoscale-profile-"));
  const saved = {
    AWS_CONFIG_FILE: process.env.AWS_CONFIG_FILE,
    AWS_SHARED_CREDENTIALS_FILE: process.env.AWS_SHARED_CREDENTIALS_FILE,
  };
  let files = 0;
  /** Fresh file names each time: the SDK's loader caches a file's contents by path for the process. */
  function useFiles(config: string, credentials: string): void {
    files++;
    process.env.AWS_CONFIG_FILE = join(dir, `config-${files}`);
    process.env.AWS_SHARED_CREDENTIALS_FILE = join(dir, `credentials-${files}`);
    writeFileSync(process.env.AWS_CONFIG_FILE, config);
    writeFileSync(process.env.AWS_SHARED_CREDENTIALS_FILE, credentials);
  }
  afterEach(() => {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("finds [profile x] and [default] in the config file, [x] in the credentials file", async () => {
    useFiles(
      "[default]\nregion = eu-west-1\n[profile prod]\nregion = us-east-1\n",
      "[ci]\naws_access_key_id = a\n",
    );
    for (const name of ["default", "prod", "ci"])
      await expect(checkProfile(name, "--profile")).resolves.toBeUndefined();
  });

  it("does not take a config file's [x] (no `profile` prefix) or an sso-session for a profile", async () => {
    useFiles("[staging]\nregion = us-east-1\n[sso-session corp]\nsso_region = us-east-1\n", "");
    const error = await checkProfile("staging", "AWS_PROFILE").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as UsageError).message).toMatch(
      /^Profile "staging" \(from AWS_PROFILE\) not found in .*config-\d+ \(AWS_CONFIG_FILE\) or .*credentials-\d+ \(AWS_SHARED_CREDENTIALS_FILE\)\.$/,
    );
    expect((error as UsageError).hint).toBe(
      "No profile is defined there. Create this one with: aws configure --profile staging, or unset AWS_PROFILE",
    );
  });

  it("checks nothing without a profile, or with an empty AWS_PROFILE", async () => {
    useFiles("", "");
    await expect(checkProfile(undefined, "AWS_PROFILE")).resolves.toBeUndefined();
    await expect(checkProfile("", "AWS_PROFILE")).resolves.toBeUndefined();
    await expect(checkProfile("", "--profile")).rejects.toThrow("--profile is empty");
  });
});

describe("regionProblem: a region that is not a region name, named where it came from", () => {
  it("--region, AWS_REGION and AWS_DEFAULT_REGION: the one that was used, and what overrides it", () => {
    expect(regionProblem("us-east-1", { from: "AWS_REGION" })).toBeUndefined();
    expect(regionProblem("junk", { from: "--region" })?.message).toBe(
      '--region "junk" is not a region name like us-east-1.',
    );
    const env = regionProblem("mars-1", { from: "AWS_REGION" });
    expect(env?.exitCode).toBe(2);
    expect(env?.message).toBe('AWS_REGION "mars-1" is not a region name like us-east-1.');
    expect(env?.hint).toBe(
      "Set AWS_REGION to a region such as us-east-1, or unset it (--region overrides it).",
    );
    expect(regionProblem("us east 1", { from: "AWS_DEFAULT_REGION" })?.hint).toBe(
      "Set AWS_DEFAULT_REGION to a region such as us-east-1, or unset it (--region and AWS_REGION override it).",
    );
  });

  it("the profile's: the profile and the file, and how to set it in that file", () => {
    const config = regionProblem("mars-1", {
      from: "profile",
      profile: "dev",
      in: "config",
      file: "~/.aws/config",
    });
    expect(config?.message).toBe(
      'The region "mars-1" of profile "dev", in ~/.aws/config, is not a region name like us-east-1.',
    );
    expect(config?.hint).toBe(
      "Set it with: aws configure set region us-east-1 --profile dev, or pass --region.",
    );
    expect(
      regionProblem("mars-1", {
        from: "profile",
        profile: "dev",
        in: "credentials",
        file: "~/.aws/credentials",
      })?.hint,
    ).toBe("Correct region under [dev] in that file (it wins over the config file's), or pass --region.");
    expect(regionProblem("mars-1", { from: "instance-metadata" })?.message).toBe(
      `The region "mars-1" from this EC2 instance's metadata is not a region name like us-east-1.`,
    );
  });
});

describe("resolveSettings: the region as the SDK finds it, with where it came from, checked", () => {
  const dir = mkdtempSync(join(tmpdir(), "sm-autoscale-region-"));
  const VARIABLES = [
    "AWS_CONFIG_FILE",
    "AWS_SHARED_CREDENTIALS_FILE",
    "AWS_REGION",
    "AWS_DEFAULT_REGION",
    "AWS_PROFILE",
    "AWS_EC2_METADATA_DISABLED",
    "AWS_ENDPOINT_URL",
    "AWS_ENDPOINT_URL_SAGEMAKER",
    "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS",
  ];
  const saved = Object.fromEntries(VARIABLES.map((name) => [name, process.env[name]]));
  let files = 0;
  /** Fresh file names each time: the SDK's loader caches a file's contents by path for the process. */
  function useFiles(config: string, credentials: string): { config: string; credentials: string } {
    files++;
    const paths = { config: join(dir, `config-${files}`), credentials: join(dir, `credentials-${files}`) };
    process.env.AWS_CONFIG_FILE = paths.config;
    process.env.AWS_SHARED_CREDENTIALS_FILE = paths.credentials;
    writeFileSync(paths.config, config);
    writeFileSync(paths.credentials, credentials);
    return paths;
  }
  beforeEach(() => {
    for (const name of VARIABLES) delete process.env[name];
    useFiles("", "");
    // No network: the instance metadata is the last resort, never reached in these tests.
    process.env.AWS_EC2_METADATA_DISABLED = "true";
  });
  afterEach(() => {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const problem = (globals: { region?: string; profile?: string } = {}) =>
    resolveSettings(globals, { callsAws: true }).then(
      () => undefined,
      (error: unknown) => {
        expect(error).toBeInstanceOf(UsageError);
        return `${(error as UsageError).message} | ${(error as UsageError).hint}`;
      },
    );

  it("checks the region that is used, wherever it came from; the ones overridden are not read", async () => {
    useFiles("[default]\nregion = mars-1\n", "");
    process.env.AWS_DEFAULT_REGION = "venus-1";
    process.env.AWS_REGION = "jupiter-1";
    expect(await problem()).toMatch(/^AWS_REGION "jupiter-1" is not a region name/);
    expect(await resolveSettings({ region: "eu-west-1" }, { callsAws: true })).toEqual({
      profile: undefined,
      region: "eu-west-1",
    });
    process.env.AWS_REGION = "";
    expect(await problem()).toMatch(/^AWS_DEFAULT_REGION "venus-1" is not a region name/);
    process.env.AWS_REGION = "eu-west-1";
    expect(await problem()).toBeUndefined();
    delete process.env.AWS_REGION;
    delete process.env.AWS_DEFAULT_REGION;
    expect(await problem()).toMatch(
      /^The region "mars-1" of profile "default", in .*config-\d+ \(AWS_CONFIG_FILE\),/,
    );
  });

  it("the profile's region: --profile, else AWS_PROFILE; the credentials file's wins, and is named", async () => {
    const paths = useFiles(
      "[profile dev]\nregion = mars-1\n[profile ok]\nregion = eu-north-1\n",
      "[dev]\nregion = venus-2\n",
    );
    expect(await problem({ profile: "dev" })).toBe(
      `The region "venus-2" of profile "dev", in ${paths.credentials} (AWS_SHARED_CREDENTIALS_FILE), is not a region name like us-east-1. | Correct region under [dev] in that file (it wins over the config file's), or pass --region.`,
    );
    process.env.AWS_PROFILE = "ok";
    expect(await resolveSettings({}, { callsAws: true })).toEqual({
      profile: "ok",
      region: "eu-north-1",
    });
  });

  it("a command that calls AWS: an endpoint variable that is not a URL, unless the SDK ignores them", async () => {
    process.env.AWS_REGION = "eu-west-1";
    process.env.AWS_ENDPOINT_URL = "http://127.0.0.1:1";
    process.env.AWS_ENDPOINT_URL_SAGEMAKER = "not-a-url";
    expect(await problem()).toBe(
      'AWS_ENDPOINT_URL_SAGEMAKER "not-a-url" is not an http(s) URL like https://host or http://localhost:4566. | Set it to the address of the endpoint to call instead of AWS, or unset it to reach AWS itself.',
    );
    // iam-policy calls nothing: no endpoint to check.
    await expect(resolveSettings({}, { callsAws: false })).resolves.toEqual({
      profile: undefined,
      region: "eu-west-1",
    });
    // The SDK's switch: "true" or "false" exactly, from the environment, else from the profile.
    process.env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS = "true";
    expect(await problem()).toBeUndefined();
    for (const value of ["false", "1", "TRUE"]) {
      process.env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS = value;
      expect(await problem(), value).toMatch(/^AWS_ENDPOINT_URL_SAGEMAKER "not-a-url" is not/);
    }
    delete process.env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS;
    useFiles("[profile local]\nignore_configured_endpoint_urls = true\n[default]\nregion = eu-west-1\n", "");
    expect(await problem({ profile: "local" })).toBeUndefined();
    expect(await problem()).toMatch(/^AWS_ENDPOINT_URL_SAGEMAKER "not-a-url" is not/);
  });

  it("reads the same region from the files as an SDK client does", async () => {
    const { STSClient } = await import("@aws-sdk/client-sts");
    const layouts: [config: string, credentials: string, profile: string | undefined][] = [
      ["[default]\nregion = eu-west-3\n", "", undefined],
      ["[profile a]\nregion = ap-south-2\n", "[a]\nregion = ca-west-1\n", "a"],
      ["[profile a]\nregion = ap-south-2\n", "[a]\naws_access_key_id = x\n", "a"],
      ["[a]\nregion = ap-south-2\n[default]\nregion = sa-east-1\n", "", "a"],
    ];
    for (const [config, credentials, profile] of layouts) {
      useFiles(config, credentials);
      const client = new STSClient(profile ? { profile } : {});
      const sdk = await client.config.region().catch(() => undefined);
      client.destroy();
      const ours = await resolveRegion(undefined, profile);
      expect(ours?.region, `${config} / ${credentials}`).toBe(sdk);
    }
  });
});

describe("sdkWarning", () => {
  // The SDK's text (@aws-sdk/credential-provider-node, defaultProvider), as it prints it.
  const MULTIPLE = `@aws-sdk/credential-provider-node - defaultProvider::fromEnv WARNING:
    Multiple credential sources detected: 
    Both AWS_PROFILE and the pair AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY static credentials are set.
    This SDK will proceed with the AWS_PROFILE value.
`;
  it("says in one line which credentials a run with a profile and keys in the environment uses", () => {
    expect(sdkWarning(MULTIPLE, "prod")).toBe(
      "Using profile prod; AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY in the environment are not used.",
    );
  });
  it("keeps any other warning, on one line", () => {
    expect(sdkWarning("something\n   else happened\n", "prod")).toBe("something else happened");
  });
});
