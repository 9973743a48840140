import type { MetricAlarm } from "@aws-sdk/client-cloudwatch";
import { PAGE } from "../domain/constants.js";
import type { Clients } from "./clients.js";
import { chunk } from "./concurrency.js";
import { LISTING, pagesOf } from "./paging.js";

/** The metric alarms of these names that exist, whole (as PutMetricAlarm would restore them): 100 names a call. */
export async function readAlarmsNamed(
  clients: Pick<Clients, "cloudwatch">,
  names: readonly string[],
): Promise<MetricAlarm[]> {
  if (names.length === 0) return [];
  const { paginateDescribeAlarms } = await import("@aws-sdk/client-cloudwatch");
  const client = await clients.cloudwatch();
  const found: MetricAlarm[] = [];
  for (const AlarmNames of chunk(names, PAGE.alarmNamesPerCall)) {
    for await (const page of pagesOf(LISTING.alarmsNamed(AlarmNames.length), (startingToken) =>
      paginateDescribeAlarms(
        { client, pageSize: PAGE.alarmNamesPerCall, startingToken },
        { AlarmNames, AlarmTypes: ["MetricAlarm"], MaxRecords: PAGE.alarmNamesPerCall },
      ),
    )) {
      found.push(...(page.MetricAlarms ?? []).filter((a) => a.AlarmName && AlarmNames.includes(a.AlarmName)));
    }
  }
  return found;
}
