// AWS faults end to end: the built CLI as a child process (or in a pseudo-terminal) against moto behind the
// fault-injecting proxy. Each case asserts the exit code, ONE clear error line with its hint on stderr (no stack
// trace, no "[object Object]", no SDK noise), and the autoscaling state read back from moto: nothing half-done.
// Regions of this file: us-west-2, eu-west-2, af-south-1, ap-southeast-3, il-central-1, me-central-1.

import { DeleteEndpointCommand, SageMakerClient } from "@aws-sdk/client-sagemaker";
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from "vitest";
import { CLI_BIN, type RunResult, runCli, until } from "../support/cli.js";
import { terminalEnv } from "../support/env.js";
import { freePort } from "../support/moto.js";
import { type EmulatorProxy, type FaultRule, startProxy } from "../support/proxy.js";
import { enterSignalAndPolicyType, KEY, spawnPty } from "../support/pty.js";
import { emulatorClientConfig } from "../support/sdk.js";
import { type AutoscalingState, readState, seeder, variantResourceId } from "../support/seed.js";

const motoUrl = inject("motoUrl");
let proxy: EmulatorProxy;

beforeAll(async () => {
  proxy = await startProxy({ upstream: motoUrl });
});
afterEach(() => {
  proxy.clearFaults();
  proxy.setLatency(0);
});
afterAll(async () => {
  await proxy?.stop();
});

const BUILT_IN = "SageMakerEndpointInvocationScalingPolicy";
const IAM_POLICY_HINT = /`sm-autoscale iam-policy`/;

/**
 * The test environment silences the SDK's Node version notice; here the CLI must do it itself, as it must for a
 * user, so the variable is emptied.
 */
const OWN_NOISE_CONTROL = { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "" };

const cli = (region: string, args: string[], env: Record<string, string> = {}) =>
  runCli(args, { endpoint: proxy.url, region, env: { ...OWN_NOISE_CONTROL, ...env } });

const initArgs = (endpoint: string, ...extra: string[]) => [
  "init",
  "--endpoint",
  endpoint,
  "--min",
  "1",
  "--max",
  "4",
  "--target",
  "300",
  "--yes",
  ...extra,
];

const state = (region: string): Promise<AutoscalingState> => readState(proxy.url, region);

/** One InService endpoint with one instance-based variant, AllTraffic. */
async function endpointIn(region: string, name: string): Promise<string> {
  await seeder(proxy.url, region).seedEndpoint({
    name,
    variants: [{ name: "AllTraffic", instanceType: "ml.m5.large", count: 2 }],
  });
  return variantResourceId(name, "AllTraffic");
}

/** An endpoint whose variant is already autoscaled 2 to 6 (and, with `policies`, has those policies). */
async function autoscaledEndpointIn(
  region: string,
  name: string,
  policies: { name: string; target: number }[] = [],
): Promise<string> {
  const rid = await endpointIn(region, name);
  const s = seeder(proxy.url, region);
  await s.registerTarget({ resourceId: rid, min: 2, max: 6 });
  for (const p of policies) await s.putPolicy(p.name, rid, p.target, { scaleInCooldown: 600 });
  return rid;
}

/** What an AWS access-denied answer says, for this operation. */
function accessDenied(service: string, operation: string): Pick<FaultRule, "code" | "status" | "message"> {
  const query = service === "iam";
  return {
    code: query ? "AccessDenied" : "AccessDeniedException",
    status: query ? 403 : 400,
    message: `User: arn:aws:sts::123456789012:assumed-role/dev/alice is not authorized to perform: ${service}:${operation} because no identity-based policy allows the ${service}:${operation} action`,
  };
}

/**
 * The run ended with exactly one explained error: a line starting "✖ " (other than the progress line of the step
 * that failed, which ends in ": failed") that matches `message`, followed by its hint; and nothing a user should
 * not see.
 */
function expectOneError(run: RunResult, message: RegExp, hint?: RegExp): void {
  const lines = run.stderr.split("\n");
  const errors = lines.filter((l) => l.startsWith("✖ ") && !l.endsWith(": failed"));
  expect(errors, run.stderr).toHaveLength(1);
  expect(errors[0], run.stderr).toMatch(message);
  if (hint)
    expect(lines[lines.indexOf(errors[0]!) + 1], run.stderr).toMatch(
      new RegExp(`^  (?=\\S).*${hint.source}`),
    );
  expectNoNoise(run);
}

