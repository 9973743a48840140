// Terraform against the emulator, offline: the AWS provider comes from the filesystem mirror preinstalled on this
// machine kind (facts doc §14 "Export validators"), every endpoint the provider calls points at the test proxy, and
// the environment is the isolated one of the other children (no AWS_* variable, no ~/.terraformrc, no
// checkpoint calls). A missing terraform or mirror fails the test with what to install, never a silent skip.

import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { cleanBaseEnv, DUMMY_CREDENTIALS } from "./env.js";

/** Where the AWS provider's mirror is (TF_PLUGIN_MIRROR overrides), and the version in it. */
export const PROVIDER_MIRROR = process.env["TF_PLUGIN_MIRROR"] ?? "/opt/tf-plugins";
export const AWS_PROVIDER_VERSION = "5.100.0";

export interface TerraformResult {
  code: number;
  stdout: string;
  stderr: string;
  ms: number;
}

/** Fails with what to install when terraform or the provider mirror is missing. */
export function assertTerraformAvailable(): void {
  const provider = join(PROVIDER_MIRROR, "registry.terraform.io", "hashicorp", "aws", AWS_PROVIDER_VERSION);
  if (!existsSync(provider)) {
    throw new Error(
      `The AWS provider ${AWS_PROVIDER_VERSION} is not in the filesystem mirror ${PROVIDER_MIRROR} (set TF_PLUGIN_MIRROR to where it is).`,
    );
  }
}

/**
 * A working directory for one configuration: the CLI config pointing at the mirror, and a provider block whose
 * endpoints are the proxy (the export itself has none: the user's own applies).
 */
export async function terraformDir(dir: string, proxyUrl: string, region: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  await writeFile(
    join(dir, ".terraformrc"),
    [
      "provider_installation {",
      "  filesystem_mirror {",
      `    path    = ${JSON.stringify(PROVIDER_MIRROR)}`,
      '    include = ["registry.terraform.io/hashicorp/aws"]',
      "  }",
      '  direct { exclude = ["registry.terraform.io/hashicorp/aws"] }',
      "}",
      "",
    ].join("\n"),
  );
  await writeFile(
    join(dir, "provider.tf"),
    [
      "terraform {",
      "  required_providers {",
      `    aws = { source = "hashicorp/aws", version = "${AWS_PROVIDER_VERSION}" }`,
      "  }",
      "}",
      "",
      'provider "aws" {',
      `  region                      = "${region}"`,
      `  access_key                  = "${DUMMY_CREDENTIALS.accessKeyId}"`,
      `  secret_key                  = "${DUMMY_CREDENTIALS.secretAccessKey}"`,
      "  skip_credentials_validation = true",
      "  skip_requesting_account_id  = true",
      "  skip_metadata_api_check     = true",
      "  skip_region_validation      = true",
      "  endpoints {",
      `    applicationautoscaling = "${proxyUrl}"`,
      `    cloudwatch             = "${proxyUrl}"`,
      `    iam                    = "${proxyUrl}"`,
      `    sts                    = "${proxyUrl}"`,
      "  }",
      "}",
      "",
    ].join("\n"),
  );
}

/** `terraform <args>` in `dir`, never prompting (pass -no-color to the commands that take it). */
export function terraform(dir: string, args: string[], timeoutMs = 180_000): Promise<TerraformResult> {
  const env: Record<string, string> = {
    ...cleanBaseEnv(),
    TF_CLI_CONFIG_FILE: join(dir, ".terraformrc"),
    TF_IN_AUTOMATION: "1",
    TF_INPUT: "0",
    CHECKPOINT_DISABLE: "1",
  };
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn("terraform", args, { cwd: dir, env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c: Buffer) => {
      stdout += c.toString("utf8");
    });
    child.stderr.on("data", (c: Buffer) => {
      stderr += c.toString("utf8");
    });
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.once("error", (error) => {
      clearTimeout(timer);
      reject(
        (error as NodeJS.ErrnoException).code === "ENOENT"
          ? new Error(
              "terraform is not on PATH: install Terraform 1.5 or later (1.11 is what the tests use).",
            )
          : error,
      );
    });
    child.once("close", (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? 1, stdout, stderr, ms: Math.round(performance.now() - started) });
    });
  });
}
