// AWS behaviour that moto 5.2.1 lacks, emulated by the proxy (see proxy.ts). Each piece can be switched off.
//
//  endpointStatus     setEndpointStatus(): rewrites EndpointStatus in SageMaker ListEndpoints (also honouring
//                     StatusEquals against the rewritten status) and DescribeEndpoint. moto: always InService.
//  scalingActivities  answers AAS DescribeScalingActivities for namespace sagemaker from seeded activities
//                     (moto: HTTP 500). Newest first, ResourceId/ScalableDimension filters, MaxResults 1-50
//                     (default 50), NextToken.
//  alarms             target-tracking alarms: PutScalingPolicy (sagemaker, TargetTrackingScaling) creates
//                     TargetTracking-<ResourceId>-AlarmHigh-<uuid> / -AlarmLow-<uuid> in moto's CloudWatch (state
//                     INSUFFICIENT_DATA; no AlarmLow when DisableScaleIn), returns them in `Alarms`, injects them
//                     into DescribeScalingPolicies; an update re-puts the same alarms with new thresholds;
//                     DeleteScalingPolicy deletes them. moto: no alarms, `Alarms: []`.
//  deregisterCascade  DeregisterScalableTarget also deletes the target's scaling policies, scheduled actions and
//                     alarms; SageMaker DeleteEndpoint deregisters the endpoint's variant targets (with the same
//                     cascade). moto: leaves them all behind.
//  targetChecks       PutScalingPolicy / PutScheduledAction on an unregistered sagemaker target ->
//                     ObjectNotFoundException (moto: succeeds); DeregisterScalableTarget / DeleteScalingPolicy of a
//                     missing object -> ObjectNotFoundException (moto: ValidationException, message kept);
//                     DeleteScheduledAction of a missing action -> ObjectNotFoundException (moto: succeeds).
//  registrationChecks RegisterScalableTarget for endpoint/<ep>/variant/<v> -> ValidationException when the
//                     endpoint or variant does not exist, the variant uses a burstable ml.t* instance, or the
//                     dimension does not fit the variant (DesiredInstanceCount on serverless,
//                     DesiredProvisionedConcurrency on instance-based). moto: accepts anything. The message texts
//                     are the emulator's own (AWS's exact wording is unconfirmed): match on the code.
//
//                     Also for inference-component/<ic> (DesiredCopyCount): ValidationException when the inference
//                     component does not exist, and for a resource id whose type does not fit the dimension
//                     (UNCONFIRMED wording); DesiredProvisionedConcurrency on a serverless variant without
//                     ProvisionedConcurrency: ValidationException (UNCONFIRMED, §7 "The variant must already be
//                     deployed with PC"). Shadow variants can be registered (UNCONFIRMED). MinCapacity 0 is accepted
//                     for every dimension: the API allows it for all three (§5, [BOTO RegisterScalableTarget]).
//
//  modelValidation    every SageMaker, Application Auto Scaling and CloudWatch call in a JSON protocol is checked
//                     against its botocore input shape before anything else (see botocore-model.ts): a bad value gets
//                     AWS's ValidationException ("1 validation error detected: Value '0' at 'maxResults' ..."), a
//                     value of the wrong JSON type a SerializationException. moto checks little of this.
//  hosting            endpoint configs of every kind (inference-component variants without a model, managed
//                     instance scaling, routing, InstancePools, shadow variants, ExecutionRoleArn ...) and what
//                     DescribeEndpoint shows of them; see hosting.ts. moto rejects or drops them.
//  inferenceComponents  moto has no inference components (its replies are HTTP 500 HTML): Create / Describe / List /
//                     Delete InferenceComponent and UpdateInferenceComponentRuntimeConfig are answered from per-region
//                     state (hosting.ts). DeleteInferenceComponent and DeleteEndpoint deregister the copy-count
//                     targets of the inference components they remove (with deregisterCascade; UNCONFIRMED).
//  stablePolicyArns   PutScalingPolicy on an existing policy keeps its PolicyARN and CreationTime: AWS "Creates or
//                     updates" a policy [BOTO PutScalingPolicy], and only a new policy gets a new ARN (UNCONFIRMED
//                     as a documented rule; CloudFormation and Terraform update policies in place under one ARN).
//                     moto 5.2.1 mints a new ARN on every update, which would leave a step policy's alarm pointing
//                     nowhere.
//  stepAlarms         DescribeScalingPolicies fills `Alarms` of a step policy with the CloudWatch alarms whose
//                     actions name the policy's ARN, as the botocore example does (application-autoscaling
//                     examples-1.json, DescribeScalingPolicies: a StepScaling policy with its alarm). Deleting a
//                     policy (DeleteScalingPolicy, or the cascade of DeregisterScalableTarget) "deletes the underlying
//                     alarm action, but does not delete the CloudWatch alarm associated with the scaling policy, even
//                     if it no longer has an associated action" [BOTO DeleteScalingPolicy]: the alarm stays, without
//                     the deleted policy's ARN among its actions. moto: `Alarms: []`, the action stays.
//  alarmState         PutMetricAlarm: "When this operation creates an alarm, the alarm state is immediately set to
//                     INSUFFICIENT_DATA ... When you update an existing alarm, its state is left unchanged"
//                     [BOTO cloudwatch PutMetricAlarm]. moto: OK on every put.
//  serviceQuotas      moto has no Service Quotas: ListServiceQuotas / GetServiceQuota answer from the quotas a
//                     test seeds (setServiceQuotas), input checked against the botocore model; see
//                     service-quotas.ts.
//  aasCompat          the Application Auto Scaling compatibility layer of aas-compat.ts: serverless and
//                     inference-component dimensions moto rejects, exact Describe filters, AWS page sizes and tokens.
//  aasTags            AAS ListTagsForResource (moto: HTTP 500; the AWS provider for Terraform calls it after creating
//                     a target): "Returns all the tags on the specified Application Auto Scaling scalable target"
//                     [BOTO application-autoscaling ListTagsForResource], the ARN being one DescribeScalableTargets
//                     reports (namespace sagemaker; any other ARN: ResourceNotFoundException, "The specified resource
//                     doesn't exist", the model's only error). The tags are those given to RegisterScalableTarget
//                     (its Tags member, which moto drops); TagResource and UntagResource stay unemulated.
//
// The emulation's own AWS calls go through the proxy's /__internal path (not counted), where only the layers of
// compatResponse apply: the AAS compatibility layer, stable policy ARNs, and endpoint configs as given.
//
// State is per proxy, keyed by region (from the request's SigV4 scope); statuses and activities seeded without a
// region apply to every region. It is not reset by moto's reset: call proxy.resetState() too. Inference components
// and the endpoint configs as given are resources, like moto's: proxy.resetState() keeps them (they go with
// DeleteInferenceComponent, DeleteEndpoint, DeleteEndpointConfig); after a moto reset use a new proxy.

