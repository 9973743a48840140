/**
 * Bounds how many AWS calls are in flight at once. Reading a whole region fans out to one call per endpoint and
 * per scalable target; unbounded, that is hundreds of simultaneous requests and certain throttling.
 */
export interface Limiter {
  <T>(task: () => Promise<T>): Promise<T>;
  /**
   * The same, but ahead of every ordinary task still waiting: for the pages of a listing, each of which waits for
   * the one before, so a fan-out queued meanwhile does not stall the chain once per page.
   */
  first<T>(task: () => Promise<T>): Promise<T>;
  /** Tasks holding a slot now. */
  readonly active: number;
  /**
   * Rejects every task still waiting for a slot, and every later one, with `error`: once a read is lost, it stops
   * calling AWS. Tasks already running finish.
   */
  cancel(error: unknown): void;
}

/** A limiter that runs at most `limit` tasks at a time, in the order they were queued. */
export function createLimiter(limit: number): Limiter {
  if (!Number.isInteger(limit) || limit < 1)
    throw new RangeError(`limit must be a whole number ≥ 1: ${limit}`);
  let active = 0;
  let cancelled: { error: unknown } | undefined;
  const waiting: (() => void)[] = [];
  const waitingFirst: (() => void)[] = [];

  // A released slot passes straight to the next waiter, so a newcomer can never slip in between and exceed the
  // limit.
  const acquire = (queue: (() => void)[]): Promise<void> => {
    if (active < limit) {
      active++;
      return Promise.resolve();
    }
    return new Promise((resolve) => queue.push(resolve));
  };
  const release = () => {
    const next = waitingFirst.shift() ?? waiting.shift();
    if (next) next();
    else active--;
  };

  const throwIfCancelled = () => {
    if (cancelled) throw cancelled.error;
  };

  const runIn =
    (queue: (() => void)[]) =>
    async <T>(task: () => Promise<T>): Promise<T> => {
      throwIfCancelled();
      await acquire(queue);
      try {
        throwIfCancelled();
        return await task();
      } finally {
        release();
      }
    };
  const run = runIn(waiting);
  Object.defineProperty(run, "active", { get: () => active });
  return Object.assign(run, {
    first: runIn(waitingFirst),
    cancel(error: unknown) {
      cancelled ??= { error };
    },
  }) as Limiter;
}

/** `items.map(fn)` with at most `limit` calls of `fn` in flight; results keep the order of `items`. */
export async function mapLimit<T, R>(
  items: readonly T[],
  limit: number | Limiter,
  fn: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const run = typeof limit === "number" ? createLimiter(limit) : limit;
  return Promise.all(items.map((item, index) => run(() => fn(item, index))));
}

/** Splits `items` into consecutive batches of at most `size` (an API's per-call maximum). */
export function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
