import { type InvocationHistory, type MetricPoint, percentile } from "../domain/suggest.js";
import type { Clients } from "./clients.js";
import { LISTING, pagesOf } from "./paging.js";

export const HISTORY_DAYS = 14;

/**
 * The variant's last 14 days, one call: InvocationsPerInstance (Sum per minute = invocations per instance per
 * minute), Invocations (Sum per minute = all the variant's invocations, which with a target gives the instances
 * needed) and ModelLatency (Average per minute, microseconds), each value with its minute, so the caller can say
 * which window the data really covers. 3 × 20,160 datapoints fit one GetMetricData page (100,800); NextToken is
 * followed anyway. The latency percentile is computed here, from the per-minute series.
 */
export async function readInvocationHistory(
  clients: Pick<Clients, "cloudwatch">,
  endpointName: string,
  variantName: string,
  now: Date = new Date(),
): Promise<InvocationHistory> {
  const { paginateGetMetricData } = await import("@aws-sdk/client-cloudwatch");
  const client = await clients.cloudwatch();
  const dimensions = [
    { Name: "EndpointName", Value: endpointName },
    { Name: "VariantName", Value: variantName },
  ];
  const metric = (id: string, name: string, stat: string) => ({
    Id: id,
    MetricStat: {
      Metric: { Namespace: "AWS/SageMaker", MetricName: name, Dimensions: dimensions },
      Period: 60,
      Stat: stat,
    },
    ReturnData: true,
  });
  const end = new Date(Math.floor(now.getTime() / 60_000) * 60_000);
  const start = new Date(end.getTime() - HISTORY_DAYS * 86_400_000);
  const perInstance: MetricPoint[] = [];
  const total: MetricPoint[] = [];
  const latency: number[] = [];
  // Pages are followed until the last; a repeated token or a runaway listing ends the read with an error.
  const pages = pagesOf(LISTING.metricData(HISTORY_DAYS), (startingToken) =>
    paginateGetMetricData(
      { client, startingToken },
      {
        StartTime: start,
        EndTime: end,
        MetricDataQueries: [
          metric("ipi", "InvocationsPerInstance", "Sum"),
          metric("inv", "Invocations", "Sum"),
          metric("lat", "ModelLatency", "Average"),
        ],
      },
    ),
  );
  for await (const page of pages) {
    for (const result of page.MetricDataResults ?? []) {
      if (result.Id === "ipi") perInstance.push(...points(result.Timestamps, result.Values));
      if (result.Id === "inv") total.push(...points(result.Timestamps, result.Values));
      if (result.Id === "lat") latency.push(...(result.Values ?? []));
    }
  }
  const sortedLatency = latency.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  const p99Micros = sortedLatency.length ? percentile(sortedLatency, 0.99) : undefined;
  return {
    perInstance,
    total,
    modelLatencyP99Ms: p99Micros === undefined ? undefined : Math.round(p99Micros / 10) / 100,
    windowEnd: end.getTime(),
  };
}

/** GetMetricData returns a result's timestamps and values as two parallel arrays. */
function points(timestamps: Date[] | undefined, values: number[] | undefined): MetricPoint[] {
  const out: MetricPoint[] = [];
  for (const [i, v] of (values ?? []).entries()) {
    const t = timestamps?.[i]?.getTime();
    if (t !== undefined) out.push({ t, v });
  }
  return out;
}

/**
 * An async endpoint's last 14 days of ApproximateBacklogSizePerInstance (AWS/SageMaker, dimension EndpointName
 * only, Average per minute, §6): the queue per instance, minute by minute. One query, its pages followed.
 */
export async function readBacklogHistory(
  clients: Pick<Clients, "cloudwatch">,
  endpointName: string,
  now: Date = new Date(),
): Promise<MetricPoint[]> {
  const { paginateGetMetricData } = await import("@aws-sdk/client-cloudwatch");
  const client = await clients.cloudwatch();
  const end = new Date(Math.floor(now.getTime() / 60_000) * 60_000);
  const start = new Date(end.getTime() - HISTORY_DAYS * 86_400_000);
  const backlog: MetricPoint[] = [];
  for await (const page of pagesOf(LISTING.metricData(HISTORY_DAYS), (startingToken) =>
    paginateGetMetricData(
      { client, startingToken },
      {
        StartTime: start,
        EndTime: end,
        MetricDataQueries: [
          {
            Id: "backlog",
            MetricStat: {
              Metric: {
                Namespace: "AWS/SageMaker",
                MetricName: "ApproximateBacklogSizePerInstance",
                Dimensions: [{ Name: "EndpointName", Value: endpointName }],
              },
              Period: 60,
              Stat: "Average",
            },
            ReturnData: true,
          },
        ],
      },
    ),
  )) {
    for (const result of page.MetricDataResults ?? [])
      backlog.push(...points(result.Timestamps, result.Values));
  }
  return backlog;
}

/**
 * A variant's invocations over [start, end): Invocations (Sum per minute: all its invocations) and
 * InvocationsPerInstance (Sum per minute: per instance, for the target suggestion), both in one GetMetricData
 * request. Two series of at most 15 days of minutes (21,600 datapoints each, the retention of 1-minute data) fit
 * one page of 100,800 datapoints (§11): one call, its pages followed in case CloudWatch splits a slow query.
 */
export async function readInvocationsWindow(
  clients: Pick<Clients, "cloudwatch">,
  endpointName: string,
  variantName: string,
  start: Date,
  end: Date,
): Promise<Pick<InvocationHistory, "perInstance" | "total">> {
  const { paginateGetMetricData } = await import("@aws-sdk/client-cloudwatch");
  const client = await clients.cloudwatch();
  const dimensions = [
    { Name: "EndpointName", Value: endpointName },
    { Name: "VariantName", Value: variantName },
  ];
  const sum = (id: string, name: string) => ({
    Id: id,
    MetricStat: {
      Metric: { Namespace: "AWS/SageMaker", MetricName: name, Dimensions: dimensions },
      Period: 60,
      Stat: "Sum",
    },
    ReturnData: true,
  });
  const days = Math.max(1, Math.ceil((end.getTime() - start.getTime()) / 86_400_000));
  const perInstance: MetricPoint[] = [];
  const total: MetricPoint[] = [];
  for await (const page of pagesOf(LISTING.metricData(days), (startingToken) =>
    paginateGetMetricData(
      { client, startingToken },
      {
        StartTime: start,
        EndTime: end,
        MetricDataQueries: [sum("inv", "Invocations"), sum("ipi", "InvocationsPerInstance")],
      },
    ),
  )) {
    for (const result of page.MetricDataResults ?? []) {
      if (result.Id === "inv") total.push(...points(result.Timestamps, result.Values));
      if (result.Id === "ipi") perInstance.push(...points(result.Timestamps, result.Values));
    }
  }
  return { perInstance, total };
}
