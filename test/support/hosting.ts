// SageMaker hosting that moto 5.2.1 lacks, emulated by the proxy (see emulation.ts): endpoint configs of every
// endpoint kind, and inference components. Sources: the botocore model sagemaker/2017-07-24 (cited as [BOTO] with
// the shape or member), the AWS docs linked where used, and ../shared/docs/sagemaker-autoscaling.md (§ numbers).
//
// Endpoint configs (option `hosting`). moto keeps only some of a config: CreateEndpointConfig fails (HTTP 500) for
// a variant without ModelName (an inference-component endpoint, §14), rejects `InstancePools` (heterogeneous
// variants) and every instance type newer than its own list (ml.g5, ml.g6, ml.p4d, ml.inf2 ...), and drops
// ShadowProductionVariants, ExecutionRoleArn, VpcConfig, EnableNetworkIsolation, ExplainerConfig and MetricsConfig.
// The emulator therefore
//   - checks the request against the model (done for every call by emulation.ts) and against the documented rules
//     below, then sends moto a config it accepts (each variant with a model - a hidden placeholder model where the
//     variant has none - and one instance type moto knows) and keeps the request as given;
//   - answers DescribeEndpointConfig with the config as given (ProductionVariants, ShadowProductionVariants,
//     ExecutionRoleArn, ...) over moto's ARN and CreationTime [BOTO DescribeEndpointConfigOutput];
//   - adds to DescribeEndpoint what the model's ProductionVariantSummary carries and moto leaves out:
//     ManagedInstanceScaling, RoutingConfig, InstancePools (InstanceType + CurrentInstanceCount), and the
//     endpoint's ShadowProductionVariants, AsyncInferenceConfig, ExplainerConfig, MetricsConfig
//     [BOTO DescribeEndpointOutput, ProductionVariantSummary, InstancePoolSummary];
//   - trims both replies to the model (moto's `DataCaptureConfig: {}` misses the required members of
//     DataCaptureConfigSummary, so it is dropped: AWS omits it when there is no capture);
//   - hides the placeholder model from ListModels.
// Rules enforced on CreateEndpointConfig:
//   - ShadowProductionVariants: "you can only specify one variant for ProductionVariants and one variant for
//     ShadowProductionVariants" [BOTO CreateEndpointConfigInput.ShadowProductionVariants].
//   - ManagedInstanceScaling only on a variant without ModelName: "ManagedInstanceScaling is only supported for
//     inference component endpoints." (observed AWS message, hashicorp/terraform-provider-aws PR #45926; §5).
//   - A variant has exactly one of InstanceType, InstancePools, ServerlessConfig (UNCONFIRMED for InstanceType
//     together with InstancePools: the model documents pools as the heterogeneous alternative).
//   - Instance pools have distinct priorities (UNCONFIRMED).
//   - ServerlessConfig.ProvisionedConcurrency <= MaxConcurrency (§7, [BOTO ProductionVariantServerlessConfig]).
// InstancePools in DescribeEndpoint: all of the variant's current instances are shown in the pool of the highest
// priority (UNCONFIRMED: AWS fills lower-priority pools only when the first one has no capacity).
//
// Inference components (option `inferenceComponents`), per region, created InService with their copies in place
// (as moto creates endpoints InService; setInferenceComponentState() sets another status or current copy count):
//   CreateInferenceComponent, DescribeInferenceComponent, ListInferenceComponents, DeleteInferenceComponent,
//   UpdateInferenceComponentRuntimeConfig [BOTO, shapes of the same names + Input/Output].
// See the comments on each operation for what is documented and what is UNCONFIRMED.

import { randomUUID } from "node:crypto";
import {
  CreateModelCommand,
  DescribeEndpointCommand,
  type DescribeEndpointCommandOutput,
  DescribeEndpointConfigCommand,
  type DescribeEndpointConfigCommandOutput,
  type SageMakerClient,
} from "@aws-sdk/client-sagemaker";
import type { CallInfo, RenderedResponse } from "./aws-protocol.js";
import { renderError, renderJson } from "./aws-protocol.js";
import { conform, outputToWire } from "./botocore-model.js";
import { MOTO_ACCOUNT_ID } from "./env.js";

