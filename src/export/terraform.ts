import { DEFAULT_COOLDOWN_SECONDS } from "../domain/constants.js";
import { commentText, type ExportFormat, type ExportOutput, headerLines, shellPath } from "./format.js";
import { type HclExpr, type HclItem, Raw, toHcl } from "./hcl.js";
import {
  type AlarmAction,
  type ExportAlarm,
  type ExportModel,
  type ExportPolicy,
  type ExportTarget,
  NAMESPACE,
  sameKey,
  shown,
} from "./model.js";
import {
  alarmId,
  type NameRule,
  namedItems,
  policyId,
  scheduledActionId,
  snake,
  targetId,
  uniqueNames,
} from "./names.js";

/**
 * Terraform with the AWS provider (facts doc §12): aws_appautoscaling_target, aws_appautoscaling_policy (always
 * with its policy_type, whose default is StepScaling), aws_appautoscaling_scheduled_action and
 * aws_cloudwatch_metric_alarm. The policies and scheduled actions take the target's attributes, which orders them
 * after it. No provider block: the user's own applies. Cooldowns are always written: the provider sends 0 for a
 * cooldown that is left out, where AWS would have used 300 (§14). With `--import`, `import {}` blocks (Terraform
 * 1.5+) adopt the live resources under the import IDs the provider documents, so that `terraform plan` shows no
 * change instead of creating them again.
 */

/** Terraform names: letters, digits and underscores, not starting with a digit. */
const TF_NAME: NameRule = {
  join: snake,
  withHash: (name, hash) => `${name || "r"}_${hash}`,
  maxLength: 128,
  start: (name) => (/^[0-9]/.test(name) ? `_${name}` : name),
};

export interface TerraformNames {
  target(t: ExportTarget): string;
  policy(t: ExportTarget, p: ExportPolicy): string;
  scheduledAction(t: ExportTarget, name: string): string;
  alarm(a: ExportAlarm): string;
}

export function terraformNames(model: ExportModel): TerraformNames {
  const items = namedItems(model);
  const targets = uniqueNames(items.targets, TF_NAME);
  const policies = uniqueNames(items.policies, TF_NAME);
  const scheduled = uniqueNames(items.scheduledActions, TF_NAME);
  const alarms = uniqueNames(items.alarms, TF_NAME);
  return {
    target: (t) => targets.get(targetId(t.key))!,
    policy: (t, p) => policies.get(policyId(t.key, p.name))!,
    scheduledAction: (t, name) => scheduled.get(scheduledActionId(t.key, name))!,
    alarm: (a) => alarms.get(alarmId(a.name))!,
  };
}

/** The provider's import IDs ([TF] the resources' Import sections). */
export const importId = {
  target: (t: ExportTarget) => `${NAMESPACE}/${t.key.resourceId}/${t.key.dimension}`,
  policy: (t: ExportTarget, p: ExportPolicy) =>
    `${NAMESPACE}/${t.key.resourceId}/${t.key.dimension}/${p.name}`,
  alarm: (a: ExportAlarm) => a.name,
};

const block = (name: string, body: HclItem[], labels?: string[]): HclItem =>
  labels ? { block: name, labels, body } : { block: name, body };
const attr = (name: string, value: HclExpr | undefined): HclItem => ({ attr: name, value });

function dimensionBlocks(name: string, dims: { Name?: string; Value?: string }[] | undefined): HclItem[] {
  return (dims ?? []).map((d) => block(name, [attr("name", d.Name ?? ""), attr("value", d.Value ?? "")]));
}