import { randomUUID } from "node:crypto";
import {
  ApplicationAutoScalingClient,
  DeleteScalingPolicyCommand,
  DeleteScheduledActionCommand,
  DeregisterScalableTargetCommand,
  DescribeScalableTargetsCommand,
  DescribeScalingPoliciesCommand,
  DescribeScheduledActionsCommand,
  type DescribeScheduledActionsCommandOutput,
  type ScalableDimension,
} from "@aws-sdk/client-application-auto-scaling";
import {
  CloudWatchClient,
  DeleteAlarmsCommand,
  DescribeAlarmsCommand,
  type DescribeAlarmsCommandOutput,
  type MetricAlarm,
  type MetricDataQuery,
  PutMetricAlarmCommand,
  type PutMetricAlarmCommandInput,
  SetAlarmStateCommand,
  type StateValue,
} from "@aws-sdk/client-cloudwatch";
import {
  DescribeEndpointCommand,
  type DescribeEndpointCommandOutput,
  DescribeEndpointConfigCommand,
  SageMakerClient,
} from "@aws-sdk/client-sagemaker";
import {
  type CompatContext,
  checkMaxResults,
  DIM_COPY_COUNT,
  DIM_PROVISIONED_CONCURRENCY,
  decodeToken,
  encodeToken,
  translateRequest,
  translateResponse,
} from "./aas-compat.js";
import { type CallInfo, parseError, type RenderedResponse, renderError, renderJson } from "./aws-protocol.js";
import { hasModel, validateInput } from "./botocore-model.js";
import { MOTO_ACCOUNT_ID } from "./env.js";
import { type InferenceComponentState, SageMakerHosting } from "./hosting.js";
import { emulatorClientConfig } from "./sdk.js";
import { type SeededQuota, ServiceQuotasEmulation } from "./service-quotas.js";

export interface EmulationOptions {
  endpointStatus?: boolean;
  scalingActivities?: boolean;
  alarms?: boolean;
  deregisterCascade?: boolean;
  targetChecks?: boolean;
  registrationChecks?: boolean;
  aasCompat?: boolean;
  modelValidation?: boolean;
  hosting?: boolean;
  inferenceComponents?: boolean;
  stablePolicyArns?: boolean;
  stepAlarms?: boolean;
  alarmState?: boolean;
  serviceQuotas?: boolean;
  aasTags?: boolean;
  /**
   * moto's GetMetricData costs time in proportion to the window asked for (about 8 s for 14 days of 1-minute
   * periods), whatever the data; CloudWatch does not. The proxy remembers the earliest datapoint it forwarded
   * per region and moves StartTime forward to it in whole periods: the same buckets, the same answer, less work.
   */
  metricWindow?: boolean;
}

export type { InferenceComponentState, SeededQuota };

export type EndpointStatus =
  | "OutOfService"
  | "Creating"
  | "Updating"
  | "SystemUpdating"
  | "RollingBack"
  | "InService"
  | "Deleting"
  | "Failed"
  | "UpdateRollbackFailed";

export type ActivityStatusCode =
  | "Pending"
  | "InProgress"
  | "Successful"
  | "Overridden"
  | "Unfulfilled"
  | "Failed";

export interface ScalingActivityInput {
  resourceId: string;
  /** Default sagemaker:variant:DesiredInstanceCount. */
  scalableDimension?: string;
  statusCode: ActivityStatusCode | string;
  description: string;
  /** Default: an AlarmHigh-triggered cause like AWS writes. */
  cause?: string;
  statusMessage?: string;
  /** Date, epoch milliseconds, or ISO string. Default now. */
  startTime?: Date | number | string;
  /** Default startTime + 60 s for finished activities, none for Pending/InProgress. */
  endTime?: Date | number | string;
  details?: string;
  /** Only visible in this region (default: every region). */
  region?: string;
}

export interface ScalingActivity {
  ActivityId: string;
  ServiceNamespace: "sagemaker";
  ResourceId: string;
  ScalableDimension: string;
  Description: string;
  Cause: string;
  /** Epoch seconds (the awsJson wire format). */
  StartTime: number;
  EndTime?: number;
  StatusCode: string;
  StatusMessage?: string;
  Details?: string;
}

export interface EmulatedAlarm {
  AlarmName: string;
  AlarmARN: string;
}

export interface EmulatedPolicyAlarms {
  region: string;
  resourceId: string;
  scalableDimension: string;
  policyName: string;
  policyArn: string;
  alarms: EmulatedAlarm[];
}

export interface PreResult {
  /** Answer with this instead of forwarding. */
  respond?: RenderedResponse;
  /** Forward this body instead of the original. */
  body?: Buffer;
  /** Passed on to post(). */
  ctx?: Record<string, unknown>;
}

interface Upstream {
  response: RenderedResponse;
}

const ANY_REGION = "*";
const TERMINAL = new Set(["Successful", "Overridden", "Unfulfilled", "Failed"]);

function toEpochSeconds(v: Date | number | string | undefined, fallback: number): number {
  if (v === undefined) return fallback;
  const ms = v instanceof Date ? v.getTime() : typeof v === "number" ? v : Date.parse(v);
  return Number.isFinite(ms) ? ms / 1000 : fallback;
}

const str = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);
const rec = (v: unknown): Record<string, unknown> | undefined =>
  v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;

function parseBody(body: Buffer): Record<string, unknown> | undefined {
  try {
    return rec(JSON.parse(body.toString("utf8")));
  } catch {
    return undefined;
  }
}

function withJsonBody(resp: RenderedResponse, value: unknown): RenderedResponse {
  return { ...resp, body: Buffer.from(JSON.stringify(value), "utf8") };
}

function variantOf(resourceId: string): { endpoint: string; variant: string } | undefined {
  const m = /^endpoint\/([^/]+)\/variant\/([^/]+)$/.exec(resourceId);
  return m ? { endpoint: m[1] ?? "", variant: m[2] ?? "" } : undefined;
}

function notRegistered(call: CallInfo, ns: string, resourceId: string, dim: string): RenderedResponse {
  return renderError(
    call.protocol,
    400,
    "ObjectNotFoundException",
    `No scalable target registered for service namespace: ${ns}, resource ID: ${resourceId}, scalable dimension: ${dim}`,
  );
}

const PREDEFINED: Record<string, { metric: string; statistic: string; period: number }> = {
  SageMakerVariantInvocationsPerInstance: { metric: "InvocationsPerInstance", statistic: "Sum", period: 60 },
  SageMakerInferenceComponentInvocationsPerCopy: {
    metric: "InvocationsPerCopy",
    statistic: "Sum",
    period: 60,
  },
  SageMakerVariantProvisionedConcurrencyUtilization: {
    metric: "ServerlessProvisionedConcurrencyUtilization",
    statistic: "Average",
    period: 60,
  },
  SageMakerVariantConcurrentRequestsPerModelHighResolution: {
    metric: "ConcurrentRequestsPerModel",
    statistic: "Average",
    period: 10,
  },
  SageMakerInferenceComponentConcurrentRequestsPerCopyHighResolution: {
    metric: "ConcurrentRequestsPerCopy",
    statistic: "Average",
    period: 10,
  },
};

export class AwsEmulation {
  readonly options: Required<EmulationOptions>;
  private readonly statuses = new Map<string, { status: string; failureReason?: string }>();
  private activities: (ScalingActivity & { region: string; seq: number })[] = [];
  private activitySeq = 0;
  private readonly alarmsByPolicy = new Map<string, EmulatedPolicyAlarms>();
  /** Earliest metric datapoint forwarded, per region, in epoch seconds (see EmulationOptions.metricWindow). */
  private readonly earliestDatapoint = new Map<string, number>();
  private readonly clients = new Map<
    string,
    { aas: ApplicationAutoScalingClient; cw: CloudWatchClient; sm: SageMakerClient }
  >();
  private readonly quotas = new ServiceQuotasEmulation();
  /** Endpoint configs as given and inference components (resources: not forgotten by reset()). */
  private readonly hosting: SageMakerHosting;
  /** Per policy key: the ARN and creation time AWS keeps when a policy is updated (see stablePolicyArns). */
  private readonly policyArns = new Map<string, { motoArn: string; arn: string; creationTime: number }>();
  /** The tags given to RegisterScalableTarget, by the target's ARN (see aasTags). */
  private readonly targetTags = new Map<string, Record<string, string>>();
  /** Errors swallowed inside emulation hooks (the proxy then falls back to plain forwarding). */
  readonly errors: string[] = [];

