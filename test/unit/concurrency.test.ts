import { describe, expect, it } from "vitest";
import { chunk, createLimiter, mapLimit } from "../../src/aws/concurrency.js";

const tick = (ms = 1) => new Promise((resolve) => setTimeout(resolve, ms));

describe("createLimiter", () => {
  it("never runs more than the limit at once, and runs everything", async () => {
    const limit = createLimiter(3);
    let running = 0;
    let peak = 0;
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        limit(async () => {
          running++;
          peak = Math.max(peak, running);
          await tick(i % 3);
          running--;
          return i;
        }),
      ),
    );
    expect(results).toEqual(Array.from({ length: 20 }, (_, i) => i));
    expect(peak).toBe(3);
    expect(limit.active).toBe(0);
  });

  it("does not let a newcomer take a slot that a waiter was handed", async () => {
    const limit = createLimiter(1);
    let running = 0;
    let peak = 0;
    const task = async () => {
      running++;
      peak = Math.max(peak, running);
      await tick();
      running--;
    };
    const first = limit(task);
    const second = limit(task);
    // Queued while `first` releases its slot to `second`.
    await first;
    const third = limit(task);
    await Promise.all([second, third]);
    expect(peak).toBe(1);
  });

  it("frees the slot of a failed task and passes the error to its caller only", async () => {
    const limit = createLimiter(1);
    await expect(limit(async () => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    await expect(limit(async () => "next")).resolves.toBe("next");
  });

  it("cancel() rejects the waiting and later tasks without starting them", async () => {
    const limit = createLimiter(1);
    const started: number[] = [];
    const slow = limit(async () => {
      started.push(1);
      await tick(5);
      return 1;
    });
    const waiting = limit(async () => {
      started.push(2);
      return 2;
    });
    await tick(); // `slow` is running now
    limit.cancel(new Error("read lost"));
    await Promise.all([expect(slow).resolves.toBe(1), expect(waiting).rejects.toThrow("read lost")]);
    await expect(limit(async () => 3)).rejects.toThrow("read lost");
    expect(started).toEqual([1]);
  });

  it("first() runs ahead of every ordinary task still waiting, within the same limit", async () => {
    const limit = createLimiter(2);
    const order: string[] = [];
    let running = 0;
    let peak = 0;
    const task = (name: string) => async () => {
      running++;
      peak = Math.max(peak, running);
      order.push(name);
      await tick();
      running--;
    };
    const all = [
      limit(task("a")),
      limit(task("b")),
      limit(task("c")),
      limit(task("d")),
      limit.first(task("page 2")),
      limit.first(task("page 3")),
    ];
    await Promise.all(all);
    expect(order).toEqual(["a", "b", "page 2", "page 3", "c", "d"]);
    expect(peak).toBe(2);
  });

  it("rejects a limit below 1", () => {
    expect(() => createLimiter(0)).toThrow(RangeError);
  });
});

describe("mapLimit", () => {
  it("keeps the order of the items", async () => {
    const out = await mapLimit([30, 10, 20], 2, async (ms, i) => {
      await tick(ms / 10);
      return `${i}:${ms}`;
    });
    expect(out).toEqual(["0:30", "1:10", "2:20"]);
  });
});

describe("chunk", () => {
  it("splits into batches of at most the size", () => {
    expect(chunk([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
    expect(chunk([], 50)).toEqual([]);
    expect(chunk(Array.from({ length: 120 }), 50).map((c) => c.length)).toEqual([50, 50, 20]);
  });
});