function policyBody(p: ExportPolicy, targetRef: string): HclItem[] {
  const common: HclItem[] = [
    attr("name", p.name),
    attr("policy_type", p.type),
    attr("service_namespace", new Raw(`${targetRef}.service_namespace`)),
    attr("resource_id", new Raw(`${targetRef}.resource_id`)),
    attr("scalable_dimension", new Raw(`${targetRef}.scalable_dimension`)),
    { blank: true },
  ];
  if (p.type === "TargetTrackingScaling") {
    const c = p.customized;
    const metrics = (c?.Metrics ?? []).map((m) =>
      block("metrics", [
        attr("id", m.Id),
        attr("expression", m.Expression),
        attr("label", m.Label),
        attr("return_data", m.ReturnData),
        ...(m.MetricStat
          ? [
              block("metric_stat", [
                attr("stat", m.MetricStat.Stat),
                attr("unit", m.MetricStat.Unit),
                block("metric", [
                  attr("metric_name", m.MetricStat.Metric?.MetricName),
                  attr("namespace", m.MetricStat.Metric?.Namespace),
                  ...dimensionBlocks("dimensions", m.MetricStat.Metric?.Dimensions),
                ]),
              ]),
            ]
          : []),
      ]),
    );
    return [
      ...common,
      block("target_tracking_scaling_policy_configuration", [
        attr("target_value", p.targetValue),
        attr("scale_in_cooldown", p.scaleInCooldown),
        attr("scale_out_cooldown", p.scaleOutCooldown),
        attr("disable_scale_in", p.disableScaleIn),
        ...(p.predefined
          ? [
              block("predefined_metric_specification", [
                attr("predefined_metric_type", p.predefined.PredefinedMetricType),
                attr("resource_label", p.predefined.ResourceLabel),
              ]),
            ]
          : []),
        ...(c
          ? [
              block("customized_metric_specification", [
                attr("metric_name", c.MetricName),
                attr("namespace", c.Namespace),
                attr("statistic", c.Statistic),
                attr("unit", c.Unit),
                ...dimensionBlocks("dimensions", c.Dimensions),
                ...metrics,
              ]),
            ]
          : []),
      ]),
    ];
  }
  return [
    ...common,
    block("step_scaling_policy_configuration", [
      attr("adjustment_type", p.adjustmentType),
      attr("cooldown", p.cooldown),
      attr("metric_aggregation_type", p.metricAggregationType),
      attr("min_adjustment_magnitude", p.minAdjustmentMagnitude),
      ...p.adjustments.map((s) =>
        block("step_adjustment", [
          attr("metric_interval_lower_bound", s.MetricIntervalLowerBound),
          attr("metric_interval_upper_bound", s.MetricIntervalUpperBound),
          attr("scaling_adjustment", s.ScalingAdjustment ?? 0),
        ]),
      ),
    ]),
  ];
}

/** RFC 3339 for start_time and end_time, as the provider reads them back (Go's time.RFC3339). */
function rfc3339(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, "Z");
}

function alarmBody(a: ExportAlarm, arn: (action: AlarmAction) => HclExpr): HclItem[] {
  const list = (actions: AlarmAction[]) => (actions.length > 0 ? actions.map(arn) : undefined);
  return [
    attr("alarm_name", a.name),
    attr("alarm_description", a.description),
    attr("actions_enabled", a.actionsEnabled),
    attr("namespace", a.namespace),
    attr("metric_name", a.metricName),
    attr(
      "dimensions",
      a.dimensions.length > 0 ? Object.fromEntries(a.dimensions.map((d) => [d.name, d.value])) : undefined,
    ),
    attr("statistic", a.statistic),
    attr("extended_statistic", a.extendedStatistic),
    attr("period", a.period),
    attr("unit", a.unit),
    attr("evaluation_periods", a.evaluationPeriods),
    attr("datapoints_to_alarm", a.datapointsToAlarm),
    attr("threshold", a.threshold),
    attr("threshold_metric_id", a.thresholdMetricId),
    attr("comparison_operator", a.comparisonOperator),
    attr("treat_missing_data", a.treatMissingData),
    attr("evaluate_low_sample_count_percentiles", a.evaluateLowSampleCountPercentile),
    attr("alarm_actions", list(a.alarmActions)),
    attr("ok_actions", list(a.okActions)),
    attr("insufficient_data_actions", list(a.insufficientDataActions)),
    ...(a.metrics ?? []).map((m) =>
      block("metric_query", [
        attr("id", m.Id),
        attr("expression", m.Expression),
        attr("label", m.Label),
        attr("return_data", m.ReturnData),
        attr("period", m.Period),
        attr("account_id", m.AccountId),
        ...(m.MetricStat
          ? [
              block("metric", [
                attr("metric_name", m.MetricStat.Metric?.MetricName),
                attr("namespace", m.MetricStat.Metric?.Namespace),
                attr("period", m.MetricStat.Period),
                attr("stat", m.MetricStat.Stat),
                attr("unit", m.MetricStat.Unit),
                attr(
                  "dimensions",
                  (m.MetricStat.Metric?.Dimensions ?? []).length > 0
                    ? Object.fromEntries(
                        (m.MetricStat.Metric?.Dimensions ?? []).map((d) => [d.Name ?? "", d.Value ?? ""]),
                      )
                    : undefined,
                ),
              ]),
            ]
          : []),
      ]),
    ),
  ];
}