  /** @param internalUrl where the emulation sends its own AWS calls (the proxy's /__internal path). */
  constructor(
    private readonly internalUrl: string,
    options: EmulationOptions = {},
  ) {
    this.options = {
      endpointStatus: options.endpointStatus ?? true,
      scalingActivities: options.scalingActivities ?? true,
      alarms: options.alarms ?? true,
      deregisterCascade: options.deregisterCascade ?? true,
      targetChecks: options.targetChecks ?? true,
      registrationChecks: options.registrationChecks ?? true,
      aasCompat: options.aasCompat ?? true,
      modelValidation: options.modelValidation ?? true,
      hosting: options.hosting ?? true,
      inferenceComponents: options.inferenceComponents ?? true,
      stablePolicyArns: options.stablePolicyArns ?? true,
      stepAlarms: options.stepAlarms ?? true,
      alarmState: options.alarmState ?? true,
      serviceQuotas: options.serviceQuotas ?? true,
      aasTags: options.aasTags ?? true,
      metricWindow: options.metricWindow ?? true,
    };
    this.hosting = new SageMakerHosting({
      sm: (call) => this.client(call).sm,
      deregister: (call, resourceId) => this.deregisterIfRegistered(call, resourceId, DIM_COPY_COUNT),
    });
  }

  // ---------------------------------------------------------------- metric window

  private rememberEarliestDatapoint(call: CallInfo): void {
    const data = call.params?.["MetricData"];
    if (!Array.isArray(data)) return;
    for (const datum of data) {
      const t = epochSeconds((datum as { Timestamp?: unknown }).Timestamp);
      if (t === undefined) continue;
      const known = this.earliestDatapoint.get(call.region);
      if (known === undefined || t < known) this.earliestDatapoint.set(call.region, t);
    }
  }

  /** The GetMetricData request with StartTime moved forward by whole periods, or undefined to leave it. */
  private narrowMetricWindow(call: CallInfo): Record<string, unknown> | undefined {
    const p = call.params;
    const start = epochSeconds(p?.["StartTime"]);
    const queries = p?.["MetricDataQueries"];
    if (!p || !call.protocol.startsWith("json") || start === undefined || !Array.isArray(queries))
      return undefined;
    const periods = new Set(
      queries.map((q) => (q as { MetricStat?: { Period?: unknown } }).MetricStat?.Period),
    );
    const [period] = [...periods];
    if (periods.size !== 1 || typeof period !== "number" || period <= 0) return undefined;
    // Data may have reached moto another way: without a datapoint seen here, leave the request alone.
    const earliest = this.earliestDatapoint.get(call.region);
    if (earliest === undefined || earliest <= start) return undefined;
    const newStart = start + Math.floor((earliest - start) / period) * period;
    if (newStart <= start) return undefined;
    return { ...p, StartTime: newStart };
  }

  // ---------------------------------------------------------------- state API

  setEndpointStatus(
    endpointName: string,
    status: EndpointStatus | string | null,
    region?: string,
    failureReason?: string,
  ) {
    const key = `${region ?? ANY_REGION}|${endpointName}`;
    if (status === null || status === undefined) this.statuses.delete(key);
    else this.statuses.set(key, failureReason === undefined ? { status } : { status, failureReason });
  }

  addScalingActivity(input: ScalingActivityInput): ScalingActivity {
    const now = Date.now() / 1000;
    const start = toEpochSeconds(input.startTime, now);
    const end =
      input.endTime !== undefined || TERMINAL.has(input.statusCode)
        ? toEpochSeconds(input.endTime, start + 60)
        : undefined;
    const activity: ScalingActivity = {
      ActivityId: randomUUID(),
      ServiceNamespace: "sagemaker",
      ResourceId: input.resourceId,
      ScalableDimension: input.scalableDimension ?? "sagemaker:variant:DesiredInstanceCount",
      Description: input.description,
      Cause:
        input.cause ??
        `At ${new Date(start * 1000).toISOString().replace(/\.\d+Z$/, "Z")} a monitor alarm TargetTracking-${input.resourceId}-AlarmHigh-${randomUUID()} in state ALARM triggered policy SageMakerEndpointInvocationScalingPolicy changing the desired capacity.`,
      StartTime: start,
      StatusCode: input.statusCode,
    };
    if (end !== undefined) activity.EndTime = end;
    if (input.statusMessage !== undefined) activity.StatusMessage = input.statusMessage;
    else if (input.statusCode === "Successful") {
      activity.StatusMessage = "Successfully set desired instance count.";
    }
    if (input.details !== undefined) activity.Details = input.details;
    this.activities.push({ ...activity, region: input.region ?? ANY_REGION, seq: this.activitySeq++ });
    return activity;
  }

  clearScalingActivities(): void {
    this.activities = [];
  }

  /** The Service Quotas a region (default: every region without its own) lists. */
  setServiceQuotas(quotas: SeededQuota[], region?: string): void {
    this.quotas.set(quotas, region);
  }

  /** The alarms the emulator created for each live target-tracking policy. */
  emulatedAlarms(): EmulatedPolicyAlarms[] {
    return [...this.alarmsByPolicy.values()].map((p) => ({ ...p, alarms: p.alarms.map((a) => ({ ...a })) }));
  }

  /** Test control: an inference component's status, failure reason or current copies; the number changed. */
  setInferenceComponentState(name: string, state: InferenceComponentState, region?: string): number {
    return this.hosting.setState(name, state, region);
  }

  /**
   * Forget statuses, activities and alarm bookkeeping (does not touch moto). Inference components and endpoint
   * configs are resources, like moto's: they stay until deleted.
   */
  reset(): void {
    this.statuses.clear();
    this.activities = [];
    this.alarmsByPolicy.clear();
    this.quotas.clear();
  }

  close(): void {
    for (const c of this.clients.values()) {
      c.aas.destroy();
      c.cw.destroy();
      c.sm.destroy();
    }
    this.clients.clear();
  }

  // ---------------------------------------------------------------- hooks

  /** The AAS compatibility layer, request side (see aas-compat.ts). */
  compatRequest(
    call: CallInfo,
  ): { body?: Buffer; respond?: RenderedResponse; ctx: CompatContext } | undefined {
    return this.options.aasCompat ? translateRequest(call) : undefined;
  }

  /**
   * The response side of the layers that apply to the emulation's own calls too: the AAS compatibility layer, AWS's
   * stable policy ARNs, and the endpoint configs as given (hosting.ts).
   */
  compatResponse(call: CallInfo, resp: RenderedResponse, ctx: CompatContext | undefined): RenderedResponse {
    let out = this.options.aasCompat && ctx ? translateResponse(call, resp, ctx) : resp;
    if (
      this.options.stablePolicyArns &&
      call.service === "ApplicationAutoScaling" &&
      call.operation === "DescribeScalingPolicies"
    ) {
      out = this.stableArns(call, out);
    }
    if (this.options.hosting && call.service === "SageMaker") out = this.hosting.rewrite(call, out);
    return out;
  }

