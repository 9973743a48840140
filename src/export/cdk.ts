import { cfnTimestamp, logicalIds, pruned, SLR_ARN_SUB } from "./cloudformation.js";
import {
  commentText,
  type ExportFile,
  type ExportFormat,
  type ExportOutput,
  headerLines,
  shellPath,
} from "./format.js";
import {
  type AlarmAction,
  type ExportAlarm,
  type ExportModel,
  type ExportPolicy,
  type PolicyAction,
  type StepPolicy,
  sameKey,
  type TargetTrackingPolicy,
} from "./model.js";

/**
 * AWS CDK v2 in TypeScript (facts doc §12): a stack as CDK users write one, with the L2 constructs of
 * aws-applicationautoscaling (ScalableTarget, scaleToTrackMetric, scaleOnSchedule, StepScalingAction) and
 * aws-cloudwatch (Alarm, Metric, ApplicationScalingAction), and the L1 Cfn* constructs only for what the L2 ones
 * cannot say (metric math, actions that are not one of these policies). It synthesizes to the CloudFormation
 * export's template: the same logical IDs (overridden on each resource), the same properties, and the
 * service-linked role as the target's role, which keeps the ScalableTarget construct from creating a new one.
 * `--out DIR` writes a complete app around it (package.json, cdk.json, tsconfig.json, bin/app.ts).
 */

/** The versions the exported app asks for: those sm-autoscale's own tests synthesize it with (package.json). */
export const CDK_VERSIONS = {
  "aws-cdk-lib": "^2.276.0",
  constructs: "^10.8.1",
  "aws-cdk": "^2.1148.1",
  "ts-node": "^10.9.2",
  typescript: "~5.9.3",
  "@types/node": "^20.19.43",
} as const;

export const STACK_CLASS = "SageMakerAutoscalingStack";
export const STACK_ID = "SageMakerAutoscaling";
export const STACK_FILE = "lib/sagemaker-autoscaling-stack.ts";

/** Code written as it is, not as a value. */
class Code {
  constructor(readonly text: string) {}
}
const code = (text: string) => new Code(text);

type TsValue = string | number | boolean | Code | TsValue[] | { [key: string]: TsValue | undefined };

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** A value as a TypeScript expression, objects and lists over several lines, at `indent` spaces. */
function ts(value: TsValue, indent: number): string {
  const pad = " ".repeat(indent + 2);
  if (value instanceof Code) return value.text;
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new Error(`not a finite number: ${value}`);
    return String(value);
  }
  if (typeof value === "boolean") return String(value);
  if (Array.isArray(value)) {
    if (value.length === 0) return "[]";
    if (value.every((v) => !(typeof v === "object" && !(v instanceof Code)))) {
      const flat = `[${value.map((v) => ts(v, indent)).join(", ")}]`;
      if (flat.length <= 80) return flat;
    }
    return `[\n${value.map((v) => `${pad}${ts(v, indent + 2)},`).join("\n")}\n${" ".repeat(indent)}]`;
  }
  const entries = Object.entries(value).filter(([, v]) => v !== undefined) as [string, TsValue][];
  if (entries.length === 0) return "{}";
  return `{\n${entries
    .map(([k, v]) => `${pad}${IDENTIFIER.test(k) ? k : JSON.stringify(k)}: ${ts(v, indent + 2)},`)
    .join("\n")}\n${" ".repeat(indent)}}`;
}

/** An API member name as CDK's L1 props spell it: the first letter lower-cased. */
function camel(value: unknown): TsValue {
  if (Array.isArray(value)) return value.map(camel);
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(pruned(value) as Record<string, unknown>).map(([k, v]) => [
        k.charAt(0).toLowerCase() + k.slice(1),
        camel(v),
      ]),
    );
  }
  return value as TsValue;
}