/** moto needs a model for every variant; variants without one (IC endpoints) get this hidden one. */
export const PLACEHOLDER_MODEL = "sm-emulator-variant-without-model";
/** An instance type moto 5.2.1 accepts; the real one is kept by the emulator. */
const MOTO_INSTANCE_TYPE = "ml.m5.large";

export type InferenceComponentStatus = "InService" | "Creating" | "Updating" | "Failed" | "Deleting";

export interface InferenceComponentState {
  status?: InferenceComponentStatus | string;
  failureReason?: string | null;
  currentCopyCount?: number;
}

interface StoredConfig {
  input: Record<string, unknown>;
}

interface IcRecord {
  region: string;
  name: string;
  arn: string;
  endpointName: string;
  endpointArn: string;
  variantName: string;
  /** The Specification or Specifications as given. */
  specification?: Record<string, unknown>;
  specifications?: Record<string, unknown>[];
  /** Undefined for an adapter created without RuntimeConfig. */
  desiredCopyCount?: number;
  currentCopyCount?: number;
  status: string;
  failureReason?: string;
  creationTime: number;
  lastModifiedTime: number;
  seq: number;
}

const str = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);
const rec = (v: unknown): Record<string, unknown> | undefined =>
  v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
const recs = (v: unknown): Record<string, unknown>[] =>
  Array.isArray(v) ? (v.map(rec).filter(Boolean) as Record<string, unknown>[]) : [];

function parseBody(body: Buffer): Record<string, unknown> | undefined {
  try {
    return rec(JSON.parse(body.toString("utf8")));
  } catch {
    return undefined;
  }
}

function invalid(call: CallInfo, message: string): RenderedResponse {
  return renderError(call.protocol, 400, "ValidationException", message);
}

export function partitionOf(region: string): string {
  if (region.startsWith("cn-")) return "aws-cn";
  if (region.startsWith("us-gov-")) return "aws-us-gov";
  if (region.startsWith("us-isob-")) return "aws-iso-b";
  if (region.startsWith("us-isof-")) return "aws-iso-f";
  if (region.startsWith("us-iso-")) return "aws-iso";
  if (region.startsWith("eusc-")) return "aws-eusc";
  return "aws";
}

const accountOf = (arn: string | undefined) => /^arn:[^:]+:[^:]*:[^:]*:(\d{12}):/.exec(arn ?? "")?.[1];

/** The documented rules of CreateEndpointConfig beyond the model (see the header); a message or undefined. */
export function endpointConfigProblem(p: Record<string, unknown>): string | undefined {
  const variants = recs(p["ProductionVariants"]);
  const shadows = recs(p["ShadowProductionVariants"]);
  if (shadows.length > 0 && (variants.length !== 1 || shadows.length !== 1)) {
    return "When ShadowProductionVariants is specified, ProductionVariants and ShadowProductionVariants must each contain exactly one variant.";
  }
  const names = [...variants, ...shadows].map((v) => String(v["VariantName"]));
  const dup = names.find((n, i) => names.indexOf(n) !== i);
  if (dup !== undefined) return `The variant name "${dup}" is used by more than one variant.`;
  for (const v of [...variants, ...shadows]) {
    const name = String(v["VariantName"]);
    const kinds = ["InstanceType", "InstancePools", "ServerlessConfig"].filter((k) => v[k] !== undefined);
    if (kinds.length === 0) {
      return `Variant ${name} needs one of InstanceType, InstancePools or ServerlessConfig.`;
    }
    if (kinds.length > 1) return `Variant ${name} may have only one of ${kinds.join(", ")}.`;
    if (v["ManagedInstanceScaling"] !== undefined && v["ModelName"] !== undefined) {
      return "ManagedInstanceScaling is only supported for inference component endpoints.";
    }
    const pools = recs(v["InstancePools"]);
    const priorities = pools.map((pool) => pool["Priority"]);
    if (new Set(priorities).size !== priorities.length) {
      return `The instance pools of variant ${name} must have distinct priorities.`;
    }
    const sls = rec(v["ServerlessConfig"]);
    const pc = sls?.["ProvisionedConcurrency"];
    if (typeof pc === "number" && typeof sls?.["MaxConcurrency"] === "number" && pc > sls["MaxConcurrency"]) {
      return `ProvisionedConcurrency (${pc}) of variant ${name} must not exceed its MaxConcurrency (${sls["MaxConcurrency"]}).`;
    }
    const mis = rec(v["ManagedInstanceScaling"]);
    const lo = mis?.["MinInstanceCount"];
    const hi = mis?.["MaxInstanceCount"];
    if (typeof lo === "number" && typeof hi === "number" && lo > hi) {
      return `ManagedInstanceScaling.MinInstanceCount (${lo}) of variant ${name} must not exceed MaxInstanceCount (${hi}).`;
    }
  }
  return undefined;
}