  /** Before forwarding. Throwing is allowed: the proxy then forwards unchanged. */
  async pre(call: CallInfo): Promise<PreResult | undefined> {
    const p = call.params ?? {};
    const op = `${call.service}.${call.operation}`;
    const o = this.options;
    const ns = str(p["ServiceNamespace"]);

    if (o.modelValidation && hasModel(call.service) && call.service !== "ServiceQuotas") {
      if (call.protocol === "json1.0" || call.protocol === "json1.1") {
        const problem = validateInput(call.service, call.operation, call.params);
        if (problem) return { respond: renderError(call.protocol, 400, problem.code, problem.message) };
      }
    }
    if (o.inferenceComponents && this.hosting.handlesIc(call)) {
      return { respond: await this.hosting.respondIc(call, p) };
    }
    if (op === "SageMaker.CreateEndpointConfig" && o.hosting) {
      const r = await this.hosting.beforeCreateConfig(call, p);
      if (r.respond) return { respond: r.respond };
      return r.body ? { body: r.body } : undefined;
    }
    if (op === "CloudWatch.PutMetricAlarm" && o.alarmState) {
      const name = str(p["AlarmName"]);
      if (!name) return undefined;
      const out = await this.client(call).cw.send(new DescribeAlarmsCommand({ AlarmNames: [name] }));
      const was = out.MetricAlarms?.find((a) => a.AlarmName === name);
      return {
        ctx: {
          alarm: was ? { existed: true, state: was.StateValue, reason: was.StateReason } : { existed: false },
        },
      };
    }

    if (
      op === "SageMaker.ListEndpoints" &&
      o.endpointStatus &&
      str(p["StatusEquals"]) &&
      this.hasStatuses(call)
    ) {
      const { StatusEquals, ...rest } = p;
      return { body: Buffer.from(JSON.stringify(rest), "utf8"), ctx: { statusEquals: StatusEquals } };
    }
    if (op === "CloudWatch.PutMetricData" && o.metricWindow) {
      this.rememberEarliestDatapoint(call);
      return undefined;
    }
    if (op === "CloudWatch.GetMetricData" && o.metricWindow) {
      const narrowed = this.narrowMetricWindow(call);
      if (narrowed) return { body: Buffer.from(JSON.stringify(narrowed), "utf8") };
      return undefined;
    }
    if (o.serviceQuotas && this.quotas.handles(call)) return { respond: this.quotas.respond(call) };
    if (op === "ApplicationAutoScaling.ListTagsForResource" && o.aasTags) {
      return { respond: await this.listTargetTags(call, str(p["ResourceARN"]) ?? "") };
    }
    if (
      op === "ApplicationAutoScaling.DescribeScalingActivities" &&
      o.scalingActivities &&
      ns === "sagemaker"
    ) {
      return { respond: this.describeActivities(call, p) };
    }
    if (ns !== "sagemaker") return undefined;
    const resourceId = str(p["ResourceId"]) ?? "";
    const dim = str(p["ScalableDimension"]) ?? "";

    if (
      o.targetChecks &&
      (op === "ApplicationAutoScaling.PutScalingPolicy" || op === "ApplicationAutoScaling.PutScheduledAction")
    ) {
      if (!(await this.targetExists(call, ns, resourceId, dim))) {
        return { respond: notRegistered(call, ns, resourceId, dim) };
      }
    }
    if (
      op === "ApplicationAutoScaling.PutScalingPolicy" ||
      op === "ApplicationAutoScaling.DeleteScalingPolicy"
    ) {
      // The policy as it is now (its ARN as AWS keeps it): for stablePolicyArns and stepAlarms in post().
      if (o.stablePolicyArns || o.stepAlarms) {
        const now = await this.findPolicy(call, resourceId, dim, str(p["PolicyName"]) ?? "");
        return now ? { ctx: { policy: now } } : undefined;
      }
    }
    if (o.targetChecks && op === "ApplicationAutoScaling.DeleteScheduledAction") {
      const name = str(p["ScheduledActionName"]) ?? "";
      const { aas } = this.client(call);
      const out = await aas.send(
        new DescribeScheduledActionsCommand({
          ServiceNamespace: ns,
          ResourceId: resourceId,
          ScalableDimension: dim as ScalableDimension,
          ScheduledActionNames: [name],
        }),
      );
      const found = (out.ScheduledActions ?? []).some(
        (a) => a.ScheduledActionName === name && a.ResourceId === resourceId && a.ScalableDimension === dim,
      );
      if (!found) {
        return {
          respond: renderError(
            call.protocol,
            400,
            "ObjectNotFoundException",
            `No scheduled action found for service namespace: ${ns}, resource ID: ${resourceId}, scalable dimension: ${dim}, scheduled action name: ${name}`,
          ),
        };
      }
    }
    if (o.registrationChecks && op === "ApplicationAutoScaling.RegisterScalableTarget") {
      const problem = await this.registrationProblem(call, resourceId, dim);
      if (problem) return { respond: renderError(call.protocol, 400, "ValidationException", problem) };
    }
    return undefined;
  }

  /** After a response came back from moto. Throwing is allowed: the proxy then returns moto's response. */
  async post(
    call: CallInfo,
    up: Upstream,
    ctx: Record<string, unknown> | undefined,
  ): Promise<RenderedResponse> {
    const resp = up.response;
    const p = call.params ?? {};
    const op = `${call.service}.${call.operation}`;
    const o = this.options;
    const ok = resp.status >= 200 && resp.status < 300;
    const ns = str(p["ServiceNamespace"]);

    if (op === "SageMaker.ListEndpoints" && o.endpointStatus && ok) return this.rewriteList(call, resp, ctx);
    if (op === "SageMaker.DescribeEndpoint" && o.endpointStatus && ok)
      return this.rewriteDescribe(call, resp);
    if (op === "SageMaker.DeleteEndpoint" && o.deregisterCascade && ok) {
      await this.deleteEndpointCascade(call, str(p["EndpointName"]) ?? "");
      return resp;
    }
    if (op === "SageMaker.CreateEndpointConfig" && o.hosting && ok) {
      this.hosting.afterCreateConfig(call, p);
      return resp;
    }
    if (op === "SageMaker.DeleteEndpointConfig" && o.hosting && ok) {
      this.hosting.afterDeleteConfig(call, p);
      return resp;
    }
    if (op === "CloudWatch.PutMetricAlarm" && o.alarmState && ok) {
      const was = rec(ctx?.["alarm"]);
      const name = str(p["AlarmName"]);
      if (was && name) {
        await this.client(call).cw.send(
          new SetAlarmStateCommand(
            was["existed"]
              ? {
                  AlarmName: name,
                  StateValue: (str(was["state"]) ?? "INSUFFICIENT_DATA") as StateValue,
                  StateReason: str(was["reason"]) ?? "Unchanged by the update",
                }
              : {
                  AlarmName: name,
                  StateValue: "INSUFFICIENT_DATA",
                  StateReason: "Unchecked: Initial alarm creation",
                },
          ),
        );
      }
      return resp;
    }
    if (call.service !== "ApplicationAutoScaling") return resp;

    if (!ok && o.targetChecks) {
      const err = parseError(resp.status, resp.body);
      if (
        err?.code === "ValidationException" &&
        ((call.operation === "DeregisterScalableTarget" && /no scalable target found/i.test(err.message)) ||
          (call.operation === "DeleteScalingPolicy" && /no scaling policy found/i.test(err.message)))
      ) {
        return renderError(call.protocol, 400, "ObjectNotFoundException", err.message);
      }
    }
    if (op === "ApplicationAutoScaling.RegisterScalableTarget" && o.aasTags && ok && rec(p["Tags"])) {
      const arn = str(parseBody(resp.body)?.["ScalableTargetARN"]);
      if (arn) this.targetTags.set(arn, { ...(rec(p["Tags"]) as Record<string, string>) });
    }
    if (!ok || ns !== "sagemaker") return resp;
    const resourceId = str(p["ResourceId"]) ?? "";
    const dim = str(p["ScalableDimension"]) ?? "";

    if (call.operation === "PutScalingPolicy") {
      const stable = o.stablePolicyArns ? this.keepPolicyArn(call, p, resp, rec(ctx?.["policy"])) : resp;
      return o.alarms ? this.onPutPolicy(call, p, stable) : stable;
    }
    if (call.operation === "DescribeScalingPolicies") {
      const withTt = o.alarms ? this.injectAlarms(call, resp) : resp;
      return o.stepAlarms ? await this.injectStepAlarms(call, withTt) : withTt;
    }
    if (call.operation === "DeleteScalingPolicy") {
      const key = this.policyKey(call.region, resourceId, dim, str(p["PolicyName"]) ?? "");
      this.policyArns.delete(key);
      if (o.alarms) await this.dropAlarms(call, key);
      const arn = str(rec(ctx?.["policy"])?.["PolicyARN"]);
      if (o.stepAlarms && arn) await this.stripAlarmActions(call, [arn]);
      return resp;
    }
    if (call.operation === "DeregisterScalableTarget" && o.deregisterCascade) {
      await this.cascade(call, ns, resourceId, dim);
      return resp;
    }
    return resp;
  }

