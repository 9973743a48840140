import { describe, expect, it } from "vitest";
import {
  ALARM_WARMUP_MINUTES,
  type Finding,
  type FindingTarget,
  failureReason,
  findingsFor,
  shortAlarmName,
} from "../../src/domain/findings.js";
import { healthyVariant, modelPolicy, NOW, rid, TARGET } from "./describe-fixtures.js";

const find = (v: FindingTarget, target = TARGET) => findingsFor(v, { target, now: NOW });
const codes = (findings: Finding[]) => findings.map((f) => f.code);

const LIMIT_MESSAGE =
  "Failed to set desired instance count to 110. Reason: The account-level service limit 'ml.m5.large for " +
  "endpoint usage' is 20 Instances, with current utilization of 20 Instances and a request delta of 90 " +
  "Instances. Please use AWS Service Quotas to request an increase for this quota. If AWS Service Quotas is " +
  "not available, contact AWS support to request an increase for this quota. Error Code: ResourceLimitExceeded";

describe("findingsFor", () => {
  it("finds nothing on a healthy variant", () => {
    expect(find(healthyVariant())).toEqual([]);
  });

  it("ORPHAN_TARGET: the endpoint is gone; only that finding, fixed by teardown", () => {
    const findings = find(
      healthyVariant({
        orphan: "endpoint",
        endpointName: "gone",
        kind: null,
        minCapacity: 2,
        maxCapacity: 2,
      }),
    );
    expect(findings).toEqual([
      {
        severity: "warning",
        code: "ORPHAN_TARGET",
        message: expect.stringContaining('endpoint "gone" no longer exists'),
        fix: "sm-autoscale teardown --endpoint gone --variant AllTraffic --region eu-west-3",
      },
    ]);
  });

  it("ORPHAN_TARGET: the variant is gone", () => {
    const [f] = find(healthyVariant({ orphan: "variant", variantName: "Old" }));
    expect(f?.message).toContain('has no variant "Old" any more');
  });

  it("CUSTOM_POLICY_NAME: a custom-named invocations policy beside the built-in one", () => {
    const v = healthyVariant();
    v.policies.push(modelPolicy({ policyName: "InvocationsPerInstanceCustom", resourceId: v.resourceId }));
    const findings = find(v);
    expect(codes(findings)).toEqual(["CUSTOM_POLICY_NAME"]);
    expect(findings[0]).toMatchObject({
      severity: "warning",
      message: expect.stringMatching(/"InvocationsPerInstanceCustom".*beside the built-in.*both are active/),
      fix: "sm-autoscale init --endpoint ep --variant AllTraffic --replace-custom-policies --region eu-west-3",
    });
  });

  it("CUSTOM_POLICY_NAME: a custom-named invocations policy instead of the built-in one", () => {
    const [f] = find(healthyVariant({ policies: [modelPolicy({ policyName: "my-policy" })] }));
    expect(f).toMatchObject({ code: "CUSTOM_POLICY_NAME", message: expect.stringContaining("instead of") });
  });

  it("a custom policy on another metric alone is a deliberate choice, not a finding", () => {
    const cpu = modelPolicy({ policyName: "cpu", metric: "/aws/sagemaker/Endpoints/CPUUtilization" });
    expect(find(healthyVariant({ policies: [cpu] }))).toEqual([]);
  });

  it("FIGHTING_POLICIES: two target-tracking policies on different metrics", () => {
    const v = healthyVariant();
    v.policies.push(
      modelPolicy({ policyName: "cpu", metric: "/aws/sagemaker/Endpoints/CPUUtilization", targetValue: 70 }),
    );
    const findings = find(v);
    expect(codes(findings)).toEqual(["FIGHTING_POLICIES"]);
    expect(findings[0]?.message).toContain("scale-in needs all of them to agree");
    expect(findings[0]?.fix).toBe(
      "sm-autoscale init --endpoint ep --variant AllTraffic --replace-custom-policies --region eu-west-3",
    );
  });

  it("FIGHTING_POLICIES: the same metric with different targets fights too; identical twins do not", () => {
    const twins = healthyVariant({
      kind: "serverless",
      scalableDimension: "sagemaker:variant:DesiredProvisionedConcurrency",
      policies: [modelPolicy({ policyName: "a" }), modelPolicy({ policyName: "b" })],
    });
    expect(codes(find(twins))).toEqual([]);
    twins.policies[1] = modelPolicy({ policyName: "b", targetValue: 50 });
    const [f] = find(twins);
    // No built-in policy to keep: the fix deletes all but the first, with the AWS CLI.
    expect(f?.code).toBe("FIGHTING_POLICIES");
    expect(f?.fix).toBe(
      "aws application-autoscaling delete-scaling-policy --policy-name b --service-namespace sagemaker " +
        "--resource-id endpoint/ep/variant/AllTraffic --scalable-dimension sagemaker:variant:DesiredProvisionedConcurrency " +
        "--region eu-west-3",
    );
  });

  it("ASYNC_ON_INVOCATIONS: an async endpoint scaled on InvocationsPerInstance (and no alarm noise for it)", () => {
    const p = modelPolicy({
      policyName: "SageMakerEndpointInvocationScalingPolicy",
      alarms: [{ name: `TargetTracking-${rid("ep")}-AlarmHigh-1`, state: "INSUFFICIENT_DATA" }],
    });
    const findings = find(healthyVariant({ kind: "async", policies: [p] }));
    expect(codes(findings)).toEqual(["ASYNC_ON_INVOCATIONS"]);
    expect(findings[0]).toMatchObject({
      severity: "error",
      message: expect.stringContaining("ApproximateBacklogSizePerInstance"),
      fix: expect.stringMatching(
        /^aws application-autoscaling delete-scaling-policy --policy-name SageMakerEndpointInvocationScalingPolicy .* --region eu-west-3$/,
      ),
    });
  });

  it("FIGHTING_POLICIES on async keeps the backlog policy", () => {
    const backlog = modelPolicy({
      policyName: "backlog",
      metric: "AWS/SageMaker/ApproximateBacklogSizePerInstance",
      targetValue: 5,
    });
    const invocations = modelPolicy({ policyName: "SageMakerEndpointInvocationScalingPolicy" });
    const findings = find(healthyVariant({ kind: "async", policies: [invocations, backlog] }));
    expect(codes(findings)).toEqual(["ASYNC_ON_INVOCATIONS", "FIGHTING_POLICIES"]);
    const fighting = findings.find((f) => f.code === "FIGHTING_POLICIES");
    expect(fighting?.fix).toContain("--policy-name SageMakerEndpointInvocationScalingPolicy");
    expect(fighting?.fix).not.toContain("--policy-name backlog");
  });

  it("MIN_EQUALS_MAX: init with a wider range for a real-time variant", () => {
    const [f] = find(healthyVariant({ minCapacity: 3, maxCapacity: 3 }));
    expect(f).toMatchObject({
      severity: "warning",
      code: "MIN_EQUALS_MAX",
      fix: "sm-autoscale init --endpoint ep --variant AllTraffic --min 3 --max 6 --region eu-west-3",
    });
  });

  it("MIN_EQUALS_MAX: register-scalable-target for a kind init does not configure", () => {
    const [f] = find(
      healthyVariant({
        kind: "serverless",
        scalableDimension: "sagemaker:variant:DesiredProvisionedConcurrency",
        minCapacity: 1,
        maxCapacity: 1,
      }),
    );
    expect(f?.fix).toBe(
      "aws application-autoscaling register-scalable-target --service-namespace sagemaker " +
        "--resource-id endpoint/ep/variant/AllTraffic --scalable-dimension sagemaker:variant:DesiredProvisionedConcurrency " +
        "--max-capacity 2 --region eu-west-3",
    );
  });

  it("BURSTABLE_INSTANCE: an ml.t* variant with a target", () => {
    const [f] = find(healthyVariant({ instanceType: "ml.t2.medium" }));
    expect(f).toMatchObject({
      severity: "error",
      code: "BURSTABLE_INSTANCE",
      message: expect.stringContaining("ml.t2.medium"),
      fix: "sm-autoscale teardown --endpoint ep --variant AllTraffic --region eu-west-3",
    });
  });

  it("ALARM_INSUFFICIENT_DATA: a warning for an old policy, info while a new one warms up", () => {
    const waiting = (createdAt: string) =>
      healthyVariant({
        policies: [
          modelPolicy({
            createdAt,
            alarms: [
              { name: `TargetTracking-${rid("ep")}-AlarmHigh-1`, state: "OK" },
              { name: `TargetTracking-${rid("ep")}-AlarmLow-2`, state: "INSUFFICIENT_DATA" },
            ],
          }),
        ],
      });
    const [old] = find(waiting("2025-05-01T00:00:00.000Z"));
    expect(old).toMatchObject({
      severity: "warning",
      code: "ALARM_INSUFFICIENT_DATA",
      message: expect.stringMatching(/AlarmLow .*INSUFFICIENT_DATA.*cannot scale in/),
      fix:
        "aws cloudwatch list-metrics --namespace AWS/SageMaker --metric-name InvocationsPerInstance " +
        "--dimensions Name=EndpointName,Value=ep Name=VariantName,Value=AllTraffic --region eu-west-3",
    });
    const minutesAgo = new Date(NOW.getTime() - (ALARM_WARMUP_MINUTES - 1) * 60_000).toISOString();
    const [fresh] = find(waiting(minutesAgo));
    expect(fresh).toMatchObject({ severity: "info", code: "ALARM_INSUFFICIENT_DATA" });
  });

  it("FAILED_ACTIVITY: the last activity failed on the instance quota → error, with the quota command", () => {
    const v = healthyVariant();
    v.activities!.unshift({
      startTime: "2025-06-01T11:00:00.000Z",
      statusCode: "Failed",
      description: "Setting desired instance count to 110.",
      statusMessage: LIMIT_MESSAGE,
    });
    const [f] = find(v);
    expect(f).toEqual({
      severity: "error",
      code: "FAILED_ACTIVITY",
      message:
        "The last scaling activity failed (2025-06-01 11:00Z): Failed to set desired instance count to 110: " +
        "The account-level service limit 'ml.m5.large for endpoint usage' is 20 Instances, with current " +
        "utilization of 20 Instances and a request delta of 90 Instances (ResourceLimitExceeded). " +
        "Raise the instance quota, or lower the maximum.",
      fix:
        "aws service-quotas list-service-quotas --service-code sagemaker " +
        "--query 'Quotas[?QuotaName==`\"ml.m5.large for endpoint usage\"`]' --region eu-west-3",
    });
  });

  it("FAILED_ACTIVITY: a failure followed by a success is a warning; other failures point at the history", () => {
    const v = healthyVariant();
    v.activities!.push({
      startTime: "2025-05-29T10:00:00.000Z",
      statusCode: "Failed",
      description: "Setting desired instance count to 3.",
      statusMessage: "Failed to set desired instance count to 3. Reason: Endpoint is updating.",
    });
    const [f] = find(v);
    expect(f).toMatchObject({ severity: "warning", code: "FAILED_ACTIVITY" });
    expect(f?.fix).toBe(
      "aws application-autoscaling describe-scaling-activities --service-namespace sagemaker " +
        "--resource-id endpoint/ep/variant/AllTraffic --scalable-dimension sagemaker:variant:DesiredInstanceCount " +
        "--region eu-west-3",
    );
  });

  it("ENDPOINT_NOT_INSERVICE: Failed is an error with the failure reason; Updating only informs", () => {
    const [failed] = find(healthyVariant({ endpointStatus: "Failed", failureReason: "Image not found." }));
    expect(failed).toMatchObject({
      severity: "error",
      code: "ENDPOINT_NOT_INSERVICE",
      message: expect.stringContaining("Image not found."),
      fix: "aws sagemaker describe-endpoint --endpoint-name ep --query FailureReason --region eu-west-3",
    });
    const [updating] = find(healthyVariant({ endpointStatus: "Updating" }));
    expect(updating).toMatchObject({
      severity: "info",
      fix: "aws sagemaker wait endpoint-in-service --endpoint-name ep --region eu-west-3",
    });
  });

  it("SUSPENDED: names what is suspended and how to resume", () => {
    const [f] = find(
      healthyVariant({
        suspended: {
          dynamicScalingInSuspended: true,
          dynamicScalingOutSuspended: false,
          scheduledScalingSuspended: true,
        },
      }),
    );
    expect(f?.message).toContain("scale-in, scheduled scaling");
    expect(f?.fix).toContain(
      "register-scalable-target --service-namespace sagemaker --resource-id endpoint/ep/variant/AllTraffic",
    );
    expect(f?.fix).toContain(
      `--suspended-state '{"DynamicScalingInSuspended":false,"DynamicScalingOutSuspended":false,"ScheduledScalingSuspended":false}'`,
    );
  });

  it("NO_SCALING_POLICY: a target with neither a policy nor a scheduled action", () => {
    const [f] = find(healthyVariant({ policies: [] }));
    expect(f).toMatchObject({
      code: "NO_SCALING_POLICY",
      fix: "sm-autoscale init --endpoint ep --variant AllTraffic --region eu-west-3",
    });
    const scheduledOnly = healthyVariant({
      policies: [],
      scheduledActions: [
        {
          name: "night",
          schedule: "cron(0 20 * * ? *)",
          timezone: "UTC",
          startTime: null,
          endTime: null,
          minCapacity: 1,
          maxCapacity: 1,
        },
      ],
    });
    expect(find(scheduledOnly)).toEqual([]);
  });

  it("adds --profile to every fix when one is in use, and quotes values for bash", () => {
    const v = healthyVariant({ minCapacity: 2, maxCapacity: 2 });
    const [f] = find(v, { region: "eu-west-3", profile: "prod admin" } as never);
    expect(f?.fix).toBe(
      "sm-autoscale init --endpoint ep --variant AllTraffic --min 2 --max 4 --region eu-west-3 --profile 'prod admin'",
    );
  });
});

describe("failureReason", () => {
  it("keeps the action, the first sentence of the reason and the error code", () => {
    expect(failureReason(LIMIT_MESSAGE)).toBe(
      "Failed to set desired instance count to 110: The account-level service limit 'ml.m5.large for endpoint " +
        "usage' is 20 Instances, with current utilization of 20 Instances and a request delta of 90 Instances " +
        "(ResourceLimitExceeded).",
    );
  });

  it("leaves a message without a reason as it is, on one line", () => {
    expect(failureReason("Something\n  broke")).toBe("Something broke");
  });
});

describe("shortAlarmName", () => {
  it("shortens AAS target-tracking alarm names and leaves others alone", () => {
    const id = rid("ep");
    expect(shortAlarmName(`TargetTracking-${id}-AlarmHigh-609224a3-aaaa`, id)).toBe("AlarmHigh");
    expect(shortAlarmName(`TargetTracking-${id}-AlarmLow-1`, id)).toBe("AlarmLow");
    expect(shortAlarmName("my-own-alarm", id)).toBe("my-own-alarm");
  });
});