/** The variant as moto 5.2.1 accepts it. */
function motoVariant(v: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {
    VariantName: v["VariantName"],
    ModelName: v["ModelName"] ?? PLACEHOLDER_MODEL,
  };
  if (v["InitialVariantWeight"] !== undefined) out["InitialVariantWeight"] = v["InitialVariantWeight"];
  if (v["ServerlessConfig"] !== undefined) {
    out["ServerlessConfig"] = v["ServerlessConfig"];
  } else {
    out["InstanceType"] = MOTO_INSTANCE_TYPE;
    if (v["InitialInstanceCount"] !== undefined) out["InitialInstanceCount"] = v["InitialInstanceCount"];
  }
  return out;
}

/** Members of CreateEndpointConfigInput that DescribeEndpointConfigOutput returns as given. */
const CONFIG_ECHO = [
  "ProductionVariants",
  "ShadowProductionVariants",
  "DataCaptureConfig",
  "KmsKeyId",
  "AsyncInferenceConfig",
  "ExplainerConfig",
  "ExecutionRoleArn",
  "VpcConfig",
  "EnableNetworkIsolation",
  "MetricsConfig",
];

function variantSummary(
  v: Record<string, unknown>,
  live: Record<string, unknown> | undefined,
): Record<string, unknown> {
  const out: Record<string, unknown> = { ...(live ?? { VariantName: v["VariantName"] }) };
  if (!live) {
    // A shadow variant (moto has no summary for it): the same fields moto derives for production variants.
    if (v["InitialInstanceCount"] !== undefined) {
      out["CurrentInstanceCount"] = v["InitialInstanceCount"];
      out["DesiredInstanceCount"] = v["InitialInstanceCount"];
    }
    if (v["InitialVariantWeight"] !== undefined) {
      out["CurrentWeight"] = v["InitialVariantWeight"];
      out["DesiredWeight"] = v["InitialVariantWeight"];
    }
    if (v["ServerlessConfig"] !== undefined) {
      out["CurrentServerlessConfig"] = v["ServerlessConfig"];
      out["DesiredServerlessConfig"] = v["ServerlessConfig"];
    }
  }
  if (v["ManagedInstanceScaling"] !== undefined) out["ManagedInstanceScaling"] = v["ManagedInstanceScaling"];
  if (v["RoutingConfig"] !== undefined) out["RoutingConfig"] = v["RoutingConfig"];
  const pools = recs(v["InstancePools"]);
  if (pools.length > 0) {
    const current = typeof out["CurrentInstanceCount"] === "number" ? out["CurrentInstanceCount"] : 0;
    const first = Math.min(...pools.map((p) => Number(p["Priority"])));
    out["InstancePools"] = [...pools]
      .sort((a, b) => Number(a["Priority"]) - Number(b["Priority"]))
      .map((p) => ({
        InstanceType: p["InstanceType"],
        CurrentInstanceCount: Number(p["Priority"]) === first ? current : 0,
      }));
  }
  return out;
}

interface IcDeps {
  /** The emulation's own SageMaker client for the call's region (internal path: overlays applied). */
  sm(call: CallInfo): SageMakerClient;
  /** Deregister the copy-count target of a deleted IC, with the emulation's cascade. */
  deregister(call: CallInfo, resourceId: string): Promise<void>;
}

export class SageMakerHosting {
  private readonly configs = new Map<string, StoredConfig>();
  private readonly ics = new Map<string, IcRecord>();
  private seq = 0;