  // ---------------------------------------------------------------- internals

  /** ListTagsForResource: the tags of a scalable target that exists (see aasTags). */
  private async listTargetTags(call: CallInfo, arn: string): Promise<RenderedResponse> {
    const { aas } = this.client(call);
    let token: string | undefined;
    do {
      const page = await aas.send(
        new DescribeScalableTargetsCommand({ ServiceNamespace: "sagemaker", NextToken: token }),
      );
      if ((page.ScalableTargets ?? []).some((t) => t.ScalableTargetARN === arn)) {
        return renderJson(call.protocol, { Tags: this.targetTags.get(arn) ?? {} });
      }
      token = page.NextToken;
    } while (token);
    return renderError(
      call.protocol,
      400,
      "ResourceNotFoundException",
      "The specified resource doesn't exist.",
    );
  }

  private client(call: Pick<CallInfo, "region" | "accessKeyId">) {
    const region = call.region || "us-east-1";
    const key = `${region}|${call.accessKeyId}`;
    let c = this.clients.get(key);
    if (!c) {
      const cfg = emulatorClientConfig(this.internalUrl, region, {
        accessKeyId: call.accessKeyId,
        maxAttempts: 2,
      });
      c = {
        aas: new ApplicationAutoScalingClient(cfg),
        cw: new CloudWatchClient(cfg),
        sm: new SageMakerClient(cfg),
      };
      this.clients.set(key, c);
    }
    return c;
  }

  private statusFor(region: string, endpointName: string) {
    return (
      this.statuses.get(`${region}|${endpointName}`) ?? this.statuses.get(`${ANY_REGION}|${endpointName}`)
    );
  }

  private hasStatuses(call: CallInfo): boolean {
    for (const k of this.statuses.keys()) {
      if (k.startsWith(`${call.region}|`) || k.startsWith(`${ANY_REGION}|`)) return true;
    }
    return false;
  }

  private rewriteList(call: CallInfo, resp: RenderedResponse, ctx: Record<string, unknown> | undefined) {
    const body = parseBody(resp.body);
    const endpoints = body?.["Endpoints"];
    if (!body || !Array.isArray(endpoints)) return resp;
    let changed = false;
    for (const e of endpoints) {
      const r = rec(e);
      const s = r && this.statusFor(call.region, String(r["EndpointName"]));
      if (r && s) {
        r["EndpointStatus"] = s.status;
        changed = true;
      }
    }
    const want = str(ctx?.["statusEquals"]);
    if (want) {
      body["Endpoints"] = endpoints.filter((e) => rec(e)?.["EndpointStatus"] === want);
      changed = true;
    }
    return changed ? withJsonBody(resp, body) : resp;
  }

  private rewriteDescribe(call: CallInfo, resp: RenderedResponse) {
    const body = parseBody(resp.body);
    if (!body) return resp;
    const s = this.statusFor(call.region, String(body["EndpointName"]));
    if (!s) return resp;
    body["EndpointStatus"] = s.status;
    if (s.failureReason !== undefined) body["FailureReason"] = s.failureReason;
    return withJsonBody(resp, body);
  }

  private describeActivities(call: CallInfo, p: Record<string, unknown>): RenderedResponse {
    const max = checkMaxResults(call, p["MaxResults"], 50);
    if (typeof max !== "number") return max;
    const resourceId = str(p["ResourceId"]);
    const dim = str(p["ScalableDimension"]);
    let offset = 0;
    const token = str(p["NextToken"]);
    if (token !== undefined) {
      const o = decodeToken(token);
      if (o === undefined)
        return renderError(call.protocol, 400, "InvalidNextTokenException", "Invalid token");
      offset = o;
    }
    const matching = this.activities
      .filter((a) => a.region === ANY_REGION || a.region === call.region)
      .filter(
        (a) =>
          (resourceId === undefined || a.ResourceId === resourceId) &&
          (dim === undefined || a.ScalableDimension === dim),
      )
      .sort((a, b) => b.StartTime - a.StartTime || b.seq - a.seq);
    const page = matching.slice(offset, offset + max).map(({ region: _r, seq: _s, ...a }) => a);
    const out: Record<string, unknown> = { ScalingActivities: page };
    if (offset + max < matching.length) out["NextToken"] = encodeToken(offset + max);
    return renderJson(call.protocol, out);
  }

  private async targetExists(call: CallInfo, ns: string, resourceId: string, dim: string): Promise<boolean> {
    const { aas } = this.client(call);
    const out = await aas.send(
      new DescribeScalableTargetsCommand({
        ServiceNamespace: ns as "sagemaker",
        ResourceIds: [resourceId],
        ScalableDimension: dim as ScalableDimension,
      }),
    );
    return (out.ScalableTargets ?? []).some(
      (t) => t.ResourceId === resourceId && t.ScalableDimension === dim,
    );
  }