function expectNoNoise(run: RunResult): void {
  const all = run.stdout + run.stderr;
  expect(all).not.toMatch(/^\s+at .+[(:]\d+/m); // stack frames
  expect(all).not.toContain("[object Object]");
  expect(all).not.toContain("NodeVersionSupportWarning");
  expect(all).not.toMatch(/\(node:\d+\)/); // any process warning
  expect(all).not.toContain("@smithy");
  expect(all).not.toMatch(/\bundefined\b/);
}

async function deleteEndpoint(region: string, name: string): Promise<void> {
  const sm = new SageMakerClient(emulatorClientConfig(proxy.url, region));
  try {
    await sm.send(new DeleteEndpointCommand({ EndpointName: name }));
  } finally {
    sm.destroy();
  }
}

const writes = (operation: string) =>
  proxy.calls().filter((c) => c.operation === operation && c.status !== undefined);

describe("credentials, region and network: one line, fast, before any change", () => {
  const region = "us-west-2";

  it("no credentials: exit 1, one line, no AWS call", async () => {
    proxy.resetCounts();
    const run = await cli(region, initArgs("anything"), {
      AWS_ACCESS_KEY_ID: "",
      AWS_SECRET_ACCESS_KEY: "",
      AWS_EC2_METADATA_DISABLED: "true",
    });
    expect(run.code).toBe(1);
    expectOneError(run, /^✖ No AWS credentials found\.$/, /aws configure/);
    expect(proxy.calls()).toEqual([]);
  });

  it("expired credentials on the identity check: exit 1, says so and how to refresh", async () => {
    proxy.inject({
      operation: "STS.GetCallerIdentity",
      code: "ExpiredToken",
      status: 403,
      message: "The security token included in the request is expired",
    });
    const run = await cli(region, initArgs("anything"));
    expect(run.code).toBe(1);
    expectOneError(run, /^✖ Your AWS credentials have expired \(sts GetCallerIdentity\)\.$/, /aws sso login/);
  });

  it("expired credentials on a write: nothing is changed", async () => {
    await endpointIn(region, "flt-expired");
    const before = await state(region);
    proxy.inject({
      operation: "RegisterScalableTarget",
      times: -1,
      code: "ExpiredTokenException",
      message: "The security token included in the request is expired",
    });
    const run = await cli(region, initArgs("flt-expired"));
    expect(run.code).toBe(1);
    expectOneError(
      run,
      /^✖ Your AWS credentials have expired \(application-autoscaling RegisterScalableTarget\)\.$/,
      /aws sso login/,
    );
    expect(await state(region)).toEqual(before);
  });

  it("no region anywhere: exit 2 before any AWS call", async () => {
    proxy.resetCounts();
    const run = await runCli(initArgs("anything"), {
      endpoint: proxy.url,
      env: { ...OWN_NOISE_CONTROL, AWS_REGION: "", AWS_DEFAULT_REGION: "" },
    });
    expect(run.code).toBe(2);
    expectOneError(run, /^✖ No AWS region is set\.$/, /--region/);
    expect(proxy.calls()).toEqual([]);
  });

  it("connection refused: one line naming the endpoint, exit 1", async () => {
    const closed = `http://127.0.0.1:${await freePort()}`;
    const run = await runCli(initArgs("anything"), { endpoint: closed, region, env: OWN_NOISE_CONTROL });
    expect(run.code).toBe(1);
    expectOneError(
      run,
      new RegExp(
        `^✖ Could not reach ${closed.replace(/\./g, "\\.")} for sts GetCallerIdentity: connection refused \\(ECONNREFUSED\\)\\.$`,
      ),
      /AWS_ENDPOINT_URL is set to/,
    );
  });
});

describe("faults that pass with time: retried, then success", () => {
  const region = "eu-west-2";
  const expected = (rid: string) => ({
    targets: [expect.objectContaining({ ResourceId: rid, MinCapacity: 1, MaxCapacity: 4 })],
    policies: [
      expect.objectContaining({
        ResourceId: rid,
        PolicyName: BUILT_IN,
        TargetTrackingScalingPolicyConfiguration: expect.objectContaining({ TargetValue: 300 }),
      }),
    ],
  });

  // Throttling is retried by the SDK, ConcurrentUpdate and FailedResourceAccess by the executor (facts doc §9, §11).
  it.each([
    { what: "throttling on a read", operation: "SageMaker.DescribeEndpoint", code: "ThrottlingException" },
    { what: "throttling on a write", operation: "PutScalingPolicy", code: "ThrottlingException" },
    {
      what: "ConcurrentUpdate on RegisterScalableTarget",
      operation: "RegisterScalableTarget",
      code: "ConcurrentUpdateException",
      times: 1,
    },
    {
      what: "ConcurrentUpdate on PutScalingPolicy",
      operation: "PutScalingPolicy",
      code: "ConcurrentUpdateException",
      times: 1,
    },
    {
      // The change happened, its answer was lost: the SDK sends it again, which is harmless (idempotent).
      what: "a lost answer to RegisterScalableTarget (connection reset after the change)",
      operation: "RegisterScalableTarget",
      drop: true,
      times: 1,
    },
    {
      what: "FailedResourceAccess on PutScalingPolicy",
      operation: "PutScalingPolicy",
      code: "FailedResourceAccessException",
      times: 1,
    },
  ])("$what", async ({ what, operation, code, times, drop }) => {
    const endpoint = `flt-retry-${what
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .slice(0, 40)}`.replace(/-$/, "");
    const rid = await endpointIn(region, endpoint);
    proxy.resetCounts();
    proxy.inject({
      operation,
      ...(drop ? { drop, phase: "after" as const } : { code }),
      times: times ?? 2,
      message:
        code === "FailedResourceAccessException"
          ? "Unable to create alarms for scaling policy due to reason: Rate exceeded (Service: AmazonCloudWatch; Status Code: 400; Error Code: Throttling)"
          : "Rate exceeded",
    });
    const run = await cli(region, initArgs(endpoint));
    expect(run.code, run.stderr).toBe(0);
    expectNoNoise(run);
    expect(proxy.count(operation)).toBe((times ?? 2) + 1);
    const after = await state(region);
    expect({
      targets: after.targets.filter((t) => t.ResourceId === rid),
      policies: after.policies.filter((p) => p.ResourceId === rid),
    }).toEqual(expected(rid));
  });
});

describe("AccessDenied on each write: names the IAM action, points to iam-policy, puts everything back", () => {
  const region = "af-south-1";

  it("init: a denied CreateServiceLinkedRole is a note, and the run goes on (AWS finds the role at registration)", async () => {
    const rid = await endpointIn(region, "flt-init-deny-slr");
    proxy.inject({ operation: "CreateServiceLinkedRole", ...accessDenied("iam", "CreateServiceLinkedRole") });
    const run = await cli(region, initArgs("flt-init-deny-slr"));
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain(
      "⚠ Make sure the service-linked role for SageMaker autoscaling exists: skipped, as your identity may not call iam:CreateServiceLinkedRole.",
    );
    expectNoNoise(run);
    const after = await state(region);
    expect(after.policies.filter((p) => p.ResourceId === rid).map((p) => p.PolicyName)).toEqual([BUILT_IN]);
  });

  it.each([
    { service: "application-autoscaling", operation: "RegisterScalableTarget", rolledBack: 0 },
    // A new target: deregistered.
    { service: "application-autoscaling", operation: "PutScalingPolicy", rolledBack: 1 },
    // Replacing a custom policy on a target that existed: the built-in policy and the old capacities restored.
    { service: "application-autoscaling", operation: "DeleteScalingPolicy", rolledBack: 2, replace: true },
  ])("init: $operation", async ({ service, operation, rolledBack, replace }) => {
    const endpoint = `flt-init-deny-${operation.toLowerCase()}`;
    if (replace) {
      await autoscaledEndpointIn(region, endpoint, [
        { name: BUILT_IN, target: 500 },
        { name: "my-latency-policy", target: 0.5 },
      ]);
    } else {
      await endpointIn(region, endpoint);
    }
    const before = await state(region);
    proxy.inject({ operation, ...accessDenied(service, operation) });
    const run = await cli(region, initArgs(endpoint, ...(replace ? ["--replace-custom-policies"] : [])));
    expect(run.code).toBe(1);
    expectOneError(
      run,
      new RegExp(`^✖ Access denied: your identity may not call ${service}:${operation}\\.$`),
      IAM_POLICY_HINT,
    );
    expect(run.stderr).toContain(
      rolledBack > 0
        ? `Rolled back this run's ${rolledBack} change(s); the autoscaling is as it was before.`
        : "No autoscaling had been changed yet.",
    );
    expect(await state(region)).toEqual(before);
  });

  it.each([
    { operation: "DeleteScalingPolicy", rolledBack: 0 },
    { operation: "DeleteScheduledAction", rolledBack: 1 },
    { operation: "DeregisterScalableTarget", rolledBack: 2 },
  ])("teardown: $operation", async ({ operation, rolledBack }) => {
    const endpoint = `flt-td-deny-${operation.toLowerCase()}`;
    const rid = await autoscaledEndpointIn(region, endpoint, [{ name: BUILT_IN, target: 400 }]);
    await seeder(proxy.url, region).putScheduledAction({
      name: "nightly-low",
      resourceId: rid,
      schedule: "cron(0 22 * * ? *)",
      min: 2,
      max: 3,
    });
    const before = await state(region);
    proxy.inject({ operation, ...accessDenied("application-autoscaling", operation) });
    const run = await cli(region, ["teardown", "--endpoint", endpoint, "--yes"]);
    expect(run.code).toBe(1);
    expectOneError(
      run,
      new RegExp(`^✖ Access denied: your identity may not call application-autoscaling:${operation}\\.$`),
      IAM_POLICY_HINT,
    );
    expect(run.stderr).toContain(
      rolledBack > 0
        ? `Rolled back this run's ${rolledBack} change(s); the autoscaling is as it was before.`
        : "No autoscaling had been changed yet.",
    );
    expect(await state(region)).toEqual(before);
  });
});

describe("faults that do not pass: one readable line, and nothing half-done", () => {
  const region = "ap-southeast-3";

  it("ValidationException with a message over several lines is shown on one line", async () => {
    await endpointIn(region, "flt-invalid");
    const before = await state(region);
    proxy.inject({
      operation: "RegisterScalableTarget",
      code: "ValidationException",
      message:
        "1 validation error detected: Value '0' at 'maxCapacity' failed to satisfy constraint:\n    Member must have value greater than or equal to 1",
    });
    const run = await cli(region, initArgs("flt-invalid"));
    expect(run.code).toBe(1);
    expectOneError(
      run,
      /^✖ AWS rejected application-autoscaling RegisterScalableTarget: 1 validation error detected: Value '0' at 'maxCapacity' failed to satisfy constraint: Member must have value greater than or equal to 1$/,
    );
    expect(await state(region)).toEqual(before);
  });

  it("FailedResourceAccess that persists: retried, then the new target is deregistered", async () => {
    const rid = await endpointIn(region, "flt-fra");
    const before = await state(region);
    proxy.resetCounts();
    proxy.inject({
      operation: "PutScalingPolicy",
      times: -1,
      code: "FailedResourceAccessException",
      message:
        "Unable to create alarms for scaling policy due to reason: Rate exceeded (Service: AmazonCloudWatch; Status Code: 400; Error Code: Throttling)",
    });
    const run = await cli(region, initArgs("flt-fra"));
    expect(run.code).toBe(1);
    expectOneError(
      run,
      /^✖ AWS could not create or read the CloudWatch alarms of the scaling policy \(application-autoscaling PutScalingPolicy\), even after several retries: Unable to create alarms .*Rate exceeded/,
      /run the command again/,
    );
    expect(run.stderr).toContain("Rolled back this run's 1 change(s); the autoscaling is as it was before.");
    expect(proxy.count("PutScalingPolicy")).toBe(6);
    expect(writes("DeregisterScalableTarget").map((c) => c.params?.["ResourceId"])).toEqual([rid]);
    expect(await state(region)).toEqual(before);
  }, 30_000);

  it("a failure when the target existed restores its old capacities (read back from moto)", async () => {
    const rid = await autoscaledEndpointIn(region, "flt-existing");
    const before = await state(region);
    expect(before.targets.find((t) => t.ResourceId === rid)).toMatchObject({
      MinCapacity: 2,
      MaxCapacity: 6,
    });
    proxy.inject({
      operation: "PutScalingPolicy",
      code: "ValidationException",
      message: "Unsupported metric type for this scalable target.",
    });
    const run = await cli(region, initArgs("flt-existing"));
    expect(run.code, run.stderr).toBe(1);
    expectOneError(
      run,
      /^✖ AWS rejected application-autoscaling PutScalingPolicy: Unsupported metric type for this scalable target\.$/,
    );
    expect(run.stderr).toContain("Restore flt-existing/AllTraffic to 2 to 6 instances");
    expect(run.stderr).toContain("Rolled back this run's 1 change(s); the autoscaling is as it was before.");
    expect(await state(region)).toEqual(before);
  });

  it("the endpoint deleted between discovery and apply: says so plainly; nothing is left registered", async () => {
    const rid = await endpointIn(region, "flt-vanishing");
    const before = await state(region);
    // While the first step runs, someone deletes the endpoint; RegisterScalableTarget then fails as on AWS.
    let deleting: Promise<void> | undefined;
    proxy.inject({
      operation: "CreateServiceLinkedRole",
      delayMs: 800,
      when: () => {
        deleting ??= deleteEndpoint(region, "flt-vanishing");
        return true;
      },
    });
    const run = await cli(region, initArgs("flt-vanishing"));
    await deleting;
    expect(run.code).toBe(1);
    expectOneError(
      run,
      /^✖ Endpoint "flt-vanishing" no longer exists in ap-southeast-3: it was deleted while its autoscaling was being set up\.$/,
      /sm-autoscale init/,
    );
    const after = await state(region);
    expect(after.targets.some((t) => t.ResourceId === rid)).toBe(false);
    expect(after).toEqual(before);
  });
});

describe("idempotence: twice is the same as once", () => {
  const region = "me-central-1";

  it("init with the same flags, twice", async () => {
    await autoscaledEndpointIn(region, "flt-twice", [{ name: "my-latency-policy", target: 0.5 }]);
    const args = initArgs("flt-twice", "--replace-custom-policies");
    const first = await cli(region, args);
    expect(first.code, first.stderr).toBe(0);
    const once = await state(region);
    const second = await cli(region, args);
    expect(second.code, second.stderr).toBe(0);
    expectNoNoise(second);
    expect(await state(region)).toEqual(once);
  });

  it("teardown, twice: the second has nothing to remove and changes nothing", async () => {
    const first = await cli(region, ["teardown", "--endpoint", "flt-twice", "--yes"]);
    expect(first.code, first.stderr).toBe(0);
    const once = await state(region);
    expect(once.targets.some((t) => t.ResourceId.includes("flt-twice"))).toBe(false);
    proxy.resetCounts();
    const second = await cli(region, ["teardown", "--endpoint", "flt-twice", "--yes"]);
    expect(second.code, second.stderr).toBe(0);
    expect(second.stderr).toContain(
      "Nothing to remove: endpoint flt-twice has no autoscaling in me-central-1.",
    );
    expect(proxy.calls().filter((c) => /^(Put|Delete|Register|Deregister)/.test(c.operation))).toEqual([]);
    expect(await state(region)).toEqual(once);
  });
});

describe("Ctrl-C", () => {
  const region = "il-central-1";
  // A real terminal: colour and spinners on, as a user sees it.
  const terminal = () => ({ ...terminalEnv(proxy.url, region), ...OWN_NOISE_CONTROL });

  it("during apply: the step in flight finishes, the run is rolled back, the state is exactly as before", async () => {
    const rid = await endpointIn(region, "flt-ctrlc");
    const before = await state(region);
    proxy.resetCounts();
    // The policy call is held in flight until Ctrl-C has been seen.
    const put = proxy.inject({ operation: "PutScalingPolicy", hold: true });
    // Every flag, so that the wizard asks nothing: it applies at once, with a terminal.
    const args = [
      ...initArgs("flt-ctrlc"),
      "--scale-in-cooldown",
      "300",
      "--scale-out-cooldown",
      "60",
      "--disable-scale-in",
    ];
    const pty = spawnPty(process.execPath, [CLI_BIN, ...args], { env: terminal() });
    try {
      await until(
        () => proxy.held(put) > 0,
        "the policy call to be held",
        () => pty.output(),
      );
      pty.write(KEY.ctrlC);
      await pty.waitFor("Interrupted: finishing the step in flight");
      proxy.release(put);
      expect(await pty.exit).toBe(130);
    } finally {
      pty.kill();
    }
    const out = pty.output();
    expect(out).toContain("Interrupted: finishing the step in flight");
    expect(out).toMatch(
      /✖ Interrupted; this run's 2 change\(s\) were rolled back: the autoscaling is as it was before\.\n/,
    );
    // The policy call in flight was answered, then undone; so was the registration.
    expect(writes("PutScalingPolicy").map((c) => c.status)).toEqual([200]);
    expect(writes("DeleteScalingPolicy").map((c) => c.params?.["ResourceId"])).toEqual([rid]);
    expect(writes("DeregisterScalableTarget").map((c) => c.params?.["ResourceId"])).toEqual([rid]);
    expect(out).not.toMatch(/^\s+at .+[(:]\d+/m);
    expect(await state(region)).toEqual(before);
  });

  it("while reading, before any change: exit 130, no changes made", async () => {
    await endpointIn(region, "flt-reading");
    proxy.resetCounts();
    const read = proxy.inject({ operation: "SageMaker.DescribeEndpoint", hold: true });
    const pty = spawnPty(process.execPath, [CLI_BIN, ...initArgs("flt-reading")], { env: terminal() });
    try {
      await until(
        () => proxy.held(read) > 0,
        "the endpoint read to be held",
        () => pty.output(),
      );
      pty.write(KEY.ctrlC);
      expect(await pty.exit).toBe(130);
      proxy.release(read);
    } finally {
      pty.kill();
    }
    // (The live spinner redraws around the line on the terminal; stripped of escapes, its text stays in front.)
    expect(pty.output()).toMatch(/✖ Cancelled; no changes made\.\n/);
    expect(proxy.calls().filter((c) => /^(Put|Delete|Register|Deregister|Create)/.test(c.operation))).toEqual(
      [],
    );
  });

  it("at an interactive prompt: exit 130, no changes made", async () => {
    await endpointIn(region, "flt-prompt");
    const before = await state(region);
    proxy.resetCounts();
    const pty = spawnPty(process.execPath, [CLI_BIN, "init", "--endpoint", "flt-prompt", "--min", "1"], {
      env: terminal(),
    });
    try {
      await enterSignalAndPolicyType(pty);
      await pty.waitFor("Maximum instances");
      pty.write(KEY.ctrlC);
      expect(await pty.exit).toBe(130);
    } finally {
      pty.kill();
    }
    expect(pty.output()).toContain("Cancelled; no changes made.");
    expect(proxy.calls().filter((c) => /^(Put|Delete|Register|Deregister|Create)/.test(c.operation))).toEqual(
      [],
    );
    expect(await state(region)).toEqual(before);
  });
});

describe("--debug never prints a secret", () => {
  const region = "us-west-2";
  const secrets = {
    AWS_ACCESS_KEY_ID: "AKIAFAULTSTEST7Q2Z9X",
    AWS_SECRET_ACCESS_KEY: "faultsTestSecret/4hV9+kQ2mZ8pL1xR7tW3nB6cY0dE5fG",
    AWS_SESSION_TOKEN: "FwoGZXIvYXdzEFaultsTestSessionToken//////////wEaDH7b9c3Q2xJk8vN4pRqLmZw==",
  };
  const forbidden = [...Object.values(secrets), "Authorization", "X-Amz-Security-Token", "Signature="];

  const expectNoSecret = (run: RunResult) => {
    for (const text of [run.stdout, run.stderr]) {
      for (const f of forbidden) expect(text.toLowerCase()).not.toContain(f.toLowerCase());
    }
  };

  it("a successful run: every call logged, no credential or signed header", async () => {
    await endpointIn(region, "flt-debug");
    const run = await cli(region, [...initArgs("flt-debug"), "--debug"], secrets);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain("[debug] → sts GetCallerIdentity {}");
    expect(run.stderr).toMatch(/\[debug\] ← application-autoscaling PutScalingPolicy ok in \d+ ms/);
    // 10 + init's optional read of the account's instance quota (ListServiceQuotas)
    expect(run.stderr).toContain("[debug] 12 AWS call(s) in all");
    expectNoSecret(run);
  });

  it("an AWS error that echoes the signed request (as SignatureDoesNotMatch does), with its stack trace", async () => {
    await endpointIn(region, "flt-debug-echo");
    proxy.inject({
      operation: "RegisterScalableTarget",
      code: "InvalidSignatureException",
      status: 403,
      message: [
        "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method.",
        "",
        "The Canonical String for this request should have been",
        "'POST",
        "/",
        "",
        "content-type:application/x-amz-json-1.1",
        "host:application-autoscaling.us-west-2.amazonaws.com",
        `x-amz-security-token:${secrets.AWS_SESSION_TOKEN}`,
        "'",
        "",
        `Authorization: AWS4-HMAC-SHA256 Credential=${secrets.AWS_ACCESS_KEY_ID}/20300101/us-west-2/application-autoscaling/aws4_request, SignedHeaders=host, Signature=0123456789abcdef`,
        `secret in use: ${secrets.AWS_SECRET_ACCESS_KEY}`,
      ].join("\n"),
    });
    const run = await cli(region, [...initArgs("flt-debug-echo"), "--debug"], secrets);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^✖ AWS rejected the credentials \(InvalidSignature\)/m);
    expect(run.stderr).toMatch(/^\s+at /m); // --debug shows the stack, redacted
    expect(run.stderr).toContain("[redacted]");
    expectNoSecret(run);
  });
});