  constructor(private readonly deps: IcDeps) {}

  // ---------------------------------------------------------------- endpoint configs

  /** CreateEndpointConfig, before moto: a problem to answer, or the body moto accepts. */
  async beforeCreateConfig(
    call: CallInfo,
    p: Record<string, unknown>,
  ): Promise<{ respond?: RenderedResponse; body?: Buffer }> {
    const problem = endpointConfigProblem(p);
    if (problem) return { respond: invalid(call, problem) };
    const variants = recs(p["ProductionVariants"]);
    if (variants.some((v) => v["ModelName"] === undefined)) {
      // moto checks that every variant's model exists; the placeholder stands in for "no model" (IC endpoints).
      await this.deps.sm(call).send(
        new CreateModelCommand({
          ModelName: PLACEHOLDER_MODEL,
          ExecutionRoleArn:
            str(p["ExecutionRoleArn"]) ?? `arn:aws:iam::${MOTO_ACCOUNT_ID}:role/sm-emulator-placeholder`,
          PrimaryContainer: { Image: "sm-emulator/no-model:latest" },
        }),
      );
    }
    const body: Record<string, unknown> = {
      EndpointConfigName: p["EndpointConfigName"],
      ProductionVariants: variants.map(motoVariant),
    };
    for (const k of ["DataCaptureConfig", "Tags", "KmsKeyId", "AsyncInferenceConfig"]) {
      if (p[k] !== undefined) body[k] = p[k];
    }
    return { body: Buffer.from(JSON.stringify(body), "utf8") };
  }

  afterCreateConfig(call: CallInfo, p: Record<string, unknown>): void {
    this.configs.set(`${call.region}|${String(p["EndpointConfigName"])}`, { input: p });
  }

  afterDeleteConfig(call: CallInfo, p: Record<string, unknown>): void {
    this.configs.delete(`${call.region}|${String(p["EndpointConfigName"])}`);
  }

  /** The stored request of a config created through the proxy. */
  configInput(region: string, name: string): Record<string, unknown> | undefined {
    return this.configs.get(`${region}|${name}`)?.input;
  }

  /** Replies of DescribeEndpointConfig, DescribeEndpoint and ListModels (client and internal calls). */
  rewrite(call: CallInfo, resp: RenderedResponse): RenderedResponse {
    if (resp.status < 200 || resp.status >= 300) return resp;
    const op = call.operation;
    if (op !== "DescribeEndpointConfig" && op !== "DescribeEndpoint" && op !== "ListModels") return resp;
    const body = parseBody(resp.body);
    if (!body) return resp;
    let out: Record<string, unknown> = body;
    if (op === "ListModels") {
      const models = recs(body["Models"]);
      if (!models.some((m) => m["ModelName"] === PLACEHOLDER_MODEL)) return resp;
      out = { ...body, Models: models.filter((m) => m["ModelName"] !== PLACEHOLDER_MODEL) };
    } else if (op === "DescribeEndpointConfig") {
      const stored = this.configInput(call.region, String(body["EndpointConfigName"]));
      if (stored) {
        out = { ...body };
        for (const k of CONFIG_ECHO) {
          if (stored[k] !== undefined) out[k] = stored[k];
          else if (k !== "ProductionVariants") delete out[k];
        }
      }
      out = conform("SageMaker", "DescribeEndpointConfigOutput", out) as Record<string, unknown>;
    } else {
      const stored = this.configInput(call.region, String(body["EndpointConfigName"]));
      if (stored) {
        out = { ...body };
        const live = recs(body["ProductionVariants"]);
        const variants = recs(stored["ProductionVariants"]);
        out["ProductionVariants"] = live.map((l) => {
          const v = variants.find((x) => x["VariantName"] === l["VariantName"]);
          return v ? variantSummary(v, l) : l;
        });
        const shadows = recs(stored["ShadowProductionVariants"]);
        if (shadows.length > 0)
          out["ShadowProductionVariants"] = shadows.map((v) => variantSummary(v, undefined));
        for (const k of ["AsyncInferenceConfig", "ExplainerConfig", "MetricsConfig"]) {
          if (stored[k] !== undefined) out[k] = stored[k];
        }
      }
      out = conform("SageMaker", "DescribeEndpointOutput", out) as Record<string, unknown>;
    }
    return { ...resp, body: Buffer.from(JSON.stringify(out), "utf8") };
  }

