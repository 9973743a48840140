import { afterEach, describe, expect, it } from "vitest";
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
