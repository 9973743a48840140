/**
 * Wall-clock time in an IANA time zone, and back, with nothing but the runtime's Intl (ICU) data: pure, no I/O.
 * Scheduled actions are written in a zone's wall-clock time (cron and at expressions, [BOTO] PutScheduledAction
 * Timezone) and run at instants; these convert between the two.
 */
export interface WallTime {
  year: number;
  /** 1–12 */
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const DAY_MS = 86_400_000;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** The wall-clock time in `timeZone` at an instant (milliseconds since the epoch; milliseconds dropped). */
export function wallTimeAt(instant: number, timeZone: string): WallTime {
  const parts: Record<string, number> = {};
  for (const p of formatterFor(timeZone).formatToParts(new Date(instant))) {
    if (p.type !== "literal") parts[p.type] = Number(p.value);
  }
  return {
    year: parts["year"]!,
    month: parts["month"]!,
    day: parts["day"]!,
    hour: parts["hour"]!,
    minute: parts["minute"]!,
    second: parts["second"]!,
  };
}

/** The wall time as if it were UTC: milliseconds since the epoch. */
export function wallAsUtc(w: WallTime): number {
  return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
}

/** The zone's offset from UTC at an instant, in milliseconds (east positive: Europe/Berlin in summer: +2 h). */
export function offsetAt(instant: number, timeZone: string): number {
  const whole = Math.floor(instant / 1000) * 1000;
  return wallAsUtc(wallTimeAt(whole, timeZone)) - whole;
}

/**
 * The instant a wall-clock time in `timeZone` stands for. Around a daylight-saving change, a wall time may occur
 * twice (the clocks go back) or not at all (they go forward); this resolves both the way java.time's
 * `ZonedDateTime.of` does: the earlier of two instants, and a time in the gap moved later by the gap's length
 * (02:30 on the night Europe/Berlin skips 02:00–03:00 is 03:30). AWS runs scheduled actions with Joda-Time zones
 * ([BOTO] PutScheduledAction Timezone); how it resolves these two cases is not documented (UNCONFIRMED), and
 * java.time's rule is the one Java code commonly follows.
 */
export function instantOf(wall: WallTime, timeZone: string): number {
  const local = wallAsUtc(wall);
  // The offsets a day either side: a zone changes offset at most once in that span (true of every IANA zone).
  const before = local - offsetAt(local - DAY_MS, timeZone);
  const after = local - offsetAt(local + DAY_MS, timeZone);
  const valid = [before, after].filter((i) => wallAsUtc(wallTimeAt(i, timeZone)) === local);
  if (valid.length > 0) return Math.min(...valid);
  // In a gap: read with the offset before the change, the wall time lands that much later.
  return before;
}

/** `yyyy-mm-dd hh:mm` of a wall time. */
export function formatWallTime(w: WallTime): string {
  const two = (n: number) => String(n).padStart(2, "0");
  return `${w.year}-${two(w.month)}-${two(w.day)} ${two(w.hour)}:${two(w.minute)}`;
}

/** An instant as people in that zone read it: "2026-03-30 08:00 Europe/Berlin", "2026-03-30 06:00 UTC". */
export function formatInZone(instant: Date, timeZone = "UTC"): string {
  return `${formatWallTime(wallTimeAt(instant.getTime(), timeZone))} ${timeZone}`;
}

/** IANA names are letters, digits, `_`, `-` and `+`, in segments separated by `/` ("Etc/GMT+9", "America/Port-au-Prince"). */
const IANA_NAME = /^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/;

let knownNames: Map<string, string> | undefined;

/** The runtime's IANA zone names (Intl.supportedValuesOf leaves out UTC and Etc/*), by lower-case spelling. */
function names(): Map<string, string> {
  knownNames ??= new Map(
    [...Intl.supportedValuesOf("timeZone"), "UTC", "Etc/UTC"].map((n) => [n.toLowerCase(), n]),
  );
  return knownNames;
}

/** Every zone name the runtime lists, for suggestions. */
export function timeZoneNames(): string[] {
  return [...names().values()];
}

/**
 * Why `name` is not an IANA time zone name AWS takes; undefined when it is. AWS takes "the canonical names of the
 * IANA time zones supported by Joda-Time (such as Etc/GMT+9 or Pacific/Tahiti)" ([BOTO] PutScheduledAction
 * Timezone); the runtime's ICU data stands in for Joda-Time's: a name it does not know (Intl.DateTimeFormat throws
 * RangeError) is refused, and so is a known name spelt in other letter cases (ICU accepts "europe/berlin", AWS's
 * list is case-sensitive). Offsets ("+01:00") and abbreviations ICU maps to a zone are not IANA names. The
 * sentence reads after the flag and its value.
 */
export function timeZoneProblem(name: string): { problem: string; suggestion?: string } | undefined {
  if (!IANA_NAME.test(name)) return { problem: "is not an IANA time zone name" };
  let resolved: string;
  try {
    resolved = new Intl.DateTimeFormat("en-US", { timeZone: name }).resolvedOptions().timeZone;
  } catch {
    return { problem: "is not a time zone this machine knows" };
  }
  const exact =
    names().get(name.toLowerCase()) ?? (resolved.toLowerCase() === name.toLowerCase() ? resolved : undefined);
  if (exact !== undefined && exact !== name)
    return { problem: "is spelt in the wrong letter case", suggestion: exact };
  return undefined;
}