  // ---------------------------------------------------------------- inference components

  handlesIc(call: CallInfo): boolean {
    return (
      call.service === "SageMaker" &&
      [
        "CreateInferenceComponent",
        "DescribeInferenceComponent",
        "ListInferenceComponents",
        "DeleteInferenceComponent",
        "UpdateInferenceComponentRuntimeConfig",
      ].includes(call.operation)
    );
  }

  /** Answers one of the IC operations (input already checked against the model). */
  async respondIc(call: CallInfo, p: Record<string, unknown>): Promise<RenderedResponse> {
    switch (call.operation) {
      case "CreateInferenceComponent":
        return await this.createIc(call, p);
      case "DescribeInferenceComponent": {
        const ic = this.ic(call.region, String(p["InferenceComponentName"]));
        if (!ic) return this.notFound(call, String(p["InferenceComponentName"]));
        return this.reply(call, this.describeOutput(ic));
      }
      case "ListInferenceComponents":
        return this.listIcs(call, p);
      case "DeleteInferenceComponent":
        return await this.deleteIc(call, String(p["InferenceComponentName"]));
      default:
        return this.updateRuntimeConfig(call, p);
    }
  }

  /** The ICs of a region, for the emulation's checks and cascades. */
  inferenceComponent(region: string, name: string) {
    const ic = this.ic(region, name);
    return ic ? { name: ic.name, endpointName: ic.endpointName, variantName: ic.variantName } : undefined;
  }

  icsOnEndpoint(region: string, endpointName: string): string[] {
    return [...this.ics.values()]
      .filter((ic) => ic.region === region && ic.endpointName === endpointName)
      .map((ic) => ic.name);
  }

  /** Test control: status, failure reason and current copy count of an IC (without region: every region). */
  setState(name: string, state: InferenceComponentState, region?: string): number {
    let n = 0;
    for (const ic of this.ics.values()) {
      if (ic.name !== name || (region !== undefined && ic.region !== region)) continue;
      if (state.status !== undefined) ic.status = state.status;
      if (state.failureReason === null) delete ic.failureReason;
      else if (state.failureReason !== undefined) ic.failureReason = state.failureReason;
      if (state.currentCopyCount !== undefined) ic.currentCopyCount = state.currentCopyCount;
      n += 1;
    }
    return n;
  }

  /** Forget the ICs of an endpoint that was deleted (their targets are deregistered by the caller). */
  dropEndpoint(region: string, endpointName: string): string[] {
    const names = this.icsOnEndpoint(region, endpointName);
    for (const n of names) this.ics.delete(`${region}|${n}`);
    return names;
  }

  private ic(region: string, name: string): IcRecord | undefined {
    return this.ics.get(`${region}|${name}`);
  }

  private icArn(region: string, account: string, name: string): string {
    return `arn:${partitionOf(region)}:sagemaker:${region}:${account}:inference-component/${name}`;
  }

  private notFound(call: CallInfo, name: string): RenderedResponse {
    // UNCONFIRMED wording; SageMaker answers a missing resource with ValidationException "Could not find ..." (§9).
    return invalid(
      call,
      `Could not find inference component "${this.icArn(call.region, MOTO_ACCOUNT_ID, name)}".`,
    );
  }

  private reply(call: CallInfo, value: unknown): RenderedResponse {
    return renderJson(call.protocol, outputToWire("SageMaker", call.operation, value));
  }