  private async registrationProblem(
    call: CallInfo,
    resourceId: string,
    dim: string,
  ): Promise<string | undefined> {
    const icName = /^inference-component\/(.+)$/.exec(resourceId)?.[1];
    if (icName !== undefined || dim === DIM_COPY_COUNT) {
      // The resource type must fit the dimension [BOTO RegisterScalableTarget ResourceId / ScalableDimension].
      if (icName === undefined || dim !== DIM_COPY_COUNT) {
        return `Unsupported service namespace, resource type or scalable dimension: resource ${resourceId} with ${dim}.`;
      }
      if (this.options.inferenceComponents && !this.hosting.inferenceComponent(call.region, icName)) {
        return `Inference component ${icName} does not exist (resource ${resourceId}).`;
      }
      return undefined;
    }
    const v = variantOf(resourceId);
    if (!v) return undefined;
    const { sm } = this.client(call);
    let endpoint: DescribeEndpointCommandOutput;
    try {
      endpoint = await sm.send(new DescribeEndpointCommand({ EndpointName: v.endpoint }));
    } catch (e) {
      if ((e as { name?: string }).name === "ValidationException") {
        return `Endpoint ${v.endpoint} does not exist or is not in a valid state for resource ${resourceId}.`;
      }
      throw e;
    }
    const config = endpoint.EndpointConfigName
      ? await sm.send(new DescribeEndpointConfigCommand({ EndpointConfigName: endpoint.EndpointConfigName }))
      : undefined;
    // Shadow variants are variants of the endpoint too (UNCONFIRMED that AWS lets them be registered).
    const cfgVariant = [
      ...(config?.ProductionVariants ?? []),
      ...(config?.ShadowProductionVariants ?? []),
    ].find((pv) => pv.VariantName === v.variant);
    const liveVariant = [
      ...(endpoint.ProductionVariants ?? []),
      ...(endpoint.ShadowProductionVariants ?? []),
    ].find((pv) => pv.VariantName === v.variant);
    if (!cfgVariant && !liveVariant) {
      return `The variant ${v.variant} does not exist for endpoint ${v.endpoint} (resource ${resourceId}).`;
    }
    // Burstable instances cannot be auto scaled (§9, [SM-CONSOLE]); for instance pools UNCONFIRMED.
    const instanceType = [
      cfgVariant?.InstanceType,
      ...(cfgVariant?.InstancePools ?? []).map((x) => x.InstanceType),
    ]
      .filter((t): t is NonNullable<typeof t> => t !== undefined)
      .find((t) => t.startsWith("ml.t"));
    if (instanceType) {
      return `The instance type ${instanceType} of variant ${v.variant} on endpoint ${v.endpoint} is burstable and does not support automatic scaling.`;
    }
    const serverless = cfgVariant?.ServerlessConfig !== undefined;
    if (
      dim === DIM_PROVISIONED_CONCURRENCY &&
      serverless &&
      cfgVariant?.ServerlessConfig?.ProvisionedConcurrency === undefined
    ) {
      return `Variant ${v.variant} on endpoint ${v.endpoint} is serverless without provisioned concurrency; there is no provisioned concurrency to scale (resource ${resourceId}).`;
    }
    if (dim === "sagemaker:variant:DesiredInstanceCount" && serverless) {
      return `Variant ${v.variant} on endpoint ${v.endpoint} is serverless; use scalable dimension sagemaker:variant:DesiredProvisionedConcurrency.`;
    }
    if (dim === "sagemaker:variant:DesiredProvisionedConcurrency" && cfgVariant && !serverless) {
      return `Variant ${v.variant} on endpoint ${v.endpoint} is not a serverless variant; sagemaker:variant:DesiredProvisionedConcurrency applies only to serverless provisioned concurrency.`;
    }
    return undefined;
  }

  private policyKey(region: string, resourceId: string, dim: string, name: string): string {
    return JSON.stringify([region, resourceId, dim, name]);
  }

  private async onPutPolicy(call: CallInfo, p: Record<string, unknown>, resp: RenderedResponse) {
    const body = parseBody(resp.body);
    if (!body) return resp;
    const resourceId = str(p["ResourceId"]) ?? "";
    const dim = str(p["ScalableDimension"]) ?? "";
    const name = str(p["PolicyName"]) ?? "";
    const key = this.policyKey(call.region, resourceId, dim, name);
    const existing = this.alarmsByPolicy.get(key);
    const type = str(p["PolicyType"]) ?? "StepScaling";
    if (type !== "TargetTrackingScaling") {
      if (existing) await this.dropAlarms(call, key);
      return resp;
    }
    const config = rec(p["TargetTrackingScalingPolicyConfiguration"]) ?? {};
    const policyArn = str(body["PolicyARN"]) ?? existing?.policyArn ?? "";
    const account = /^arn:[^:]+:[^:]*:[^:]*:(\d{12}):/.exec(policyArn)?.[1] ?? MOTO_ACCOUNT_ID;
    const region = call.region || "us-east-1";
    const specs = alarmSpecs(
      resourceId,
      config,
      policyArn,
      existing?.alarms.map((a) => a.AlarmName),
    );
    const { cw } = this.client(call);
    for (const spec of specs) await cw.send(new PutMetricAlarmCommand(spec));
    const prevNames = new Set(existing?.alarms.map((a) => a.AlarmName));
    for (const spec of specs) {
      if (!prevNames.has(spec.AlarmName ?? "")) {
        await cw.send(
          new SetAlarmStateCommand({
            AlarmName: spec.AlarmName,
            StateValue: "INSUFFICIENT_DATA",
            StateReason: "Unchecked: Initial alarm creation",
          }),
        );
      }
    }
    // An update that turned DisableScaleIn on drops the AlarmLow.
    const stale = [...prevNames].filter((n) => !specs.some((s) => s.AlarmName === n));
    if (stale.length > 0) await cw.send(new DeleteAlarmsCommand({ AlarmNames: stale }));
    const alarms = specs.map((s) => ({
      AlarmName: s.AlarmName ?? "",
      AlarmARN: `arn:aws:cloudwatch:${region}:${account}:alarm:${s.AlarmName}`,
    }));
    this.alarmsByPolicy.set(key, {
      region: call.region,
      resourceId,
      scalableDimension: dim,
      policyName: name,
      policyArn,
      alarms,
    });
    body["Alarms"] = alarms;
    return withJsonBody(resp, body);
  }

  private injectAlarms(call: CallInfo, resp: RenderedResponse) {
    const body = parseBody(resp.body);
    const policies = body?.["ScalingPolicies"];
    if (!body || !Array.isArray(policies)) return resp;
    let changed = false;
    for (const pol of policies) {
      const r = rec(pol);
      if (!r) continue;
      const key = this.policyKey(
        call.region,
        String(r["ResourceId"]),
        String(r["ScalableDimension"]),
        String(r["PolicyName"]),
      );
      const known = this.alarmsByPolicy.get(key);
      if (known && r["PolicyType"] === "TargetTrackingScaling") {
        r["Alarms"] = known.alarms.map((a) => ({ ...a }));
        changed = true;
      }
    }
    return changed ? withJsonBody(resp, body) : resp;
  }

  private async dropAlarms(call: CallInfo, key: string) {
    const known = this.alarmsByPolicy.get(key);
    if (!known) return;
    this.alarmsByPolicy.delete(key);
    if (known.alarms.length > 0) {
      await this.client(call).cw.send(
        new DeleteAlarmsCommand({ AlarmNames: known.alarms.map((a) => a.AlarmName) }),
      );
    }
  }

