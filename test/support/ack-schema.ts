// Validates ACK manifests (multi-document YAML) against the Application Auto Scaling controller's CRDs in
// test/fixtures/ack (see its README), the way the API server would and stricter: unknown fields are refused
// (additionalProperties: false on every object schema that lists its properties: Kubernetes would prune them
// silently), and the values the CRDs leave as plain strings are held to the Application Auto Scaling model's enums
// (ScalableDimension, PolicyType, MetricType, AdjustmentType, MetricAggregationType, MetricStatistic), as the
// fixtures' README asks. Object names must be DNS subdomain names (RFC 1123), as Kubernetes requires of most kinds.

import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Ajv, type ValidateFunction } from "ajv";
import { parse, parseAllDocuments } from "yaml";
import { loadModel } from "./botocore-model.js";
import { REPO_ROOT } from "./cli.js";

const CRDS = {
  ScalableTarget: "applicationautoscaling.services.k8s.aws_scalabletargets.yaml",
  ScalingPolicy: "applicationautoscaling.services.k8s.aws_scalingpolicies.yaml",
} as const;

type Schema = Record<string, unknown>;

/** The schema with unknown fields refused wherever it lists the fields it knows. */
function closed(schema: Schema): Schema {
  const out: Schema = { ...schema };
  const props = schema["properties"] as Record<string, Schema> | undefined;
  if (props) {
    out["properties"] = Object.fromEntries(Object.entries(props).map(([k, v]) => [k, closed(v)]));
    out["additionalProperties"] = false;
  }
  if (schema["items"]) out["items"] = closed(schema["items"] as Schema);
  return out;
}

/** The enum of a shape in the Application Auto Scaling model. */
function modelEnum(shape: string): string[] {
  const s = loadModel("ApplicationAutoScaling").shapes[shape] as { enum?: string[] } | undefined;
  if (!s?.enum) throw new Error(`ApplicationAutoScaling has no enum shape ${shape}`);
  return s.enum;
}

/** The model's enums where the CRD has a plain string, by JSON pointer-ish path under spec. */
function withEnums(kind: keyof typeof CRDS, schema: Schema): Schema {
  const at = (path: string[], values: string[]) => {
    let node = schema;
    for (const key of path) node = (node["properties"] as Record<string, Schema>)[key]!;
    node["enum"] = values;
  };
  at(["spec", "serviceNamespace"], modelEnum("ServiceNamespace"));
  at(["spec", "scalableDimension"], modelEnum("ScalableDimension"));
  if (kind === "ScalingPolicy") {
    at(["spec", "policyType"], modelEnum("PolicyType"));
    const tt = ["spec", "targetTrackingScalingPolicyConfiguration"];
    at([...tt, "predefinedMetricSpecification", "predefinedMetricType"], modelEnum("MetricType"));
    at([...tt, "customizedMetricSpecification", "statistic"], modelEnum("MetricStatistic"));
    const step = ["spec", "stepScalingPolicyConfiguration"];
    at([...step, "adjustmentType"], modelEnum("AdjustmentType"));
    at([...step, "metricAggregationType"], modelEnum("MetricAggregationType"));
  }
  return schema;
}

let validators: Record<keyof typeof CRDS, ValidateFunction> | undefined;

function validatorsOf(): Record<keyof typeof CRDS, ValidateFunction> {
  if (validators) return validators;
  // Kubernetes' structural schemas use OpenAPI formats (int64, date-time) ajv does not know: they only annotate.
  const ajv = new Ajv({ allErrors: true, strict: false, validateFormats: false });
  const compile = (kind: keyof typeof CRDS) => {
    const crd = parse(readFileSync(join(REPO_ROOT, "test", "fixtures", "ack", CRDS[kind]), "utf8")) as {
      spec: { names: { kind: string }; versions: { name: string; schema: { openAPIV3Schema: Schema } }[] };
    };
    if (crd.spec.names.kind !== kind) throw new Error(`${CRDS[kind]} is not the CRD of ${kind}`);
    const version = crd.spec.versions.find((v) => v.name === "v1alpha1")!;
    return ajv.compile(withEnums(kind, closed(structuredClone(version.schema.openAPIV3Schema))));
  };
  validators = { ScalableTarget: compile("ScalableTarget"), ScalingPolicy: compile("ScalingPolicy") };
  return validators;
}

const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

export interface AckDocument {
  apiVersion: string;
  kind: string;
  metadata: { name: string; annotations?: Record<string, string> };
  spec: Record<string, unknown>;
}

/** Every document of the manifests, with the problems found in each (none when valid). */
export function validateAckManifests(text: string): { doc: AckDocument; problems: string[] }[] {
  const v = validatorsOf();
  return parseAllDocuments(text)
    .filter((d) => d.contents !== null)
    .map((d) => {
      if (d.errors.length > 0) {
        return { doc: {} as AckDocument, problems: d.errors.map((e) => e.message) };
      }
      const doc = d.toJS() as AckDocument;
      const problems: string[] = [];
      if (doc.apiVersion !== "applicationautoscaling.services.k8s.aws/v1alpha1") {
        problems.push(`apiVersion ${doc.apiVersion}`);
      }
      const validate = v[doc.kind as keyof typeof CRDS];
      if (!validate) problems.push(`unknown kind ${doc.kind}`);
      else if (!validate(doc)) {
        for (const e of validate.errors ?? []) {
          problems.push(`${e.instancePath} ${e.message} ${JSON.stringify(e.params)}`);
        }
      }
      const name = doc.metadata?.name ?? "";
      if (!DNS_SUBDOMAIN.test(name) || name.length > 253) problems.push(`metadata.name "${name}"`);
      return { doc, problems };
    });
}