  /**
   * CreateInferenceComponent [BOTO CreateInferenceComponentInput]:
   *  - Specification or Specifications, "but not both" [BOTO member docs]; one of them is needed (UNCONFIRMED).
   *  - The endpoint must exist (UNCONFIRMED wording, like DescribeEndpoint's "Could not find endpoint").
   *  - An adapter (Specification.BaseInferenceComponentName) needs an existing base IC [BOTO
   *    InferenceComponentSpecification.BaseInferenceComponentName]; it runs on the base's variant and has no copies
   *    of its own unless RuntimeConfig is given (UNCONFIRMED); the base must be on the same endpoint (UNCONFIRMED).
   *  - Any other IC needs RuntimeConfig.CopyCount (UNCONFIRMED) and a production variant that hosts inference
   *    components, i.e. has no ModelName (§14; UNCONFIRMED that AWS refuses a variant with a model). Without
   *    VariantName, an endpoint with one production variant uses it (UNCONFIRMED).
   *  - A name already used in the region: ValidationException (UNCONFIRMED wording).
   */
  private async createIc(call: CallInfo, p: Record<string, unknown>): Promise<RenderedResponse> {
    const name = String(p["InferenceComponentName"]);
    const endpointName = String(p["EndpointName"]);
    const region = call.region;
    if (this.ic(region, name)) {
      return invalid(
        call,
        `Cannot create already existing inference component "${this.icArn(region, MOTO_ACCOUNT_ID, name)}".`,
      );
    }
    const spec = rec(p["Specification"]);
    const specs = Array.isArray(p["Specifications"]) ? recs(p["Specifications"]) : undefined;
    if (spec && specs) return invalid(call, "Specify either Specification or Specifications, but not both.");
    if (!spec && !specs) return invalid(call, "Specification or Specifications is required.");
    const sm = this.deps.sm(call);
    let endpoint: DescribeEndpointCommandOutput;
    try {
      endpoint = await sm.send(new DescribeEndpointCommand({ EndpointName: endpointName }));
    } catch (e) {
      if ((e as { name?: string }).name === "ValidationException") {
        return invalid(
          call,
          `Could not find endpoint "arn:${partitionOf(region)}:sagemaker:${region}:${MOTO_ACCOUNT_ID}:endpoint/${endpointName}".`,
        );
      }
      throw e;
    }
    const config: DescribeEndpointConfigCommandOutput | undefined = endpoint.EndpointConfigName
      ? await sm.send(new DescribeEndpointConfigCommand({ EndpointConfigName: endpoint.EndpointConfigName }))
      : undefined;
    const baseName = str(spec?.["BaseInferenceComponentName"]);
    let variantName = str(p["VariantName"]);
    const runtime = rec(p["RuntimeConfig"]);
    if (baseName !== undefined) {
      const base = this.ic(region, baseName);
      if (!base) return this.notFound(call, baseName);
      if (base.endpointName !== endpointName) {
        return invalid(
          call,
          `The base inference component ${baseName} is on endpoint ${base.endpointName}, not ${endpointName}.`,
        );
      }
      variantName ??= base.variantName;
    } else {
      if (!runtime) return invalid(call, "RuntimeConfig is required for an inference component.");
      const variants = config?.ProductionVariants ?? [];
      if (variantName === undefined) {
        if (variants.length !== 1) {
          return invalid(
            call,
            `VariantName is required: endpoint ${endpointName} has ${variants.length} production variants.`,
          );
        }
        variantName = variants[0]?.VariantName;
      }
      const variant = variants.find((v) => v.VariantName === variantName);
      if (!variant) {
        return invalid(call, `The variant ${variantName} does not exist on endpoint ${endpointName}.`);
      }
      if (variant.ModelName !== undefined) {
        return invalid(
          call,
          `Variant ${variantName} of endpoint ${endpointName} hosts the model ${variant.ModelName}; inference components need a variant without a model.`,
        );
      }
    }
    const copies = typeof runtime?.["CopyCount"] === "number" ? runtime["CopyCount"] : undefined;
    const account = accountOf(endpoint.EndpointArn) ?? MOTO_ACCOUNT_ID;
    const now = Date.now();
    const record: IcRecord = {
      region,
      name,
      arn: this.icArn(region, account, name),
      endpointName,
      endpointArn: endpoint.EndpointArn ?? "",
      variantName: variantName ?? "",
      status: "InService",
      creationTime: now,
      lastModifiedTime: now,
      seq: this.seq++,
    };
    if (spec) record.specification = spec;
    if (specs) record.specifications = specs;
    if (copies !== undefined) {
      record.desiredCopyCount = copies;
      record.currentCopyCount = copies;
    }
    this.ics.set(`${region}|${name}`, record);
    return this.reply(call, { InferenceComponentArn: record.arn });
  }