  private async cascade(call: CallInfo, ns: string, resourceId: string, dim: string) {
    const { aas } = this.client(call);
    const policyNames: string[] = [];
    const policyArns: string[] = [];
    let token: string | undefined;
    do {
      const out = await aas.send(
        new DescribeScalingPoliciesCommand({
          ServiceNamespace: ns as "sagemaker",
          ResourceId: resourceId,
          ScalableDimension: dim as ScalableDimension,
          MaxResults: 10,
          NextToken: token,
        }),
      );
      for (const pol of out.ScalingPolicies ?? []) {
        if (pol.ResourceId === resourceId && pol.ScalableDimension === dim && pol.PolicyName) {
          policyNames.push(pol.PolicyName);
          if (pol.PolicyARN) policyArns.push(pol.PolicyARN);
        }
      }
      token = out.NextToken;
    } while (token);
    for (const name of policyNames) {
      this.policyArns.delete(this.policyKey(call.region, resourceId, dim, name));
      await aas.send(
        new DeleteScalingPolicyCommand({
          ServiceNamespace: ns as "sagemaker",
          ResourceId: resourceId,
          ScalableDimension: dim as ScalableDimension,
          PolicyName: name,
        }),
      );
    }
    const actionNames: string[] = [];
    token = undefined;
    do {
      const out: DescribeScheduledActionsCommandOutput = await aas.send(
        new DescribeScheduledActionsCommand({
          ServiceNamespace: ns as "sagemaker",
          ResourceId: resourceId,
          ScalableDimension: dim as ScalableDimension,
          MaxResults: 50,
          NextToken: token,
        }),
      );
      for (const a of out.ScheduledActions ?? []) {
        if (a.ResourceId === resourceId && a.ScalableDimension === dim && a.ScheduledActionName) {
          actionNames.push(a.ScheduledActionName);
        }
      }
      token = out.NextToken;
    } while (token);
    for (const name of actionNames) {
      await aas.send(
        new DeleteScheduledActionCommand({
          ServiceNamespace: ns as "sagemaker",
          ResourceId: resourceId,
          ScalableDimension: dim as ScalableDimension,
          ScheduledActionName: name,
        }),
      );
    }
    for (const [key, v] of [...this.alarmsByPolicy]) {
      if (v.region === call.region && v.resourceId === resourceId && v.scalableDimension === dim) {
        await this.dropAlarms(call, key);
      }
    }
    if (this.options.stepAlarms && policyArns.length > 0) await this.stripAlarmActions(call, policyArns);
  }

  /** Deregister a target with its cascade, if it is registered (DeleteInferenceComponent, DeleteEndpoint). */
  private async deregisterIfRegistered(call: CallInfo, resourceId: string, dim: string): Promise<void> {
    if (!this.options.deregisterCascade) return;
    if (!(await this.targetExists(call, "sagemaker", resourceId, dim))) return;
    await this.client(call).aas.send(
      new DeregisterScalableTargetCommand({
        ServiceNamespace: "sagemaker",
        ResourceId: resourceId,
        ScalableDimension: dim as ScalableDimension,
      }),
    );
    await this.cascade(call, "sagemaker", resourceId, dim);
  }

  /** The policy as AWS shows it now (stable ARN), or undefined. */
  private async findPolicy(
    call: CallInfo,
    resourceId: string,
    dim: string,
    name: string,
  ): Promise<{ PolicyARN: string; CreationTime: number } | undefined> {
    const out = await this.client(call).aas.send(
      new DescribeScalingPoliciesCommand({
        ServiceNamespace: "sagemaker",
        ResourceId: resourceId,
        ScalableDimension: dim as ScalableDimension,
        PolicyNames: [name],
      }),
    );
    const pol = out.ScalingPolicies?.find(
      (x) => x.PolicyName === name && x.ResourceId === resourceId && x.ScalableDimension === dim,
    );
    if (!pol?.PolicyARN) return undefined;
    return { PolicyARN: pol.PolicyARN, CreationTime: (pol.CreationTime?.getTime() ?? Date.now()) / 1000 };
  }

  /** PutScalingPolicy's reply with the ARN the policy had before an update (see stablePolicyArns). */
  private keepPolicyArn(
    call: CallInfo,
    p: Record<string, unknown>,
    resp: RenderedResponse,
    before: Record<string, unknown> | undefined,
  ): RenderedResponse {
    const body = parseBody(resp.body);
    const motoArn = str(body?.["PolicyARN"]);
    if (!body || !motoArn) return resp;
    const key = this.policyKey(
      call.region,
      str(p["ResourceId"]) ?? "",
      str(p["ScalableDimension"]) ?? "",
      str(p["PolicyName"]) ?? "",
    );
    const arn = str(before?.["PolicyARN"]);
    if (!arn) {
      this.policyArns.delete(key);
      return resp;
    }
    this.policyArns.set(key, { motoArn, arn, creationTime: Number(before?.["CreationTime"]) });
    body["PolicyARN"] = arn;
    return withJsonBody(resp, body);
  }

  /** DescribeScalingPolicies with the ARNs and creation times AWS keeps across updates. */
  private stableArns(call: CallInfo, resp: RenderedResponse): RenderedResponse {
    if (this.policyArns.size === 0 || resp.status !== 200) return resp;
    const body = parseBody(resp.body);
    const policies = body?.["ScalingPolicies"];
    if (!body || !Array.isArray(policies)) return resp;
    let changed = false;
    for (const pol of policies) {
      const r = rec(pol);
      if (!r) continue;
      const known = this.policyArns.get(
        this.policyKey(
          call.region,
          String(r["ResourceId"]),
          String(r["ScalableDimension"]),
          String(r["PolicyName"]),
        ),
      );
      if (known && known.motoArn === r["PolicyARN"]) {
        r["PolicyARN"] = known.arn;
        r["CreationTime"] = known.creationTime;
        changed = true;
      }
    }
    return changed ? withJsonBody(resp, body) : resp;
  }

  /** Every metric alarm of the call's region. */
  private async allAlarms(call: CallInfo): Promise<MetricAlarm[]> {
    const { cw } = this.client(call);
    const alarms: MetricAlarm[] = [];
    let token: string | undefined;
    do {
      const out: DescribeAlarmsCommandOutput = await cw.send(
        new DescribeAlarmsCommand({ MaxRecords: 100, NextToken: token }),
      );
      alarms.push(...(out.MetricAlarms ?? []));
      token = out.NextToken;
    } while (token);
    return alarms;
  }

  /** The alarms of step policies in a DescribeScalingPolicies reply (see stepAlarms). */
  private async injectStepAlarms(call: CallInfo, resp: RenderedResponse): Promise<RenderedResponse> {
    const body = parseBody(resp.body);
    const policies = body?.["ScalingPolicies"];
    if (!body || !Array.isArray(policies)) return resp;
    const steps = policies.map(rec).filter((r) => r?.["PolicyType"] === "StepScaling") as Record<
      string,
      unknown
    >[];
    if (steps.length === 0) return resp;
    const alarms = await this.allAlarms(call);
    for (const r of steps) {
      const arn = r["PolicyARN"];
      r["Alarms"] = alarms
        .filter((a) =>
          [...(a.AlarmActions ?? []), ...(a.OKActions ?? []), ...(a.InsufficientDataActions ?? [])].includes(
            String(arn),
          ),
        )
        .map((a) => ({ AlarmName: a.AlarmName ?? "", AlarmARN: a.AlarmArn ?? "" }));
    }
    return withJsonBody(resp, body);
  }

