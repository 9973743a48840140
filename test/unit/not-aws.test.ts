// What the real SDK clients throw when something that is not AWS answers (a proxy's error page, a wrong
// AWS_ENDPOINT_URL), and that explainError turns each into one line naming the call, the endpoint and the status,
// never "Unexpected token '<'". The clients are the real ones of clients.ts, pointed by AWS_ENDPOINT_URL at a
// loopback server that answers HTML.

import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { DescribeScalableTargetsCommand } from "@aws-sdk/client-application-auto-scaling";
import { DescribeAlarmsCommand } from "@aws-sdk/client-cloudwatch";
import { ListEndpointsCommand } from "@aws-sdk/client-sagemaker";
import { GetCallerIdentityCommand } from "@aws-sdk/client-sts";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createClients } from "../../src/aws/clients.js";
import { explainError } from "../../src/errors.js";

let server: Server;
let url: string;
let reply = { status: 200, body: "<html><body><h1>502 Bad Gateway</h1></body></html>" };
let requests = 0;

const saved = { ...process.env };
beforeAll(async () => {
  server = createServer((req, res) => {
    requests++;
    req.resume();
    req.on("end", () => {
      res.writeHead(reply.status, { "content-type": "text/html" });
      res.end(reply.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  Object.assign(process.env, {
    AWS_ENDPOINT_URL: url,
    AWS_ACCESS_KEY_ID: "AKIDEXAMPLE",
    AWS_SECRET_ACCESS_KEY: "secret",
  });
  delete process.env.AWS_PROFILE;
});
afterEach(() => {
  requests = 0;
});
afterAll(async () => {
  for (const key of ["AWS_ENDPOINT_URL", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_PROFILE"]) {
    if (saved[key] === undefined) delete process.env[key];
    else process.env[key] = saved[key];
  }
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const clients = () => createClients({ region: "eu-west-1" });

const calls = {
  "application-autoscaling DescribeScalableTargets (awsJson1_1)": async () =>
    (await clients().autoscaling()).send(
      new DescribeScalableTargetsCommand({ ServiceNamespace: "sagemaker" }),
    ),
  "sagemaker ListEndpoints (awsJson1_1)": async () =>
    (await clients().sagemaker()).send(new ListEndpointsCommand({})),
  "cloudwatch DescribeAlarms (awsJson1_0, query-compatible)": async () =>
    (await clients().cloudwatch()).send(new DescribeAlarmsCommand({})),
};

describe("an HTML page instead of AWS", () => {
  for (const [name, call] of Object.entries(calls)) {
    it(`${name}, HTTP 200: one line naming the call, the endpoint and the status`, async () => {
      reply = { status: 200, body: "<html><body>Welcome to nginx!</body></html>" };
      const error = await call().catch((e: unknown) => e);
      // What the SDK itself throws: a JSON SyntaxError, with the raw reply attached.
      expect((error as Error).name).toBe("SyntaxError");
      const [service, operation] = name.split(" ");
      expect(explainError(error)).toEqual({
        message: `${service} ${operation} failed: the endpoint ${url} answered with something that is not AWS (HTTP 200).`,
        hint: `AWS_ENDPOINT_URL is set to ${url}: check it, or unset it to reach AWS itself.`,
        exitCode: 1,
      });
    });
  }

  it("HTTP 502 (a proxy's error page): retried by the SDK as a server error, then the same line", async () => {
    reply = { status: 502, body: "<html><body><h1>502 Bad Gateway</h1></body></html>" };
    const error = await calls["sagemaker ListEndpoints (awsJson1_1)"]().catch((e: unknown) => e);
    expect(requests).toBe(5);
    expect(explainError(error).message).toBe(
      `sagemaker ListEndpoints failed: the endpoint ${url} answered with something that is not AWS (HTTP 502).`,
    );
    expect(explainError(error).message).not.toMatch(/Unexpected token|SyntaxError|JSON/);
  });

  it("the query protocol (STS) on an HTML 404: the same line", async () => {
    reply = { status: 404, body: "<html><body>Not Found</body></html>" };
    const error = await (await clients().sts())
      .send(new GetCallerIdentityCommand({}))
      .catch((e: unknown) => e);
    expect(explainError(error).message).toBe(
      `sts GetCallerIdentity failed: the endpoint ${url} answered with something that is not AWS (HTTP 404).`,
    );
  });

  it("without an endpoint variable, the hint points at the region and the network", () => {
    const error = Object.assign(new SyntaxError("Unexpected token '<'"), {
      $metadata: { httpStatusCode: 200 },
      $response: { statusCode: 200 },
      $smService: "sagemaker",
      $smOperation: "ListEndpoints",
      $smEndpoint: "https://api.sagemaker.eu-west-1.amazonaws.com",
      $smRegion: "eu-west-1",
    });
    const endpoint = process.env.AWS_ENDPOINT_URL;
    delete process.env.AWS_ENDPOINT_URL;
    try {
      expect(explainError(error).hint).toBe(
        "No endpoint variable is set, so AWS's own address for eu-west-1 answered: check the region (--region), and whether a firewall or proxy on your network answers in AWS's place. --debug shows each call.",
      );
    } finally {
      process.env.AWS_ENDPOINT_URL = endpoint;
    }
  });
});
