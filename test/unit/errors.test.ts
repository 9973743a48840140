import { GetCallerIdentityCommand } from "@aws-sdk/client-sts";
import { afterEach, describe, expect, it } from "vitest";
import { type Clients, createClients } from "../../src/aws/clients.js";
import {
  endpointUrlProblem,
  endpointVariablesRead,
  SERVICE_IDS,
  serviceEndpointVariable,
} from "../../src/domain/endpoint-url.js";
import { explainError, oneLine } from "../../src/errors.js";
import { awsError } from "./mock-clients.js";

/** An SDK error as it leaves the clients' middleware: tagged with service, operation and endpoint. */
function tagged(error: Error, service: string, operation: string, endpoint?: string): Error {
  return Object.assign(error, {
    $smService: service,
    $smOperation: operation,
    ...(endpoint ? { $smEndpoint: endpoint } : {}),
  });
}

const savedEndpoint = process.env.AWS_ENDPOINT_URL;
afterEach(() => {
  if (savedEndpoint === undefined) delete process.env.AWS_ENDPOINT_URL;
  else process.env.AWS_ENDPOINT_URL = savedEndpoint;
});

describe("oneLine", () => {
  it("keeps the first paragraph of a message, on one line", () => {
    expect(
      oneLine("Value '0' at 'maxCapacity' failed:\n   Member must be >= 1\n\nThe Canonical String…"),
    ).toBe("Value '0' at 'maxCapacity' failed: Member must be >= 1");
  });

  it("cuts what would run on for screens", () => {
    const line = oneLine("x".repeat(1000));
    expect(line).toHaveLength(400);
    expect(line.endsWith("…")).toBe(true);
  });
});

describe("explainError", () => {
  it("shows a multi-line ValidationException on one line", () => {
    const error = tagged(
      awsError("ValidationException", "1 validation error detected:\n  Member must not be null"),
      "application-autoscaling",
      "PutScalingPolicy",
    );
    expect(explainError(error)).toEqual({
      message:
        "AWS rejected application-autoscaling PutScalingPolicy: 1 validation error detected: Member must not be null",
      hint: undefined,
      exitCode: 1,
    });
  });

  it("never prints a credential an AWS message echoes", () => {
    const error = tagged(
      awsError("ValidationException", "bad request from AKIAIOSFODNN7EXAMPLE"),
      "application-autoscaling",
      "RegisterScalableTarget",
    );
    expect(explainError(error).message).toBe(
      "AWS rejected application-autoscaling RegisterScalableTarget: bad request from [redacted]",
    );
  });

  it("names the endpoint it could not reach, and the variable that points there", () => {
    process.env.AWS_ENDPOINT_URL = "http://127.0.0.1:9";
    const refused = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:9"), { code: "ECONNREFUSED" });
    expect(explainError(tagged(refused, "sts", "GetCallerIdentity", "http://127.0.0.1:9"))).toEqual({
      message:
        "Could not reach http://127.0.0.1:9 for sts GetCallerIdentity: connection refused (ECONNREFUSED).",
      hint: "AWS_ENDPOINT_URL is set to http://127.0.0.1:9: check it, or unset it to reach AWS itself.",
      exitCode: 1,
    });
  });

  it("explains a timeout without an endpoint override as a network problem", () => {
    delete process.env.AWS_ENDPOINT_URL;
    const timeout = Object.assign(new Error("socket timed out"), { name: "TimeoutError" });
    const explained = explainError(
      tagged(timeout, "sagemaker", "DescribeEndpoint", "https://api.sagemaker.eu-west-1.amazonaws.com"),
    );
    expect(explained.message).toBe(
      "Could not reach https://api.sagemaker.eu-west-1.amazonaws.com for sagemaker DescribeEndpoint: timed out (TimeoutError).",
    );
    expect(explained.hint).toMatch(/network/);
  });

  it("says that an answer was not an AWS error (a proxy, a wrong endpoint)", () => {
    const error = Object.assign(awsError("NotFound", "Unknown"), { $metadata: { httpStatusCode: 404 } });
    expect(explainError(tagged(error, "sts", "GetCallerIdentity", "http://10.0.0.1")).message).toBe(
      "sts GetCallerIdentity failed: the endpoint http://10.0.0.1 answered with something that is not AWS (HTTP 404).",
    );
  });

  it("an AWS error with a code but no message is still AWS's", () => {
    const error = Object.assign(awsError("InternalFailure", ""), { $metadata: { httpStatusCode: 500 } });
    expect(explainError(tagged(error, "sagemaker", "ListEndpoints")).message).toBe(
      "sagemaker ListEndpoints failed: InternalFailure.",
    );
  });

  it("explains the retried AAS faults that outlasted their retries", () => {
    const fra = tagged(
      awsError("FailedResourceAccessException", "Unable to create alarms: Rate exceeded"),
      "application-autoscaling",
      "PutScalingPolicy",
    );
    expect(explainError(fra).message).toBe(
      "AWS could not create or read the CloudWatch alarms of the scaling policy (application-autoscaling PutScalingPolicy), even after several retries: Unable to create alarms: Rate exceeded",
    );
    const busy = tagged(
      awsError("ConcurrentUpdateException", "busy"),
      "application-autoscaling",
      "RegisterScalableTarget",
    );
    expect(explainError(busy).hint).toMatch(/sm-autoscale describe/);
  });

  it("never prints [object Object] for something thrown that is not an Error", () => {
    const explained = explainError({ weird: true });
    expect(explained.message).not.toContain("[object Object]");
    expect(explained.exitCode).toBe(1);
  });
});