  /** [BOTO InferenceComponentSpecificationSummary]: the container as a DeployedImage, the rest as given. */
  private specSummary(spec: Record<string, unknown>, at: number): Record<string, unknown> {
    const out: Record<string, unknown> = { ...spec };
    const container = rec(spec["Container"]);
    if (container) {
      const summary: Record<string, unknown> = {};
      if (container["Image"] !== undefined) {
        // ResolvedImage: AWS resolves the tag to a digest (UNCONFIRMED form); the emulator keeps the image.
        summary["DeployedImage"] = {
          SpecifiedImage: container["Image"],
          ResolvedImage: container["Image"],
          ResolutionTime: new Date(at),
        };
      }
      if (container["ArtifactUrl"] !== undefined) summary["ArtifactUrl"] = container["ArtifactUrl"];
      if (container["Environment"] !== undefined) summary["Environment"] = container["Environment"];
      out["Container"] = summary;
    }
    return out;
  }

  private describeOutput(ic: IcRecord): Record<string, unknown> {
    const out: Record<string, unknown> = {
      InferenceComponentName: ic.name,
      InferenceComponentArn: ic.arn,
      EndpointName: ic.endpointName,
      EndpointArn: ic.endpointArn,
      VariantName: ic.variantName,
      CreationTime: new Date(ic.creationTime),
      LastModifiedTime: new Date(ic.lastModifiedTime),
      InferenceComponentStatus: ic.status,
    };
    if (ic.failureReason !== undefined) out["FailureReason"] = ic.failureReason;
    // "When this parameter [Specifications] is populated, the singular Specification parameter is not returned."
    if (ic.specifications)
      out["Specifications"] = ic.specifications.map((s) => this.specSummary(s, ic.creationTime));
    else if (ic.specification) out["Specification"] = this.specSummary(ic.specification, ic.creationTime);
    if (ic.desiredCopyCount !== undefined) {
      out["RuntimeConfig"] = {
        DesiredCopyCount: ic.desiredCopyCount,
        CurrentCopyCount: ic.currentCopyCount ?? 0,
      };
    }
    return out;
  }

  /**
   * ListInferenceComponents [BOTO ListInferenceComponentsInput]: filters EndpointNameEquals, VariantNameEquals,
   * StatusEquals, NameContains (substring; case-sensitive, UNCONFIRMED), Creation/LastModifiedTime Before/After
   * (exclusive, UNCONFIRMED); SortBy Name | CreationTime | Status, "The default is CreationTime"; SortOrder "The
   * default is Descending"; MaxResults 1-100, "This value defaults to 10"; NextToken from an earlier page. A token
   * this emulator did not issue: ValidationException (UNCONFIRMED wording). Summaries carry every member the model
   * requires, VariantName included (an adapter reports its base's variant, UNCONFIRMED).
   */
  private listIcs(call: CallInfo, p: Record<string, unknown>): RenderedResponse {
    const max = typeof p["MaxResults"] === "number" ? p["MaxResults"] : 10;
    let offset = 0;
    const token = str(p["NextToken"]);
    if (token !== undefined) {
      const decoded = decodeIcToken(token);
      if (decoded === undefined) return invalid(call, "Invalid pagination token.");
      offset = decoded;
    }
    const time = (k: string) => {
      const v = p[k];
      if (v === undefined) return undefined;
      return typeof v === "number" ? v * 1000 : Date.parse(String(v));
    };
    const cb = time("CreationTimeBefore");
    const ca = time("CreationTimeAfter");
    const mb = time("LastModifiedTimeBefore");
    const ma = time("LastModifiedTimeAfter");
    const sortBy = str(p["SortBy"]) ?? "CreationTime";
    const descending = (str(p["SortOrder"]) ?? "Descending") === "Descending";
    const matching = [...this.ics.values()]
      .filter((ic) => ic.region === call.region)
      .filter(
        (ic) =>
          (p["EndpointNameEquals"] === undefined || ic.endpointName === p["EndpointNameEquals"]) &&
          (p["VariantNameEquals"] === undefined || ic.variantName === p["VariantNameEquals"]) &&
          (p["StatusEquals"] === undefined || ic.status === p["StatusEquals"]) &&
          (p["NameContains"] === undefined || ic.name.includes(String(p["NameContains"]))) &&
          (cb === undefined || ic.creationTime < cb) &&
          (ca === undefined || ic.creationTime > ca) &&
          (mb === undefined || ic.lastModifiedTime < mb) &&
          (ma === undefined || ic.lastModifiedTime > ma),
      )
      .sort((a, b) => {
        const key = (ic: IcRecord): string | number =>
          sortBy === "Name" ? ic.name : sortBy === "Status" ? ic.status : ic.creationTime;
        const ka = key(a);
        const kb = key(b);
        const c = ka < kb ? -1 : ka > kb ? 1 : a.seq - b.seq;
        return descending ? -c : c;
      });
    const page = matching.slice(offset, offset + max).map((ic) => ({
      InferenceComponentName: ic.name,
      InferenceComponentArn: ic.arn,
      EndpointName: ic.endpointName,
      EndpointArn: ic.endpointArn,
      VariantName: ic.variantName,
      InferenceComponentStatus: ic.status,
      CreationTime: new Date(ic.creationTime),
      LastModifiedTime: new Date(ic.lastModifiedTime),
    }));
    const out: Record<string, unknown> = { InferenceComponents: page };
    if (offset + max < matching.length) out["NextToken"] = encodeIcToken(offset + max);
    return this.reply(call, out);
  }