/**
 * The HCL of the model, and the notes on its import blocks: what they cannot adopt, and what terraform plan shows
 * besides imports. Each says what terraform plan and apply do about it, as the AWS provider 5.100 does (the
 * e2e export test runs them).
 */
export function terraformSource(
  model: ExportModel,
  imports: boolean,
  header: (notes: string[]) => string[],
): { text: string; notes: string[] } {
  const names = terraformNames(model);
  const items: HclItem[] = [];
  const importBlocks: HclItem[] = [];
  const notes: string[] = [];
  const adopt = (to: string, id: string) => {
    importBlocks.push(block("import", [attr("to", new Raw(to)), attr("id", id)]), { blank: true });
  };
  const policyRef = (action: AlarmAction): HclExpr => {
    if ("arn" in action) return action.arn;
    const t = model.targets.find((x) => sameKey(x.key, action.policy.target))!;
    const p = t.policies.find((x) => x.name === action.policy.name)!;
    return new Raw(`aws_appautoscaling_policy.${names.policy(t, p)}.arn`);
  };

  for (const t of model.targets) {
    const tname = names.target(t);
    const ref = `aws_appautoscaling_target.${tname}`;
    items.push(
      block(
        "resource",
        [
          attr("service_namespace", NAMESPACE),
          attr("resource_id", t.key.resourceId),
          attr("scalable_dimension", t.key.dimension),
          attr("min_capacity", t.minCapacity),
          attr("max_capacity", t.maxCapacity),
          ...(t.suspended
            ? [
                { blank: true } as const,
                block("suspended_state", [
                  attr("dynamic_scaling_in_suspended", t.suspended.DynamicScalingInSuspended),
                  attr("dynamic_scaling_out_suspended", t.suspended.DynamicScalingOutSuspended),
                  attr("scheduled_scaling_suspended", t.suspended.ScheduledScalingSuspended),
                ]),
              ]
            : []),
        ],
        ["aws_appautoscaling_target", tname],
      ),
      { blank: true },
    );
    if (imports) adopt(ref, importId.target(t));
    for (const p of t.policies) {
      const pname = names.policy(t, p);
      items.push(block("resource", policyBody(p, ref), ["aws_appautoscaling_policy", pname]), {
        blank: true,
      });
      if (!imports) continue;
      // The provider splits the import ID at "/" and takes the last part as the policy's name, the one before as
      // the dimension: no ID names this policy, neither in an import block nor for terraform import.
      if (p.name.includes("/")) {
        notes.push(
          `The policy "${shown(p.name)}" of ${shown(t.key.resourceId)} has a "/" in its name, which the AWS provider's import ID cannot carry (it takes the part after the last "/" as the name), so no import block adopts it and terraform import cannot either: terraform plan shows it to be created, and terraform apply puts it again under the same name, which updates the live policy in place (PutScalingPolicy creates or updates)${p.defaultedCooldowns ? `, its cooldowns set to the ${DEFAULT_COOLDOWN_SECONDS} s AWS uses while none is set` : ""}.`,
        );
        continue;
      }
      adopt(`aws_appautoscaling_policy.${pname}`, importId.policy(t, p));
      if (p.defaultedCooldowns) {
        notes.push(
          `The policy "${shown(p.name)}" of ${shown(t.key.resourceId)} has no cooldown set, so AWS uses ${DEFAULT_COOLDOWN_SECONDS} s: the file says ${DEFAULT_COOLDOWN_SECONDS} (the provider would send 0 for none), and terraform plan shows it changing from 0 to ${DEFAULT_COOLDOWN_SECONDS}, an update in place that keeps how it scales.`,
        );
      }
    }
    for (const a of t.scheduledActions) {
      const aname = names.scheduledAction(t, a.name);
      items.push(
        block(
          "resource",
          [
            attr("name", a.name),
            attr("service_namespace", new Raw(`${ref}.service_namespace`)),
            attr("resource_id", new Raw(`${ref}.resource_id`)),
            attr("scalable_dimension", new Raw(`${ref}.scalable_dimension`)),
            attr("schedule", a.schedule),
            attr("timezone", a.timezone),
            attr("start_time", a.startTime ? rfc3339(a.startTime) : undefined),
            attr("end_time", a.endTime ? rfc3339(a.endTime) : undefined),
            { blank: true },
            block("scalable_target_action", [
              attr("min_capacity", a.minCapacity),
              attr("max_capacity", a.maxCapacity),
            ]),
          ],
          ["aws_appautoscaling_scheduled_action", aname],
        ),
        { blank: true },
      );
      if (imports) {
        notes.push(
          `The scheduled action "${shown(a.name)}" of ${shown(t.key.resourceId)}: the AWS provider cannot import aws_appautoscaling_scheduled_action, so no import block adopts it: terraform plan shows it to be created, and terraform apply puts it again with the same settings (PutScheduledAction updates it in place).`,
        );
      }
    }
  }
  for (const a of model.alarms) {
    const aname = names.alarm(a);
    items.push(block("resource", alarmBody(a, policyRef), ["aws_cloudwatch_metric_alarm", aname]), {
      blank: true,
    });
    if (imports) adopt(`aws_cloudwatch_metric_alarm.${aname}`, importId.alarm(a));
  }
  const all = [
    ...items,
    ...(importBlocks.length > 0 ? [{ comment: "Adopt the live resources." }, ...importBlocks] : []),
  ];
  while (all.length > 0 && "blank" in all[all.length - 1]!) all.pop();
  const comments = header(notes).map((l) => ({ comment: commentText(l) }) as HclItem);
  return { text: toHcl([...comments, { blank: true }, ...all]), notes };
}

export const TERRAFORM: ExportFormat = {
  id: "terraform",
  label: "Terraform",
  render(model, options): ExportOutput {
    const { text, notes } = terraformSource(model, Boolean(options.imports), (lines) =>
      headerLines(
        model,
        [],
        [
          "Terraform with the AWS provider; the provider block is yours (region, credentials).",
          ...(options.imports
            ? [
                "The import blocks adopt the live resources: terraform plan imports them and changes nothing, but for what is named below.",
              ]
            : []),
        ],
        { title: "Where terraform plan shows more than imports:", lines },
      ),
    );
    return {
      files: [{ path: "autoscaling.tf", content: text }],
      cannot: [],
      notes,
      next: (dir) => [
        dir
          ? `Check it: cd ${shellPath(dir)} && terraform init && terraform plan`
          : "Save it as a .tf file, then: terraform plan",
      ],
    };
  },
};