/** "GreaterThanOrEqualToThreshold" → GREATER_THAN_OR_EQUAL_TO_THRESHOLD, "Count/Second" → COUNT_PER_SECOND. */
function enumMember(value: string): string {
  return value
    .replace(/\//g, "Per")
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .replace(/[^A-Za-z0-9]+/g, "_")
    .toUpperCase();
}

/** CDK's PredefinedMetric members for the SageMaker metric types (facts doc §2). */
const PREDEFINED: Record<string, string> = {
  SageMakerVariantInvocationsPerInstance: "SAGEMAKER_VARIANT_INVOCATIONS_PER_INSTANCE",
  SageMakerVariantProvisionedConcurrencyUtilization: "SAGEMAKER_VARIANT_PROVISIONED_CONCURRENCY_UTILIZATION",
  SageMakerInferenceComponentInvocationsPerCopy: "SAGEMAKER_INFERENCE_COMPONENT_INVOCATIONS_PER_COPY",
  SageMakerVariantConcurrentRequestsPerModelHighResolution:
    "SAGEMAKER_VARIANT_CONCURRENT_REQUESTS_PER_MODEL_HIGH_RESOLUTION",
  SageMakerInferenceComponentConcurrentRequestsPerCopyHighResolution:
    "SAGEMAKER_INFERENCE_COMPONENT_CONCURRENT_REQUESTS_PER_COPY_HIGH_RESOLUTION",
};

/** A variable name for a logical ID: ChurnAllTrafficTarget → churnAllTrafficTarget. */
function variable(logicalId: string): string {
  const name = logicalId.charAt(0).toLowerCase() + logicalId.slice(1);
  return /^[0-9]/.test(name) ? `_${name}` : name;
}

/** Whether the L2 scaleToTrackMetric can say this policy (no metric math, a metric type CDK names). */
function trackableByL2(p: TargetTrackingPolicy): boolean {
  if (p.predefined) return PREDEFINED[p.predefined.PredefinedMetricType ?? ""] !== undefined;
  return Boolean(p.customized && !p.customized.Metrics?.length && p.customized.MetricName);
}

function duration(seconds: number): Code {
  return code(`Duration.seconds(${seconds})`);
}

/** The stack's source: one class, its constructor declaring every resource of the model. */
export function stackSource(model: ExportModel, header: string[]): string {
  const ids = logicalIds(model);
  const used = new Set<string>();
  const use = (name: string) => used.add(name);
  const body: string[] = [];
  const line = (text = "") => body.push(text === "" ? "" : `    ${text}`);

  const policyKind = new Map<string, "l2-step" | "l2-tracking" | "l1">();

  use("Fn");
  use("iam");
  line(
    "// Application Auto Scaling uses its service-linked role for SageMaker whatever role a target names; naming it",
  );
  line("// keeps ScalableTarget from creating a role of its own.");
  line(`const serviceLinkedRole = iam.Role.fromRoleArn(`);
  line(`  this,`);
  line(`  "ServiceLinkedRole",`);
  line(`  Fn.sub(${JSON.stringify(SLR_ARN_SUB)}),`);
  line(");");

  for (const t of model.targets) {
    const tid = ids.target(t);
    const tv = variable(tid);
    use("appscaling");
    use("keepLogicalId");
    line();
    line(`// ${commentText(t.key.resourceId)} (${t.key.dimension})`);
    line(
      `const ${tv} = new appscaling.ScalableTarget(this, ${JSON.stringify(tid)}, ${ts(
        {
          serviceNamespace: code("appscaling.ServiceNamespace.SAGEMAKER"),
          resourceId: t.key.resourceId,
          scalableDimension: t.key.dimension,
          minCapacity: t.minCapacity,
          maxCapacity: t.maxCapacity,
          role: code("serviceLinkedRole"),
        },
        4,
      )});`,
    );
    line(`keepLogicalId(${tv}, ${JSON.stringify(tid)});`);
    if (t.suspended) {
      line(
        `(${tv}.node.defaultChild as appscaling.CfnScalableTarget).suspendedState = ${ts(camel(t.suspended), 4)};`,
      );
    }
    for (const a of t.scheduledActions) {
      const props: TsValue = {
        schedule: code(`appscaling.Schedule.expression(${JSON.stringify(a.schedule)})`),
        timeZone: a.timezone === undefined ? undefined : code(`TimeZone.of(${JSON.stringify(a.timezone)})`),
        startTime: a.startTime ? code(`new Date(${JSON.stringify(cfnTimestamp(a.startTime))})`) : undefined,
        endTime: a.endTime ? code(`new Date(${JSON.stringify(cfnTimestamp(a.endTime))})`) : undefined,
        minCapacity: a.minCapacity,
        maxCapacity: a.maxCapacity,
      };
      if (a.timezone !== undefined) use("TimeZone");
      line(`${tv}.scaleOnSchedule(${JSON.stringify(a.name)}, ${ts(props, 4)});`);
    }
    for (const p of t.policies) {
      const pid = ids.policy(t, p);
      const declared = policySource(p, tv, pid, use);
      policyKind.set(pid, declared.kind);
      line(`const ${variable(pid)} = ${declared.expression};`);
      for (const after of declared.after(variable(pid))) line(after);
      line(`keepLogicalId(${variable(pid)}, ${JSON.stringify(pid)});`);
    }
  }

  const policyOf = (action: PolicyAction) => {
    const target = model.targets.find((t) => sameKey(t.key, action.policy.target))!;
    const policy = target.policies.find((p) => p.name === action.policy.name)!;
    return ids.policy(target, policy);
  };
  for (const a of model.alarms) {
    const aid = ids.alarm(a);
    line();
    for (const l of alarmSource(a, aid, policyOf, policyKind, use)) line(l);
  }

  const imports = [
    `import { ${[
      used.has("keepLogicalId") ? "CfnElement" : "",
      used.has("Duration") ? "Duration" : "",
      "Fn",
      "Stack",
      "type StackProps",
      used.has("TimeZone") ? "TimeZone" : "",
    ]
      .filter(Boolean)
      .join(", ")} } from "aws-cdk-lib";`,
    used.has("appscaling") ? `import * as appscaling from "aws-cdk-lib/aws-applicationautoscaling";` : "",
    used.has("cloudwatch") ? `import * as cloudwatch from "aws-cdk-lib/aws-cloudwatch";` : "",
    used.has("cloudwatchActions")
      ? `import * as cloudwatchActions from "aws-cdk-lib/aws-cloudwatch-actions";`
      : "",
    `import * as iam from "aws-cdk-lib/aws-iam";`,
    `import type { Construct } from "constructs";`,
  ].filter(Boolean);

  return [
    ...header.map((h) => (h === "" ? "//" : `// ${commentText(h)}`)),
    ...imports,
    "",
    "/** SageMaker endpoint autoscaling: scalable targets, their scaling policies and scheduled actions, and alarms. */",
    `export class ${STACK_CLASS} extends Stack {`,
    "  constructor(scope: Construct, id: string, props?: StackProps) {",
    "    super(scope, id, props);",
    "",
    ...body,
    "  }",
    "}",
    "",
    "/**",
    " * Gives the resource the logical ID the CloudFormation export gives it, so that the stack and the template",
    " * declare the same resources and one can replace the other.",
    " */",
    "function keepLogicalId(construct: Construct, logicalId: string): void {",
    "  const resource = construct instanceof CfnElement ? construct : (construct.node.defaultChild as CfnElement);",
    "  resource.overrideLogicalId(logicalId);",
    "}",
    "",
  ].join("\n");
}

interface DeclaredPolicy {
  kind: "l2-step" | "l2-tracking" | "l1";
  expression: string;
  /** Statements that complete it, given its variable. */
  after(variable: string): string[];
}

function policySource(
  p: ExportPolicy,
  target: string,
  pid: string,
  use: (n: string) => void,
): DeclaredPolicy {
  use("Duration");
  if (p.type === "TargetTrackingScaling" && trackableByL2(p)) {
    const props: TsValue = {
      policyName: p.name,
      targetValue: p.targetValue,
      predefinedMetric: p.predefined
        ? code(`appscaling.PredefinedMetric.${PREDEFINED[p.predefined.PredefinedMetricType ?? ""]}`)
        : undefined,
      resourceLabel: p.predefined?.ResourceLabel,
      customMetric: p.customized ? metricCode(p.customized, use) : undefined,
      scaleInCooldown: duration(p.scaleInCooldown),
      scaleOutCooldown: duration(p.scaleOutCooldown),
      disableScaleIn: p.disableScaleIn,
    };
    return {
      kind: "l2-tracking",
      expression: `${target}.scaleToTrackMetric(${JSON.stringify(pid)}, ${ts(props, 4)})`,
      after: () => [],
    };
  }
  if (p.type === "StepScaling") return stepSource(p, target, pid);
  // Metric math, or a metric type CDK has no member for: the L1 construct takes the configuration as it is.
  const props: TsValue = {
    policyName: p.name,
    policyType: "TargetTrackingScaling",
    scalingTargetId: code(`${target}.scalableTargetId`),
    targetTrackingScalingPolicyConfiguration: camel({
      TargetValue: p.targetValue,
      PredefinedMetricSpecification: p.predefined,
      CustomizedMetricSpecification: p.customized,
      ScaleInCooldown: p.scaleInCooldown,
      ScaleOutCooldown: p.scaleOutCooldown,
      DisableScaleIn: p.disableScaleIn,
    }),
  };
  return {
    kind: "l1",
    expression: `new appscaling.CfnScalingPolicy(this, ${JSON.stringify(pid)}, ${ts(props, 4)})`,
    after: () => [],
  };
}

function stepSource(p: StepPolicy, target: string, pid: string): DeclaredPolicy {
  const props: TsValue = {
    scalingTarget: code(target),
    policyName: p.name,
    adjustmentType: p.adjustmentType
      ? code(`appscaling.AdjustmentType.${enumMember(p.adjustmentType)}`)
      : undefined,
    cooldown: duration(p.cooldown),
    metricAggregationType: p.metricAggregationType
      ? code(`appscaling.MetricAggregationType.${enumMember(p.metricAggregationType)}`)
      : undefined,
    minAdjustmentMagnitude: p.minAdjustmentMagnitude,
  };
  return {
    kind: "l2-step",
    expression: `new appscaling.StepScalingAction(this, ${JSON.stringify(pid)}, ${ts(props, 4)})`,
    after: (v) =>
      p.adjustments.map(
        (s) =>
          `${v}.addAdjustment(${ts(
            {
              adjustment: s.ScalingAdjustment ?? 0,
              lowerBound: s.MetricIntervalLowerBound,
              upperBound: s.MetricIntervalUpperBound,
            },
            4,
          )});`,
      ),
  };
}

/** A CloudWatch metric as the L2 Metric: what target tracking and simple alarms watch. */
function metricCode(
  m: {
    Namespace?: string | undefined;
    MetricName?: string | undefined;
    Dimensions?: { Name?: string | undefined; Value?: string | undefined }[] | undefined;
    Statistic?: string | undefined;
    Unit?: string | undefined;
  },
  use: (n: string) => void,
  period?: number,
): Code {
  use("cloudwatch");
  const dims = m.Dimensions ?? [];
  const props: TsValue = {
    namespace: m.Namespace ?? "",
    metricName: m.MetricName ?? "",
    dimensionsMap:
      dims.length > 0 ? Object.fromEntries(dims.map((d) => [d.Name ?? "", d.Value ?? ""])) : undefined,
    statistic: m.Statistic,
    unit: m.Unit ? code(`cloudwatch.Unit.${enumMember(m.Unit)}`) : undefined,
    period: period === undefined ? undefined : duration(period),
  };
  return code(`new cloudwatch.Metric(${ts(props, 6)})`);
}

/** Whether the L2 Alarm can say this alarm: one metric, a threshold, and only our step policies as actions. */
function alarmByL2(a: ExportAlarm, policyKind: (action: AlarmAction) => string | undefined): boolean {
  return (
    !a.metrics &&
    a.thresholdMetricId === undefined &&
    a.threshold !== undefined &&
    a.metricName !== undefined &&
    a.okActions.length === 0 &&
    a.insufficientDataActions.length === 0 &&
    a.alarmActions.every((action) => policyKind(action) === "l2-step")
  );
}

function alarmSource(
  a: ExportAlarm,
  aid: string,
  policyOf: (action: PolicyAction) => string,
  kinds: Map<string, "l2-step" | "l2-tracking" | "l1">,
  use: (n: string) => void,
): string[] {
  const kindOf = (action: AlarmAction) => ("policy" in action ? kinds.get(policyOf(action)) : undefined);
  const av = variable(aid);
  use("cloudwatch");
  if (alarmByL2(a, kindOf)) {
    use("cloudwatchActions");
    use("Duration");
    const props: TsValue = {
      alarmName: a.name,
      alarmDescription: a.description,
      actionsEnabled: a.actionsEnabled,
      metric: metricCode(
        {
          Namespace: a.namespace,
          MetricName: a.metricName,
          Dimensions: a.dimensions.map((d) => ({ Name: d.name, Value: d.value })),
          Statistic: a.extendedStatistic ?? a.statistic,
          Unit: a.unit,
        },
        use,
        a.period,
      ),
      threshold: a.threshold,
      evaluationPeriods: a.evaluationPeriods,
      datapointsToAlarm: a.datapointsToAlarm,
      comparisonOperator: code(`cloudwatch.ComparisonOperator.${enumMember(a.comparisonOperator)}`),
      treatMissingData: a.treatMissingData
        ? code(`cloudwatch.TreatMissingData.${enumMember(a.treatMissingData)}`)
        : undefined,
      evaluateLowSampleCountPercentile: a.evaluateLowSampleCountPercentile,
    };
    return [
      `const ${av} = new cloudwatch.Alarm(this, ${JSON.stringify(aid)}, ${ts(props, 4)});`,
      ...a.alarmActions.map(
        (action) =>
          `${av}.addAlarmAction(new cloudwatchActions.ApplicationScalingAction(${variable(policyOf(action as PolicyAction))}));`,
      ),
      `keepLogicalId(${av}, ${JSON.stringify(aid)});`,
    ];
  }
  // Metric math, a threshold from a metric, or actions that are not one of these step policies: the L1 construct.
  const arn = (action: AlarmAction): TsValue => {
    if ("arn" in action) return action.arn;
    const pid = policyOf(action);
    return code(kinds.get(pid) === "l1" ? `${variable(pid)}.ref` : `${variable(pid)}.scalingPolicyArn`);
  };
  const props: TsValue = {
    alarmName: a.name,
    alarmDescription: a.description,
    actionsEnabled: a.actionsEnabled,
    namespace: a.namespace,
    metricName: a.metricName,
    dimensions:
      a.dimensions.length > 0 ? a.dimensions.map((d) => ({ name: d.name, value: d.value })) : undefined,
    statistic: a.statistic,
    extendedStatistic: a.extendedStatistic,
    period: a.period,
    unit: a.unit,
    metrics: a.metrics ? camel(a.metrics) : undefined,
    evaluationPeriods: a.evaluationPeriods,
    datapointsToAlarm: a.datapointsToAlarm,
    threshold: a.threshold,
    thresholdMetricId: a.thresholdMetricId,
    comparisonOperator: a.comparisonOperator,
    treatMissingData: a.treatMissingData,
    evaluateLowSampleCountPercentile: a.evaluateLowSampleCountPercentile,
    alarmActions: a.alarmActions.length > 0 ? a.alarmActions.map(arn) : undefined,
    okActions: a.okActions.length > 0 ? a.okActions.map(arn) : undefined,
    insufficientDataActions:
      a.insufficientDataActions.length > 0 ? a.insufficientDataActions.map(arn) : undefined,
  };
  return [
    `const ${av} = new cloudwatch.CfnAlarm(this, ${JSON.stringify(aid)}, ${ts(props, 4)});`,
    `keepLogicalId(${av}, ${JSON.stringify(aid)});`,
  ];
}

/** The files of a complete app: `npm install && npx cdk synth`. */
function appFiles(stack: string): ExportFile[] {
  const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;
  return [
    { path: STACK_FILE, content: stack },
    {
      path: "bin/app.ts",
      content: [
        "#!/usr/bin/env node",
        'import { App } from "aws-cdk-lib";',
        `import { ${STACK_CLASS} } from "../lib/sagemaker-autoscaling-stack";`,
        "",
        "const app = new App();",
        "// The stack is environment-agnostic: deploy it with the account and region of your AWS profile.",
        `new ${STACK_CLASS}(app, ${JSON.stringify(STACK_ID)});`,
        "",
      ].join("\n"),
    },
    {
      path: "package.json",
      content: json({
        name: "sagemaker-autoscaling",
        version: "0.1.0",
        private: true,
        bin: { "sagemaker-autoscaling": "bin/app.js" },
        scripts: { build: "tsc", synth: "cdk synth", deploy: "cdk deploy" },
        dependencies: {
          "aws-cdk-lib": CDK_VERSIONS["aws-cdk-lib"],
          constructs: CDK_VERSIONS.constructs,
        },
        devDependencies: {
          "@types/node": CDK_VERSIONS["@types/node"],
          "aws-cdk": CDK_VERSIONS["aws-cdk"],
          "ts-node": CDK_VERSIONS["ts-node"],
          typescript: CDK_VERSIONS.typescript,
        },
      }),
    },
    { path: "cdk.json", content: json({ app: "npx ts-node --prefer-ts-exts bin/app.ts" }) },
    {
      path: "tsconfig.json",
      content: json({
        compilerOptions: {
          target: "ES2022",
          module: "commonjs",
          lib: ["es2022"],
          strict: true,
          noEmitOnError: true,
          esModuleInterop: true,
          skipLibCheck: true,
          types: ["node"],
        },
        include: ["bin", "lib"],
        exclude: ["node_modules", "cdk.out"],
      }),
    },
  ];
}

export const CDK: ExportFormat = {
  id: "cdk",
  label: "AWS CDK (TypeScript)",
  render(model, options): ExportOutput {
    const header = headerLines(
      model,
      [],
      [
        options.project
          ? "An AWS CDK v2 app: npm install && npx cdk synth (or npx cdk deploy)."
          : `An AWS CDK v2 stack (${STACK_FILE}); sm-autoscale export --out DIR writes a complete app around it.`,
      ],
    );
    const stack = stackSource(model, header);
    return {
      files: options.project ? appFiles(stack) : [{ path: STACK_FILE, content: stack }],
      cannot: [],
      next: (dir) =>
        dir && options.project
          ? [`Synthesize it: cd ${shellPath(dir)} && npm install && npx cdk synth`]
          : ["Add it to a CDK app, or write a whole app with --out DIR."],
    };
  },
};
