import { ApplicationAutoScalingClient } from "@aws-sdk/client-application-auto-scaling";
import { CloudWatchClient } from "@aws-sdk/client-cloudwatch";
import { IAMClient } from "@aws-sdk/client-iam";
import { SageMakerClient } from "@aws-sdk/client-sagemaker";
import { ServiceQuotasClient } from "@aws-sdk/client-service-quotas";
import { STSClient } from "@aws-sdk/client-sts";
import type { Clients } from "../../src/aws/clients.js";

/** Real SDK clients (their `send` is stubbed by aws-sdk-client-mock in the tests) behind the Clients interface. */
export function sdkClients(): Clients {
  const config = { region: "us-east-1", credentials: { accessKeyId: "test", secretAccessKey: "test" } };
  const sagemaker = new SageMakerClient(config);
  const autoscaling = new ApplicationAutoScalingClient(config);
  const iam = new IAMClient(config);
  const cloudwatch = new CloudWatchClient(config);
  const sts = new STSClient(config);
  const servicequotas = new ServiceQuotasClient(config);
  return {
    sagemaker: async () => sagemaker,
    autoscaling: async () => autoscaling,
    iam: async () => iam,
    cloudwatch: async () => cloudwatch,
    sts: async () => sts,
    servicequotas: async () => servicequotas,
    callCount: () => 0,
  };
}

/** An AWS-shaped error, as the SDK throws it. */
export function awsError(name: string, message: string): Error {
  const error = new Error(message);
  error.name = name;
  Object.assign(error, { $fault: "client", $metadata: { httpStatusCode: 400 } });
  return error;
}