describe("endpoint variables: AWS_ENDPOINT_URL and AWS_ENDPOINT_URL_<SERVICE>", () => {
  const BAD = "is not an http(s) URL like https://host or http://localhost:4566.";

  it("a value that is not an http(s) URL is named with its variable, in one line", () => {
    expect(endpointUrlProblem({ AWS_ENDPOINT_URL: "not-a-url" })).toEqual({
      message: `AWS_ENDPOINT_URL "not-a-url" ${BAD}`,
      hint: "Set it to the address of the endpoint to call instead of AWS, or unset it to reach AWS itself.",
    });
    // `localhost:4566` parses as a URL of scheme "localhost:", which the SDK would take; ftp would be sent as http.
    for (const value of ["localhost:4566", "127.0.0.1:4566", "http://", "ftp://127.0.0.1:21", "http//x"]) {
      expect(endpointUrlProblem({ AWS_ENDPOINT_URL: value })?.message, value).toBe(
        `AWS_ENDPOINT_URL ${JSON.stringify(value)} ${BAD}`,
      );
    }
    expect(endpointUrlProblem({ AWS_ENDPOINT_URL_SAGEMAKER: "sagemaker.local" })?.message).toBe(
      `AWS_ENDPOINT_URL_SAGEMAKER "sagemaker.local" ${BAD}`,
    );
  });

  it("accepts URLs the SDK can send to, and empty or unrelated variables", () => {
    for (const value of [
      "http://127.0.0.1:4566",
      "https://sagemaker.vpce.example.com/",
      "http://[::1]:5000",
      "",
    ]) {
      expect(endpointUrlProblem({ AWS_ENDPOINT_URL: value }), value).toBeUndefined();
    }
    expect(endpointUrlProblem({})).toBeUndefined();
    // Not a service sm-autoscale calls: its client never reads it.
    expect(endpointUrlProblem({ AWS_ENDPOINT_URL_S3: "junk" })).toBeUndefined();
  });

  it("checks only what a client reads: a service's own variable wins over AWS_ENDPOINT_URL", () => {
    const own = Object.fromEntries(
      Object.keys(SERVICE_IDS).map((service) => [serviceEndpointVariable(service)!, "http://127.0.0.1:1"]),
    );
    expect(endpointVariablesRead({ ...own, AWS_ENDPOINT_URL: "junk" })).not.toContain("AWS_ENDPOINT_URL");
    expect(endpointUrlProblem({ ...own, AWS_ENDPOINT_URL: "junk" })).toBeUndefined();
    const { AWS_ENDPOINT_URL_STS: _, ...allButSts } = own;
    expect(endpointUrlProblem({ ...allButSts, AWS_ENDPOINT_URL: "junk" })?.message).toBe(
      `AWS_ENDPOINT_URL "junk" ${BAD}`,
    );
  });

  it("names the variables the SDK clients read (their serviceId's words, in capitals)", async () => {
    const clients = createClients({ region: "eu-west-1" });
    const client: Record<string, () => Promise<{ config: { serviceId?: string } }>> = {
      sagemaker: clients.sagemaker,
      "application-autoscaling": clients.autoscaling,
      cloudwatch: clients.cloudwatch,
      iam: clients.iam,
      sts: clients.sts,
      servicequotas: clients.servicequotas,
    } satisfies Record<string, Clients[keyof Clients]>;
    expect(Object.keys(client).sort()).toEqual(Object.keys(SERVICE_IDS).sort());
    for (const [service, make] of Object.entries(client)) {
      expect((await make()).config.serviceId, service).toBe(SERVICE_IDS[service]);
    }
    expect(serviceEndpointVariable("application-autoscaling")).toBe(
      "AWS_ENDPOINT_URL_APPLICATION_AUTO_SCALING",
    );
    expect(serviceEndpointVariable("servicequotas")).toBe("AWS_ENDPOINT_URL_SERVICE_QUOTAS");
  });

  it("a failure's hint names the service's own variable, Service Quotas' included", () => {
    const saved = process.env.AWS_ENDPOINT_URL_SERVICE_QUOTAS;
    process.env.AWS_ENDPOINT_URL_SERVICE_QUOTAS = "http://127.0.0.1:1";
    try {
      const refused = Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" });
      expect(
        explainError(tagged(refused, "servicequotas", "ListServiceQuotas", "http://127.0.0.1:1")).hint,
      ).toBe(
        "AWS_ENDPOINT_URL_SERVICE_QUOTAS is set to http://127.0.0.1:1: check it, or unset it to reach AWS itself.",
      );
    } finally {
      if (saved === undefined) delete process.env.AWS_ENDPOINT_URL_SERVICE_QUOTAS;
      else process.env.AWS_ENDPOINT_URL_SERVICE_QUOTAS = saved;
    }
  });

  it("the SDK does send a call to the service's own variable (a closed local port, so nothing leaves)", async () => {
    const saved = { ...process.env };
    try {
      Object.assign(process.env, {
        AWS_ENDPOINT_URL: "http://127.0.0.1:9",
        AWS_ENDPOINT_URL_STS: "http://127.0.0.1:1",
        AWS_ACCESS_KEY_ID: "AKIDEXAMPLE",
        AWS_SECRET_ACCESS_KEY: "secret",
      });
      delete process.env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS;
      delete process.env.AWS_PROFILE;
      const sts = await createClients({ region: "eu-west-1" }).sts();
      sts.config.maxAttempts = async () => 1;
      const error = await sts.send(new GetCallerIdentityCommand({})).catch((e: unknown) => e);
      expect(explainError(error)).toMatchObject({
        message: expect.stringMatching(
          /^Could not reach http:\/\/127\.0\.0\.1:1 for sts GetCallerIdentity: /,
        ),
        hint: "AWS_ENDPOINT_URL_STS is set to http://127.0.0.1:1: check it, or unset it to reach AWS itself.",
      });
    } finally {
      for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
      Object.assign(process.env, saved);
    }
  });
});
