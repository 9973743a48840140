import type { MetricAlarm } from "@aws-sdk/client-cloudwatch";
import { SERVICE_NAMESPACE } from "../domain/constants.js";
import { resourceIdOf } from "../domain/names.js";
import type { ExportScope } from "../domain/validate-export.js";
import { CommandError } from "../errors.js";
import type { LiveState, LiveTarget } from "../export/model.js";
import { shellQuote } from "../plan/shell.js";
import { readAlarmsNamed } from "./alarms.js";
import type { Clients } from "./clients.js";
import { endpointNotFound, isNotFound } from "./discover.js";
import { isAccessDenied } from "./error-codes.js";
import { describeInferenceComponent, listInferenceComponents } from "./inference-components.js";
import { describeTargetsOf, listSageMakerTargets, withPoliciesAndActions } from "./scaling-read.js";

type ReadClients = Pick<Clients, "autoscaling" | "sagemaker" | "cloudwatch">;

/**
 * The live autoscaling in a scope, for `export`: the scalable targets, every policy and scheduled action of each,
 * and the metric alarms the step policies name (DescribeScalingPolicies lists a step policy's alarms, as the
 * botocore example shows). Batched like teardown's read (facts doc §11): targets by ResourceIds (50 a call), or
 * the namespace; policies and scheduled actions per target, or namespace-wide above ten targets; the alarms by
 * name, 100 a call. The alarms are optional: denied, the read goes on and says so (LiveState.alarmsUnread).
 */
export async function readExportState(clients: ReadClients, scope: ExportScope): Promise<LiveState> {
  const targets = await readTargets(clients, scope);
  const named = [
    ...new Set(
      targets.flatMap((t) =>
        t.policies
          .filter((p) => p.PolicyType === "StepScaling")
          .flatMap((p) => (p.Alarms ?? []).map((a) => a.AlarmName ?? "")),
      ),
    ),
  ].filter(Boolean);
  let alarms: MetricAlarm[] | null = [];
  let alarmsUnread: string | undefined;
  try {
    alarms = await readAlarmsNamed(clients, named);
  } catch (error) {
    if (!isAccessDenied(error)) throw error;
    alarms = null;
    alarmsUnread = "access denied to cloudwatch:DescribeAlarms";
  }
  return { targets, alarms, alarmsUnread };
}

async function readTargets(clients: ReadClients, scope: ExportScope): Promise<LiveTarget[]> {
  const targets = (
    scope.kind === "all"
      ? await listSageMakerTargets(clients)
      : await describeTargetsOf(clients, await resourceIdsOf(clients, scope))
  )
    // In the order AWS lists them: the description sorts what it exports (exportModelFromLive).
    .filter((t) => (t.ServiceNamespace ?? SERVICE_NAMESPACE) === SERVICE_NAMESPACE);
  return withPoliciesAndActions(clients, targets, scope.kind === "all");
}

/**
 * The resource ids a scope covers: an endpoint's variants (DescribeEndpoint, shadow variants included) and the
 * inference components it hosts (ListInferenceComponents), or the one inference component asked for.
 */
async function resourceIdsOf(
  clients: Pick<Clients, "sagemaker">,
  scope: Exclude<ExportScope, { kind: "all" }>,
): Promise<string[]> {
  const client = await clients.sagemaker();
  const region = await client.config.region();
  if (scope.kind === "component") {
    const ic = await describeInferenceComponent(clients, scope.componentName);
    if (!ic) {
      throw new CommandError(
        `Inference component "${scope.componentName}" was not found in ${region}.`,
        `Check the name and the region (--region); \`sm-autoscale describe --endpoint ${shellQuote(scope.endpointName)}\` lists its components.`,
      );
    }
    if (ic.endpointName !== undefined && ic.endpointName !== scope.endpointName) {
      throw new CommandError(
        `Inference component "${scope.componentName}" runs on endpoint "${ic.endpointName}", not "${scope.endpointName}".`,
        `Run: sm-autoscale export --endpoint ${shellQuote(ic.endpointName)} --inference-component ${shellQuote(scope.componentName)} …`,
      );
    }
    return [`inference-component/${scope.componentName}`];
  }
  const { DescribeEndpointCommand } = await import("@aws-sdk/client-sagemaker");
  let variants: string[];
  try {
    const out = await client.send(new DescribeEndpointCommand({ EndpointName: scope.endpointName }));
    variants = [...(out.ProductionVariants ?? []), ...(out.ShadowProductionVariants ?? [])]
      .map((v) => v.VariantName ?? "")
      .filter(Boolean);
  } catch (error) {
    if (isNotFound(error)) throw endpointNotFound(scope.endpointName, region);
    throw error;
  }
  if (scope.variantName !== undefined && !variants.includes(scope.variantName)) {
    throw new CommandError(
      `Endpoint "${scope.endpointName}" has no variant "${scope.variantName}".`,
      `Its variants: ${variants.join(", ") || "none"}.`,
    );
  }
  const components = (await listInferenceComponents(clients, scope.endpointName)).filter(
    (ic) => scope.variantName === undefined || ic.variantName === scope.variantName,
  );
  return [
    ...variants
      .filter((v) => scope.variantName === undefined || v === scope.variantName)
      .map((v) => resourceIdOf(scope.endpointName, v)),
    ...components.map((ic) => `inference-component/${ic.name}`),
  ];
}
