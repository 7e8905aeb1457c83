import { describe, expect, it } from "vitest";
import { createSingleFlight } from "../../../src/core/singleFlight";

describe("createSingleFlight", () => {
  it("runs one task for 50 concurrent callers of a key and gives them all its result", async () => {
    const run = createSingleFlight<string>();
    let started = 0;
    const task = async () => {
      started++;
      await new Promise((r) => setTimeout(r, 5));
      return `token-${started}`;
    };
    const results = await Promise.all(Array.from({ length: 50 }, () => run("vault", task)));
    expect(started).toBe(1);
    expect(new Set(results)).toEqual(new Set(["token-1"]));
  });

  it("keeps keys apart and starts afresh once a flight has landed", async () => {
    const run = createSingleFlight<string>();
    let started = 0;
    const task = async () => ++started;
    await Promise.all([run("a", task), run("b", task)]);
    expect(started).toBe(2);
    await run("a", task);
    expect(started).toBe(3);
  });

  it("shares a failure with every waiting caller, then lets the next call retry", async () => {
    const run = createSingleFlight<string>();
    let attempts = 0;
    const failing = async () => {
      attempts++;
      throw new Error("idp down");
    };
    const settled = await Promise.allSettled([run("a", failing), run("a", failing)]);
    expect(settled.map((s) => s.status)).toEqual(["rejected", "rejected"]);
    expect(attempts).toBe(1);
    await expect(run("a", async () => "ok")).resolves.toBe("ok");
  });
});
