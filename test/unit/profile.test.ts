import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { sdkWarning } from "../../src/aws/clients.js";
import { checkProfile } from "../../src/aws/profile.js";
import { profileFiles, profileProblem } from "../../src/domain/profile.js";
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