  /**
   * DeleteInferenceComponent [BOTO DeleteInferenceComponentInput, no output members]: the IC is gone at once (AWS
   * shows Deleting first; UNCONFIRMED how long). Its adapters go with it (UNCONFIRMED). Its scalable target
   * (inference-component/<name>, DesiredCopyCount) is deregistered with the target's policies, scheduled actions and
   * target-tracking alarms, as DeleteEndpoint does for its variants (§9 "DeleteEndpoint ... AAS silently
   * deregisters the endpoint's targets"; UNCONFIRMED for inference components).
   */
  private async deleteIc(call: CallInfo, name: string): Promise<RenderedResponse> {
    const ic = this.ic(call.region, name);
    if (!ic) return this.notFound(call, name);
    const adapters = [...this.ics.values()].filter(
      (x) => x.region === call.region && str(x.specification?.["BaseInferenceComponentName"]) === name,
    );
    for (const gone of [ic, ...adapters]) {
      this.ics.delete(`${call.region}|${gone.name}`);
      await this.deps.deregister(call, `inference-component/${gone.name}`);
    }
    return renderJson(call.protocol, {});
  }

  /**
   * UpdateInferenceComponentRuntimeConfig [BOTO UpdateInferenceComponentRuntimeConfigInput]: sets the desired copy
   * count; the emulator has the copies in place at once (AWS: Updating until they are, UNCONFIRMED timing). An
   * adapter has no copies of its own (UNCONFIRMED: ValidationException).
   */
  private updateRuntimeConfig(call: CallInfo, p: Record<string, unknown>): RenderedResponse {
    const name = String(p["InferenceComponentName"]);
    const ic = this.ic(call.region, name);
    if (!ic) return this.notFound(call, name);
    if (str(ic.specification?.["BaseInferenceComponentName"]) !== undefined) {
      return invalid(call, `Inference component ${name} is an adapter; its copies are those of its base.`);
    }
    const copies = Number(rec(p["DesiredRuntimeConfig"])?.["CopyCount"]);
    ic.desiredCopyCount = copies;
    ic.currentCopyCount = copies;
    ic.lastModifiedTime = Date.now();
    return this.reply(call, { InferenceComponentArn: ic.arn });
  }
}

const TOKEN_PREFIX = "sm-emulator-ic:";

function encodeIcToken(offset: number): string {
  return Buffer.from(`${TOKEN_PREFIX}${offset}:${randomUUID()}`, "utf8").toString("base64");
}

function decodeIcToken(token: string): number | undefined {
  const m = /^sm-emulator-ic:(\d+):/.exec(Buffer.from(token, "base64").toString("utf8"));
  return m ? Number(m[1]) : undefined;
}