  /** Remove deleted policies' ARNs from every alarm's actions, keeping the alarms and their states. */
  private async stripAlarmActions(call: CallInfo, arns: string[]): Promise<void> {
    const gone = new Set(arns);
    const { cw } = this.client(call);
    for (const a of await this.allAlarms(call)) {
      const lists = [a.AlarmActions ?? [], a.OKActions ?? [], a.InsufficientDataActions ?? []];
      if (!lists.some((l) => l.some((x) => gone.has(x)))) continue;
      const keep = (l: string[]) => l.filter((x) => !gone.has(x));
      const input: PutMetricAlarmCommandInput = {
        AlarmName: a.AlarmName,
        ActionsEnabled: a.ActionsEnabled,
        AlarmActions: keep(a.AlarmActions ?? []),
        OKActions: keep(a.OKActions ?? []),
        InsufficientDataActions: keep(a.InsufficientDataActions ?? []),
        EvaluationPeriods: a.EvaluationPeriods,
        ComparisonOperator: a.ComparisonOperator,
      };
      if (a.AlarmDescription !== undefined) input.AlarmDescription = a.AlarmDescription;
      if (a.DatapointsToAlarm !== undefined) input.DatapointsToAlarm = a.DatapointsToAlarm;
      if (a.Threshold !== undefined) input.Threshold = a.Threshold;
      if (a.ThresholdMetricId !== undefined) input.ThresholdMetricId = a.ThresholdMetricId;
      if (a.TreatMissingData !== undefined) input.TreatMissingData = a.TreatMissingData;
      if (a.EvaluateLowSampleCountPercentile !== undefined) {
        input.EvaluateLowSampleCountPercentile = a.EvaluateLowSampleCountPercentile;
      }
      if (a.Metrics && a.Metrics.length > 0) input.Metrics = a.Metrics;
      else {
        input.MetricName = a.MetricName;
        input.Namespace = a.Namespace;
        input.Dimensions = a.Dimensions;
        input.Period = a.Period;
        if (a.Statistic !== undefined) input.Statistic = a.Statistic;
        if (a.ExtendedStatistic !== undefined) input.ExtendedStatistic = a.ExtendedStatistic;
        if (a.Unit !== undefined) input.Unit = a.Unit;
      }
      await cw.send(new PutMetricAlarmCommand(input));
      if (a.StateValue) {
        await cw.send(
          new SetAlarmStateCommand({
            AlarmName: a.AlarmName,
            StateValue: a.StateValue,
            StateReason: a.StateReason ?? "Unchanged",
          }),
        );
      }
    }
  }

  private async deleteEndpointCascade(call: CallInfo, endpointName: string) {
    const { aas } = this.client(call);
    const prefix = `endpoint/${endpointName}/variant/`;
    const targets: { id: string; dim: string }[] = [];
    let token: string | undefined;
    do {
      const out = await aas.send(
        new DescribeScalableTargetsCommand({
          ServiceNamespace: "sagemaker",
          MaxResults: 50,
          NextToken: token,
        }),
      );
      for (const t of out.ScalableTargets ?? []) {
        if (t.ResourceId?.startsWith(prefix) && t.ScalableDimension) {
          targets.push({ id: t.ResourceId, dim: t.ScalableDimension });
        }
      }
      token = out.NextToken;
    } while (token);
    for (const t of targets) {
      await aas.send(
        new DeregisterScalableTargetCommand({
          ServiceNamespace: "sagemaker",
          ResourceId: t.id,
          ScalableDimension: t.dim as ScalableDimension,
        }),
      );
      await this.cascade(call, "sagemaker", t.id, t.dim);
    }
    // The endpoint's inference components go with it, and so do their targets (UNCONFIRMED).
    if (this.options.inferenceComponents) {
      for (const ic of this.hosting.dropEndpoint(call.region, endpointName)) {
        await this.deregisterIfRegistered(call, `inference-component/${ic}`, DIM_COPY_COUNT);
      }
    }
  }
}

/** The PutMetricAlarm inputs AAS would create for a target-tracking policy (observed shapes, see docs §5). */
export function alarmSpecs(
  resourceId: string,
  config: Record<string, unknown>,
  policyArn: string,
  reuseNames?: string[],
): PutMetricAlarmCommandInput[] {
  const target = Number(config["TargetValue"] ?? 0);
  const low = Number((target * 0.9).toPrecision(12));
  const predefined = rec(config["PredefinedMetricSpecification"]);
  const custom = rec(config["CustomizedMetricSpecification"]);
  const v = variantOf(resourceId);
  const ic = /^inference-component\/(.+)$/.exec(resourceId)?.[1];
  const dimensions = v
    ? [
        { Name: "EndpointName", Value: v.endpoint },
        { Name: "VariantName", Value: v.variant },
      ]
    : ic
      ? [{ Name: "InferenceComponentName", Value: ic }]
      : [];

  let metric: Partial<PutMetricAlarmCommandInput> = {};
  let highPeriod = 60;
  if (predefined) {
    const type = String(predefined["PredefinedMetricType"] ?? "");
    const m = PREDEFINED[type] ?? { metric: type, statistic: "Average", period: 60 };
    highPeriod = m.period;
    metric = {
      Namespace: "AWS/SageMaker",
      MetricName: m.metric,
      Dimensions: dimensions,
      Statistic: m.statistic as "Sum",
    };
  } else if (custom && Array.isArray(custom["Metrics"])) {
    metric = {
      Metrics: (custom["Metrics"] as Record<string, unknown>[]).map((q): MetricDataQuery => {
        const stat = rec(q["MetricStat"]);
        const m = rec(stat?.["Metric"]);
        const out: MetricDataQuery = { Id: String(q["Id"] ?? "m1") };
        if (q["Expression"] !== undefined) out.Expression = String(q["Expression"]);
        if (q["Label"] !== undefined) out.Label = String(q["Label"]);
        if (q["ReturnData"] !== undefined) out.ReturnData = Boolean(q["ReturnData"]);
        if (stat && m) {
          out.MetricStat = {
            Metric: {
              MetricName: str(m["MetricName"]),
              Namespace: str(m["Namespace"]),
              Dimensions: (m["Dimensions"] as { Name: string; Value: string }[] | undefined) ?? [],
            },
            Period: 60,
            Stat: String(stat["Stat"] ?? "Average"),
          };
          if (stat["Unit"] !== undefined) out.MetricStat.Unit = stat["Unit"] as "None";
        }
        return out;
      }),
    };
  } else if (custom) {
    metric = {
      Namespace: str(custom["Namespace"]),
      MetricName: str(custom["MetricName"]),
      Dimensions: (custom["Dimensions"] as { Name: string; Value: string }[] | undefined) ?? [],
      Statistic: (str(custom["Statistic"]) ?? "Average") as "Average",
    };
    if (custom["Unit"] !== undefined) metric.Unit = custom["Unit"] as "None";
  }
  const withPeriod = (period: number): Partial<PutMetricAlarmCommandInput> =>
    metric.Metrics ? metric : { ...metric, Period: period };
  const nameFor = (kind: "AlarmHigh" | "AlarmLow") =>
    reuseNames?.find((n) => n.startsWith(`TargetTracking-${resourceId}-${kind}-`)) ??
    `TargetTracking-${resourceId}-${kind}-${randomUUID()}`;
  const common = {
    AlarmDescription: `DO NOT EDIT OR DELETE. For TargetTrackingScaling policy ${policyArn}.`,
    ActionsEnabled: true,
    AlarmActions: policyArn ? [policyArn] : [],
  };
  const specs: PutMetricAlarmCommandInput[] = [
    {
      ...common,
      ...withPeriod(highPeriod),
      AlarmName: nameFor("AlarmHigh"),
      ComparisonOperator: "GreaterThanThreshold",
      Threshold: target,
      EvaluationPeriods: 3,
      DatapointsToAlarm: 3,
    } as PutMetricAlarmCommandInput,
  ];
  if (config["DisableScaleIn"] !== true) {
    specs.push({
      ...common,
      ...withPeriod(60),
      AlarmName: nameFor("AlarmLow"),
      ComparisonOperator: "LessThanThreshold",
      Threshold: low,
      EvaluationPeriods: 15,
      DatapointsToAlarm: 15,
    } as PutMetricAlarmCommandInput);
  }
  return specs;
}

/** A JSON-protocol timestamp: epoch seconds, or an ISO-8601 string. */
function epochSeconds(value: unknown): number | undefined {
  if (typeof value === "number" && Number.isFinite(value)) return value;
  if (typeof value === "string") {
    const ms = Date.parse(value);
    return Number.isNaN(ms) ? undefined : ms / 1000;
  }
  return undefined;
}
