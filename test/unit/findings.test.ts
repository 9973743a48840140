import { describe, expect, it } from "vitest";
import type { ModelPolicy } from "../../src/domain/describe-model.js";
import { failingFindings } from "../../src/domain/describe-model.js";
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
    // 120 on the 2 vCPUs of ml.m5.large: 60 % of the instance.
    const cpu = modelPolicy({
      policyName: "cpu",
      metric: "/aws/sagemaker/Endpoints/CPUUtilization",
      targetValue: 120,
    });
    expect(find(healthyVariant({ policies: [cpu] }))).toEqual([]);
  });

  it("COMBINED_SIGNALS: policies on different metrics are a combination (info), not a fight", () => {
    const v = healthyVariant();
    v.policies.push(
      modelPolicy({
        policyName: "sm-autoscale-cpu-utilization",
        metric: "/aws/sagemaker/Endpoints/CPUUtilization",
        targetValue: 140,
      }),
    );
    expect(find(v)).toEqual([
      {
        severity: "info",
        code: "COMBINED_SIGNALS",
        message:
          '2 target-tracking policies track different metrics: "SageMakerEndpointInvocationScalingPolicy" (SageMakerVariantInvocationsPerInstance 100), "sm-autoscale-cpu-utilization" (/aws/sagemaker/Endpoints/CPUUtilization 140). AWS scales out when any of them asks and in only when all of them agree, so the one that needs the most capacity sets it.',
        fix:
          "aws cloudwatch describe-alarms --alarm-names " +
          "TargetTracking-endpoint/ep/variant/AllTraffic-AlarmHigh-SageMakerEndpointInvocationScalingPolicy " +
          "TargetTracking-endpoint/ep/variant/AllTraffic-AlarmLow-SageMakerEndpointInvocationScalingPolicy " +
          "TargetTracking-endpoint/ep/variant/AllTraffic-AlarmHigh-sm-autoscale-cpu-utilization " +
          "TargetTracking-endpoint/ep/variant/AllTraffic-AlarmLow-sm-autoscale-cpu-utilization " +
          "--query 'MetricAlarms[].[AlarmName,StateValue,StateReason]' --output table --region eu-west-3",
      },
    ]);
    // Information only: never fails describe --strict.
    expect(failingFindings({ variants: [{ ...v, findings: find(v) }] })).toEqual([]);
  });

  it("COMBINED_SIGNALS with three policies, two on one metric: it counts the metrics, not the policies", () => {
    const v = healthyVariant();
    v.policies.push(
      modelPolicy({
        policyName: "sm-autoscale-cpu-utilization",
        metric: "/aws/sagemaker/Endpoints/CPUUtilization",
        targetValue: 140,
      }),
      modelPolicy({
        policyName: "cpu-too",
        metric: "/aws/sagemaker/Endpoints/CPUUtilization",
        targetValue: 140,
      }),
    );
    expect(find(v).find((f) => f.code === "COMBINED_SIGNALS")?.message).toMatch(
      /^3 target-tracking policies track 2 different metrics: "SageMakerEndpointInvocationScalingPolicy" \(SageMakerVariantInvocationsPerInstance 100\), "sm-autoscale-cpu-utilization" \(\S+CPUUtilization 140\), "cpu-too" \(\S+CPUUtilization 140\)\. AWS scales out when any of them asks/,
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

  it("FIGHTING_POLICIES and CUSTOM_POLICY_NAME beside a deliberate policy on another metric: only the extra one deleted", () => {
    const v = healthyVariant({ instanceType: "ml.g5.12xlarge" });
    v.policies.push(
      modelPolicy({ policyName: "InvocationsPerInstanceCustom", targetValue: 50 }),
      // 240 on 4 GPUs: 60 % of the instance. `init --replace-custom-policies` would delete it too.
      modelPolicy({
        policyName: "gpu-sample",
        metric: "/aws/sagemaker/Endpoints/GPUUtilization",
        targetValue: 240,
      }),
    );
    const findings = find(v);
    expect(codes(findings)).toEqual(["FIGHTING_POLICIES", "COMBINED_SIGNALS", "CUSTOM_POLICY_NAME"]);
    const deleteCustom =
      "aws application-autoscaling delete-scaling-policy --policy-name InvocationsPerInstanceCustom --service-namespace sagemaker " +
      "--resource-id endpoint/ep/variant/AllTraffic --scalable-dimension sagemaker:variant:DesiredInstanceCount --region eu-west-3";
    expect(findings.find((f) => f.code === "FIGHTING_POLICIES")?.fix).toBe(deleteCustom);
    expect(findings.find((f) => f.code === "CUSTOM_POLICY_NAME")?.fix).toBe(deleteCustom);
  });

  it("ASYNC_ON_INVOCATIONS beside a backlog policy: the broken one is reported, not as a combination", () => {
    const backlog = modelPolicy({
      policyName: "backlog",
      metric: "AWS/SageMaker/ApproximateBacklogSizePerInstance",
      targetValue: 5,
    });
    const invocations = modelPolicy({ policyName: "SageMakerEndpointInvocationScalingPolicy" });
    const findings = find(healthyVariant({ kind: "async", policies: [invocations, backlog] }));
    expect(codes(findings)).toEqual(["ASYNC_ON_INVOCATIONS"]);
    expect(findings[0]?.fix).toContain("--policy-name SageMakerEndpointInvocationScalingPolicy");
  });

  it("MIN_EQUALS_MAX: init with a wider range for a real-time variant", () => {
    const [f] = find(healthyVariant({ minCapacity: 3, maxCapacity: 3 }));
    expect(f).toMatchObject({
      severity: "warning",
      code: "MIN_EQUALS_MAX",
      fix: "sm-autoscale init --endpoint ep --variant AllTraffic --min 3 --max 6 --region eu-west-3",
    });
  });

  it("MIN_EQUALS_MAX: register-scalable-target where init cannot configure the target (serverless, on demand as far as known)", () => {
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
          nextRun: "2025-06-01T20:00:00.000Z",
          nextRunNote: null,
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

describe("findings of each kind's pitfalls", () => {
  const COPIES = "sagemaker:inference-component:DesiredCopyCount";
  const PC = "sagemaker:variant:DesiredProvisionedConcurrency";
  const stepSource = (resourceId: string, name: string) => ({
    PolicyARN: `arn:aws:autoscaling:eu-west-3:1:scalingPolicy:u:resource/sagemaker/${resourceId}:policyName/${name}`,
    PolicyName: name,
    ServiceNamespace: "sagemaker",
    ResourceId: resourceId,
    ScalableDimension: resourceId.startsWith("inference-component/")
      ? COPIES
      : "sagemaker:variant:DesiredInstanceCount",
    PolicyType: "StepScaling",
    StepScalingPolicyConfiguration: {
      AdjustmentType: "ChangeInCapacity",
      StepAdjustments: [{ MetricIntervalLowerBound: 0, ScalingAdjustment: 1 }],
    },
  });
  /** A step policy as the model holds it. */
  const stepPolicy = (
    resourceId: string,
    name: string,
    triggered: boolean | null,
    wakeAlarm: ModelPolicy["wakeAlarm"] = null,
  ): ModelPolicy => ({
    ...modelPolicy({ resourceId, policyName: name }),
    policyType: "StepScaling",
    builtIn: false,
    metric: null,
    targetValue: null,
    scaleInCooldown: null,
    scaleOutCooldown: null,
    disableScaleIn: null,
    alarms: triggered ? [{ name: "some-alarm", state: "OK" }] : [],
    source: stepSource(resourceId, name) as never,
    triggered,
    wakeAlarm,
  });
  const JOBS = rid("jobs");
  const backlog = modelPolicy({
    resourceId: JOBS,
    policyName: "sm-autoscale-async-backlog-per-instance",
    metric: "AWS/SageMaker/ApproximateBacklogSizePerInstance",
    targetValue: 5,
    scaleInCooldown: 600,
  });
  const asyncAtZero = (policies: ModelPolicy[]) =>
    healthyVariant({
      endpointName: "jobs",
      kind: "async",
      instanceType: "ml.g4dn.xlarge",
      minCapacity: 0,
      maxCapacity: 3,
      policies,
    });
  const CHAT = "inference-component/chat";
  const perCopy = modelPolicy({
    resourceId: CHAT,
    policyName: "sm-autoscale-invocations-per-copy",
    metric: "SageMakerInferenceComponentInvocationsPerCopy",
    targetValue: 10,
  });
  const component = (overrides: Partial<FindingTarget> = {}) =>
    healthyVariant({
      endpointName: "llm",
      resourceId: CHAT,
      scalableDimension: COPIES,
      kind: "inference-component",
      inferenceComponentName: "chat",
      instanceType: "ml.g5.2xlarge",
      currentInstanceCount: null,
      desiredInstanceCount: null,
      currentCopyCount: 1,
      desiredCopyCount: 1,
      minCapacity: 0,
      maxCapacity: 4,
      managedInstanceScaling: { status: "ENABLED", minInstanceCount: 0, maxInstanceCount: 2 },
      policies: [perCopy],
      ...overrides,
    });
  const WAKE_ALARM = "sm-autoscale-jobs-has-backlog-without-capacity";
  const ourStep = (triggered: boolean | null, status?: "points-here" | "missing" | "points-elsewhere") =>
    stepPolicy(
      JOBS,
      "sm-autoscale-async-scale-out-from-zero",
      triggered,
      status ? { name: WAKE_ALARM, status } : null,
    );

  it("nothing on an async endpoint at zero whose step policy an alarm triggers", () => {
    expect(find(asyncAtZero([backlog, ourStep(true, "points-here")]))).toEqual([]);
  });

  it("NO_WAY_OUT_OF_ZERO, async with no step policy: init with the live target and cooldowns adds it", () => {
    expect(find(asyncAtZero([backlog]))).toEqual([
      {
        severity: "warning",
        code: "NO_WAY_OUT_OF_ZERO",
        message:
          "Minimum 0 instances, and no step policy with an alarm to scale out from zero: at zero instances requests wait in the queue until the backlog per instance exceeds the target.",
        fix: "sm-autoscale init --endpoint jobs --variant AllTraffic --min 0 --max 3 --target 5 --scale-in-cooldown 600 --scale-out-cooldown 300 --region eu-west-3",
      },
    ]);
  });

  it("NO_WAY_OUT_OF_ZERO, an inference component at zero copies: an error, fixed through --inference-component", () => {
    const [f] = find(component());
    expect(f).toEqual({
      severity: "error",
      code: "NO_WAY_OUT_OF_ZERO",
      message: expect.stringContaining("at zero copies every request fails"),
      fix: "sm-autoscale init --endpoint llm --inference-component chat --min 0 --max 4 --target 10 --scale-in-cooldown 300 --scale-out-cooldown 300 --region eu-west-3",
    });
  });

  it.each([
    [
      "missing",
      /the alarm sm-autoscale-jobs-has-backlog-without-capacity that triggers the step policy "sm-autoscale-async-scale-out-from-zero" is missing/,
    ],
    [
      "points-elsewhere",
      /the alarm sm-autoscale-jobs-has-backlog-without-capacity no longer points at the step policy/,
    ],
  ] as const)(
    "NO_WAY_OUT_OF_ZERO, our step policy's alarm %s: the alarm put back with the policy's ARN",
    (status, message) => {
      const step = ourStep(false, status);
      const findings = find(asyncAtZero([backlog, step]));
      // Said once: not again as a step policy without alarm.
      expect(codes(findings)).toEqual(["NO_WAY_OUT_OF_ZERO"]);
      expect(findings[0]?.message).toMatch(message);
      expect(findings[0]?.fix).toBe(
        "aws cloudwatch put-metric-alarm --alarm-name sm-autoscale-jobs-has-backlog-without-capacity " +
          "--alarm-description 'sm-autoscale: wakes jobs from zero instances when requests are queued.' " +
          `--alarm-actions ${step.source.PolicyARN} --metric-name HasBacklogWithoutCapacity --namespace AWS/SageMaker ` +
          `--statistic Average --dimensions '[{"Name":"EndpointName","Value":"jobs"}]' --period 60 --evaluation-periods 2 ` +
          "--datapoints-to-alarm 2 --threshold 1 --comparison-operator GreaterThanOrEqualToThreshold --treat-missing-data missing " +
          "--region eu-west-3",
      );
    },
  );

  it("no claim about zero while the step policies' alarms are unknown (not read)", () => {
    expect(find(asyncAtZero([backlog, ourStep(null)]))).toEqual([]);
  });

  it("STEP_POLICY_WITHOUT_ALARM: someone else's step policy nothing triggers, above zero: delete it", () => {
    const v = healthyVariant({ policies: [modelPolicy(), stepPolicy(rid("ep"), "burst-step", false)] });
    expect(find(v)).toEqual([
      {
        severity: "warning",
        code: "STEP_POLICY_WITHOUT_ALARM",
        message:
          'No alarm triggers the step policy "burst-step": a step policy acts only when an alarm whose actions name it fires. Point an alarm at its ARN, or delete it.',
        fix: expect.stringMatching(
          /^aws application-autoscaling delete-scaling-policy --policy-name burst-step .*--region eu-west-3$/,
        ),
      },
    ]);
  });

  it("STEP_POLICY_WITHOUT_ALARM: ours, its alarm missing, on a target kept above zero: the alarm put back", () => {
    const v = asyncAtZero([backlog, ourStep(false, "missing")]);
    const [f] = find({ ...v, minCapacity: 1 });
    expect(f).toMatchObject({
      code: "STEP_POLICY_WITHOUT_ALARM",
      message: expect.stringMatching(
        /^The alarm sm-autoscale-jobs-has-backlog-without-capacity that triggers .* is missing/,
      ),
      fix: expect.stringMatching(
        /^aws cloudwatch put-metric-alarm --alarm-name sm-autoscale-jobs-has-backlog-without-capacity /,
      ),
    });
  });

  it("IC_MIN_ZERO_KEEPS_INSTANCES: managed instance scaling keeps an instance; init --min 1 fixes it", () => {
    const v = component({
      managedInstanceScaling: { status: "ENABLED", minInstanceCount: 1, maxInstanceCount: 2 },
    });
    // The way out of zero is moot there: the one finding says what to do.
    expect(find(v)).toEqual([
      {
        severity: "warning",
        code: "IC_MIN_ZERO_KEEPS_INSTANCES",
        message: expect.stringContaining(
          "its endpoint's managed instance scaling keeps at least 1 instance(s) on llm/AllTraffic (MinInstanceCount 1)",
        ),
        fix: "sm-autoscale init --endpoint llm --inference-component chat --min 1 --max 4 --target 10 --scale-in-cooldown 300 --scale-out-cooldown 300 --region eu-west-3",
      },
    ]);
    const none = find(component({ managedInstanceScaling: null }));
    expect(none[0]?.message).toContain("llm/AllTraffic has no managed instance scaling");
    // Its variant unknown (not read): no claim.
    expect(codes(find(component({ managedInstanceScaling: null, variantRead: false })))).toEqual([
      "NO_WAY_OUT_OF_ZERO",
    ]);
  });

  it("PROVISIONED_MAX_ABOVE_MAX_CONCURRENCY: the maximum brought down to MaxConcurrency by init", () => {
    const pc = (max: number) =>
      healthyVariant({
        endpointName: "embed",
        kind: "serverless",
        scalableDimension: PC,
        instanceType: null,
        currentInstanceCount: null,
        desiredInstanceCount: null,
        serverless: { maxConcurrency: 20, provisionedConcurrency: 2 },
        minCapacity: 1,
        maxCapacity: max,
        policies: [
          modelPolicy({
            policyName: "sm-autoscale-provisioned-concurrency",
            metric: "SageMakerVariantProvisionedConcurrencyUtilization",
            targetValue: 0.5,
          }),
        ],
      });
    expect(find(pc(20))).toEqual([]);
    expect(find(pc(30))).toEqual([
      {
        severity: "warning",
        code: "PROVISIONED_MAX_ABOVE_MAX_CONCURRENCY",
        message: expect.stringContaining(
          "Maximum provisioned concurrency 30 is above the variant's MaxConcurrency of 20",
        ),
        fix: "sm-autoscale init --endpoint embed --variant AllTraffic --min 1 --max 20 --target 0.5 --scale-in-cooldown 300 --scale-out-cooldown 300 --region eu-west-3",
      },
    ]);
  });

  it("MIN_EQUALS_MAX and NO_SCALING_POLICY name init for every kind it configures, within its floor and ceiling", () => {
    const f = (v: FindingTarget, code: string) => find(v).find((x) => x.code === code)?.fix;
    expect(f(asyncAtZero([backlog, ourStep(true)]), "MIN_EQUALS_MAX")).toBeUndefined();
    expect(f({ ...asyncAtZero([backlog]), minCapacity: 2, maxCapacity: 2 }, "MIN_EQUALS_MAX")).toBe(
      "sm-autoscale init --endpoint jobs --variant AllTraffic --min 2 --max 4 --region eu-west-3",
    );
    expect(
      f(
        healthyVariant({
          kind: "serverless",
          scalableDimension: PC,
          serverless: { maxConcurrency: 5, provisionedConcurrency: 5 },
          minCapacity: 5,
          maxCapacity: 5,
        }),
        "MIN_EQUALS_MAX",
      ),
    ).toBe("sm-autoscale init --endpoint ep --variant AllTraffic --min 4 --max 5 --region eu-west-3");
    expect(f(component({ minCapacity: 1, maxCapacity: 1 }), "MIN_EQUALS_MAX")).toBe(
      "sm-autoscale init --endpoint llm --inference-component chat --min 1 --max 2 --region eu-west-3",
    );
    expect(f(component({ minCapacity: 1, policies: [] }), "NO_SCALING_POLICY")).toBe(
      "sm-autoscale init --endpoint llm --inference-component chat --region eu-west-3",
    );
    // A component whose endpoint is unknown: nothing init can name; its target is removed by id.
    expect(
      f(
        component({ endpointName: null, variantName: null, minCapacity: 1, policies: [] }),
        "NO_SCALING_POLICY",
      ),
    ).toMatch(
      /^aws application-autoscaling deregister-scalable-target .*--resource-id inference-component\/chat /,
    );
  });

  it("ASYNC_ON_INVOCATIONS also for InvocationsPerInstance spelled out as a customized metric", () => {
    const custom = modelPolicy({
      resourceId: JOBS,
      policyName: "custom",
      metric: "AWS/SageMaker/InvocationsPerInstance",
    });
    expect(codes(find(healthyVariant({ endpointName: "jobs", kind: "async", policies: [custom] })))).toEqual([
      "ASYNC_ON_INVOCATIONS",
    ]);
  });
});

describe("findings about what the policies scale on, and how they combine", () => {
  const ENDPOINTS = "/aws/sagemaker/Endpoints";
  const utilization = (policyName: string, metric: string, targetValue: number, resourceId = rid("ep")) =>
    modelPolicy({ resourceId, policyName, metric: `${ENDPOINTS}/${metric}`, targetValue });
  const on = (instanceType: string | null, policies: ModelPolicy[], overrides: Partial<FindingTarget> = {}) =>
    healthyVariant({ instanceType, policies, ...overrides });

  describe("UTILIZATION_TARGET_IGNORES_COUNT", () => {
    it("60 on GPUUtilization of a 4-GPU ml.g5.12xlarge: 15 % of it; the policy put again with 240", () => {
      const p = utilization("gpu-scaling", "GPUUtilization", 60);
      expect(find(on("ml.g5.12xlarge", [p]))).toEqual([
        {
          severity: "warning",
          code: "UTILIZATION_TARGET_IGNORES_COUNT",
          message:
            'Policy "gpu-scaling" targets 60 on GPUUtilization, which counts 0–100 per GPU: on ml.g5.12xlarge (4 GPUs) that is 15 % of the instance, so it adds instances until each is about 15 % busy. For 60 % of the instance the target is 240.',
          fix:
            "aws application-autoscaling put-scaling-policy --policy-name gpu-scaling --service-namespace sagemaker " +
            "--resource-id endpoint/ep/variant/AllTraffic --scalable-dimension sagemaker:variant:DesiredInstanceCount " +
            "--policy-type TargetTrackingScaling --target-tracking-scaling-policy-configuration " +
            `'{"TargetValue":240,"CustomizedMetricSpecification":{"Namespace":"/aws/sagemaker/Endpoints","MetricName":"GPUUtilization",` +
            `"Dimensions":[{"Name":"EndpointName","Value":"ep"},{"Name":"VariantName","Value":"AllTraffic"}],"Statistic":"Average"}}' ` +
            "--region eu-west-3",
        },
      ]);
    });

    it("keeps the policy's cooldowns and scale-in setting in the fix; CPU counts vCPUs", () => {
      const p = utilization("cpu", "CPUUtilization", 70);
      p.source.TargetTrackingScalingPolicyConfiguration!.ScaleInCooldown = 900;
      p.source.TargetTrackingScalingPolicyConfiguration!.DisableScaleIn = true;
      // ml.c5.4xlarge: 16 vCPUs.
      const [f] = find(on("ml.c5.4xlarge", [p]));
      expect(f?.message).toContain("on ml.c5.4xlarge (16 vCPUs) that is 4.375 % of the instance");
      expect(f?.message).toContain("For 70 % of the instance the target is 1120.");
      expect(f?.fix).toContain('"ScaleInCooldown":900,"DisableScaleIn":true');
      expect(f?.fix).toContain('{"TargetValue":1120,');
    });

    it("init's own policy: a low share is fixed by init with the intended percentage and the live settings", () => {
      const p = utilization("sm-autoscale-gpu-memory-utilization", "GPUMemoryUtilization", 60);
      const [f] = find(on("ml.g5.12xlarge", [p], { minCapacity: 2, maxCapacity: 8 }));
      expect(f).toMatchObject({
        code: "UTILIZATION_TARGET_IGNORES_COUNT",
        fix: "sm-autoscale init --endpoint ep --variant AllTraffic --metric gpu-memory --target 60 --min 2 --max 8 --scale-in-cooldown 300 --scale-out-cooldown 300 --region eu-west-3",
      });
    });

    it("init's own name where init would not write that policy (kind unknown): the policy put again", () => {
      const p = utilization("sm-autoscale-gpu-utilization", "GPUUtilization", 60);
      const [f] = find(on("ml.g5.12xlarge", [p], { kind: null }));
      expect(f?.fix).toMatch(
        /^aws application-autoscaling put-scaling-policy --policy-name sm-autoscale-gpu-utilization .*"TargetValue":240,/,
      );
    });

    it("init's own policy at a plausible share is what init wrote (50 % of 2 vCPUs is 100); a hand-written one is not", () => {
      expect(
        find(on("ml.m5.large", [utilization("sm-autoscale-cpu-utilization", "CPUUtilization", 100)])),
      ).toEqual([]);
      expect(codes(find(on("ml.m5.large", [utilization("cpu-policy", "CPUUtilization", 100)])))).toEqual([
        "UTILIZATION_TARGET_IGNORES_COUNT",
      ]);
      // 90 on 4 vCPUs is 22.5 %: below a quarter of the instance, even init's own is taken as per core.
      expect(
        codes(find(on("ml.m5.xlarge", [utilization("sm-autoscale-cpu-utilization", "CPUUtilization", 90)]))),
      ).toEqual(["UTILIZATION_TARGET_IGNORES_COUNT"]);
    });

    it.each([
      ["one GPU (ml.g5.xlarge)", "ml.g5.xlarge", "GPUUtilization", 60],
      ["a target above 100 (already multiplied)", "ml.g5.12xlarge", "GPUUtilization", 240],
      ["MemoryUtilization (0–100 of the instance)", "ml.g5.12xlarge", "MemoryUtilization", 60],
      ["an instance type without figures", "ml.p6e-gb200.36xlarge", "GPUUtilization", 60],
      ["an instance type not known at all", "ml.zz9.huge", "CPUUtilization", 60],
      ["no instance type (instance pools)", null, "CPUUtilization", 60],
    ] as const)("no finding for %s", (_, type, metric, target) => {
      expect(find(on(type, [utilization("u", metric, target)]))).toEqual([]);
    });

    it("no finding for metric math (it may already divide by the count), nor for another namespace", () => {
      const math = utilization("math", "GPUUtilization", 60);
      math.source.TargetTrackingScalingPolicyConfiguration!.CustomizedMetricSpecification = {
        Metrics: [{ Id: "m1", Expression: "m0/4", ReturnData: true }],
      };
      const other = modelPolicy({ policyName: "other", metric: "Custom/GPUUtilization", targetValue: 60 });
      expect(find(on("ml.g5.12xlarge", [math]))).toEqual([]);
      expect(find(on("ml.g5.12xlarge", [other]))).toEqual([]);
    });
  });

  describe("CONCURRENCY_NOT_PUBLISHED", () => {
    const CONCURRENCY = "SageMakerVariantConcurrentRequestsPerModelHighResolution";
    const concurrency = (resourceId = rid("ep")) =>
      modelPolicy({
        resourceId,
        policyName: "sm-autoscale-concurrency",
        metric: CONCURRENCY,
        targetValue: 4,
      });

    it("nothing on a real-time variant, which publishes it", () => {
      expect(find(on("ml.g5.xlarge", [concurrency()]))).toEqual([]);
    });

    it("an async endpoint with no other policy: init on the backlog, replacing it", () => {
      const v = on("ml.g5.xlarge", [concurrency(rid("jobs"))], { endpointName: "jobs", kind: "async" });
      expect(find(v)).toEqual([
        {
          severity: "warning",
          code: "CONCURRENCY_NOT_PUBLISHED",
          message: `Policy "sm-autoscale-concurrency" tracks ${CONCURRENCY}: async endpoints are not documented to publish it, and requests waiting in their queue never count in it, so it does not see the load. Track ApproximateBacklogSizePerInstance instead.`,
          fix: "sm-autoscale init --endpoint jobs --variant AllTraffic --metric backlog --replace-custom-policies --region eu-west-3",
        },
      ]);
    });

    it("an async endpoint that also tracks its backlog: delete it (and no combination is claimed)", () => {
      const backlog = modelPolicy({
        resourceId: rid("jobs"),
        policyName: "sm-autoscale-async-backlog-per-instance",
        metric: "AWS/SageMaker/ApproximateBacklogSizePerInstance",
        targetValue: 5,
      });
      const findings = find(
        on("ml.g5.xlarge", [backlog, concurrency(rid("jobs"))], { endpointName: "jobs", kind: "async" }),
      );
      expect(codes(findings)).toEqual(["CONCURRENCY_NOT_PUBLISHED"]);
      expect(findings[0]?.fix).toBe(
        "aws application-autoscaling delete-scaling-policy --policy-name sm-autoscale-concurrency --service-namespace sagemaker " +
          "--resource-id endpoint/jobs/variant/AllTraffic --scalable-dimension sagemaker:variant:DesiredInstanceCount --region eu-west-3",
      );
    });

    it("a variant hosting inference components: an error, deleted, with the per-copy command named", () => {
      const [f] = find(
        on("ml.g5.2xlarge", [concurrency(rid("llm"))], { endpointName: "llm", kind: "inference-components" }),
      );
      expect(f).toMatchObject({
        severity: "error",
        code: "CONCURRENCY_NOT_PUBLISHED",
        message: expect.stringContaining(
          "publish concurrency per copy (ConcurrentRequestsPerCopy), not per model, so it never scales. Scale each inference component on SageMakerInferenceComponentConcurrentRequestsPerCopyHighResolution instead: sm-autoscale init --endpoint llm --inference-component NAME --metric concurrency.",
        ),
        fix: expect.stringMatching(
          /^aws application-autoscaling delete-scaling-policy --policy-name sm-autoscale-concurrency /,
        ),
      });
    });

    it("an inference component's own target on the variant metric: init with its per-copy concurrency", () => {
      const v = healthyVariant({
        endpointName: "llm",
        resourceId: "inference-component/chat",
        scalableDimension: "sagemaker:inference-component:DesiredCopyCount",
        kind: "inference-component",
        inferenceComponentName: "chat",
        instanceType: "ml.g5.2xlarge",
        policies: [concurrency("inference-component/chat")],
      });
      const [f] = find(v);
      expect(f).toMatchObject({
        severity: "error",
        code: "CONCURRENCY_NOT_PUBLISHED",
        fix: "sm-autoscale init --endpoint llm --inference-component chat --metric concurrency --replace-custom-policies --region eu-west-3",
      });
    });
  });

  describe("SIGNALS_PULLING_APART", () => {
    const pair = (cpuHigh: string | null, invocationsLow: string | null) => {
      const invocations = modelPolicy();
      invocations.alarms[1]!.state = invocationsLow;
      const cpu = utilization("sm-autoscale-cpu-utilization", "CPUUtilization", 140);
      cpu.alarms[0]!.state = cpuHigh;
      return healthyVariant({ policies: [invocations, cpu] });
    };

    it("one asks for more while the other asks for fewer: a warning naming which, with their alarms", () => {
      expect(find(pair("ALARM", "ALARM"))).toEqual([
        {
          severity: "warning",
          code: "SIGNALS_PULLING_APART",
          message:
            'Target-tracking policies pull apart right now: "sm-autoscale-cpu-utilization" (/aws/sagemaker/Endpoints/CPUUtilization 140) asks for more capacity (its AlarmHigh is in ALARM) while "SageMakerEndpointInvocationScalingPolicy" (SageMakerVariantInvocationsPerInstance 100) asks for less (its AlarmLow is in ALARM). AWS scales out for the first, and the second cannot scale in while the first holds capacity up: its metric stays below its target. Raise the first one\'s target, or keep one signal.',
          fix:
            "aws cloudwatch describe-alarms --alarm-names " +
            "TargetTracking-endpoint/ep/variant/AllTraffic-AlarmHigh-sm-autoscale-cpu-utilization " +
            "TargetTracking-endpoint/ep/variant/AllTraffic-AlarmLow-SageMakerEndpointInvocationScalingPolicy " +
            "--query 'MetricAlarms[].[AlarmName,StateValue,StateReason]' --output table --region eu-west-3",
        },
      ]);
    });

    it("otherwise (or with the alarms unknown) the combination is only information", () => {
      expect(codes(find(pair("ALARM", "OK")))).toEqual(["COMBINED_SIGNALS"]);
      expect(codes(find(pair("OK", "ALARM")))).toEqual(["COMBINED_SIGNALS"]);
      expect(codes(find(pair(null, null)))).toEqual(["COMBINED_SIGNALS"]);
      // The same metric is a FIGHTING_POLICIES matter, not a combination.
      const twins = healthyVariant({
        policies: [modelPolicy(), modelPolicy({ policyName: "b", targetValue: 50 })],
      });
      twins.policies[0]!.alarms[1]!.state = "ALARM";
      twins.policies[1]!.alarms[0]!.state = "ALARM";
      expect(codes(find(twins))).toEqual(["FIGHTING_POLICIES", "CUSTOM_POLICY_NAME"]);
    });
  });

  describe("STEP_AND_TARGET_TRACKING", () => {
    const step = (
      name: string,
      triggers: ModelPolicy["triggers"],
      overrides: Partial<ModelPolicy> = {},
    ): ModelPolicy => ({
      ...modelPolicy({ policyName: name }),
      policyType: "StepScaling",
      builtIn: false,
      metric: null,
      targetValue: null,
      scaleInCooldown: null,
      scaleOutCooldown: null,
      disableScaleIn: null,
      alarms: triggers.map((t) => ({ name: t.name, state: "OK" })),
      source: {
        ...modelPolicy().source,
        PolicyName: name,
        PolicyType: "StepScaling",
        TargetTrackingScalingPolicyConfiguration: undefined,
        StepScalingPolicyConfiguration: {
          AdjustmentType: "ChangeInCapacity",
          StepAdjustments: [{ MetricIntervalLowerBound: 0, ScalingAdjustment: 1 }],
        },
      },
      triggered: triggers.length > 0,
      wakeAlarm: null,
      triggers,
      ...overrides,
    });
    const watching = (name: string, metricName: string) => ({
      name,
      watches: { namespace: "AWS/SageMaker", metricName, comparison: "GreaterThanThreshold", threshold: 1 },
    });
    const ownPair = () => [
      step("sm-autoscale-step-cpu-scale-out", [
        watching("sm-autoscale-ep-AllTraffic-step-cpu-scale-out", "CPUUtilization"),
      ]),
      step("sm-autoscale-step-cpu-scale-in", [
        watching("sm-autoscale-ep-AllTraffic-step-cpu-scale-in", "CPUUtilization"),
      ]),
    ];

    it("init's step policies beside target tracking: init --policy-type step replaces the target tracking", () => {
      expect(find(healthyVariant({ policies: [modelPolicy(), ...ownPair()] }))).toEqual([
        {
          severity: "warning",
          code: "STEP_AND_TARGET_TRACKING",
          message:
            'Step policies "sm-autoscale-step-cpu-scale-out", "sm-autoscale-step-cpu-scale-in" and target-tracking policy "SageMakerEndpointInvocationScalingPolicy" act on the same target, each on its own: a step scale-in can undo what target tracking added, and target tracking can undo a step. Mixing them can fight; keep one kind.',
          fix: "sm-autoscale init --endpoint ep --variant AllTraffic --metric cpu --policy-type step --replace-custom-policies --region eu-west-3",
        },
      ]);
    });

    it("where init cannot configure the target: the step policies deleted, and their alarms of ours", () => {
      const [f] = find(healthyVariant({ kind: null, policies: [modelPolicy(), ...ownPair()] }));
      expect(f?.code).toBe("STEP_AND_TARGET_TRACKING");
      expect(f?.fix.split(" && ")).toEqual([
        expect.stringMatching(
          /^aws application-autoscaling delete-scaling-policy --policy-name sm-autoscale-step-cpu-scale-out /,
        ),
        expect.stringMatching(
          /^aws application-autoscaling delete-scaling-policy --policy-name sm-autoscale-step-cpu-scale-in /,
        ),
        "aws cloudwatch delete-alarms --alarm-names sm-autoscale-ep-AllTraffic-step-cpu-scale-in sm-autoscale-ep-AllTraffic-step-cpu-scale-out --region eu-west-3",
      ]);
    });

    it("someone else's step policy on a load metric: deleted (its alarm is not ours to delete)", () => {
      const burst = step("burst", [watching("my-cpu-alarm", "CPUUtilization")]);
      const [f] = find(healthyVariant({ policies: [modelPolicy(), burst] }));
      expect(f).toMatchObject({
        code: "STEP_AND_TARGET_TRACKING",
        fix: expect.stringMatching(
          /^aws application-autoscaling delete-scaling-policy --policy-name burst [^&]*$/,
        ),
      });
    });

    it("no finding for a step policy that only wakes from zero, one whose alarms are unknown, or one no alarm triggers", () => {
      const wake = step("HasBacklogWithoutCapacity-ScalingPolicy", [
        watching("wake", "HasBacklogWithoutCapacity"),
      ]);
      const unknown = step("mystery", [], { triggered: null });
      const idle = step("sm-autoscale-step-cpu-scale-out", [], { triggered: false });
      expect(codes(find(healthyVariant({ policies: [modelPolicy(), wake] })))).toEqual([]);
      expect(codes(find(healthyVariant({ policies: [modelPolicy(), unknown] })))).toEqual([]);
      expect(codes(find(healthyVariant({ policies: [modelPolicy(), idle] })))).toEqual([
        "STEP_POLICY_WITHOUT_ALARM",
      ]);
      // Step policies alone are no mix.
      expect(codes(find(healthyVariant({ policies: ownPair() })))).toEqual([]);
    });
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
