// @vitest-environment node
import { describe, expect, it } from "vitest";
import { lazyModule } from "../../../../src/core/platform/lazyModule";

describe("lazyModule", () => {
  it("loads once however many callers ask", async () => {
    let loads = 0;
    const load = lazyModule(async () => ({ n: ++loads }));
    const [a, b] = await Promise.all([load(), load()]);
    expect(a).toBe(b);
    expect(await load()).toBe(a);
    expect(loads).toBe(1);
  });

  it("turns a failed load into the transient idp_unreachable and loads again on next use", async () => {
    let loads = 0;
    const load = lazyModule(async () => {
      loads += 1;
      if (loads === 1) throw new TypeError("Failed to fetch dynamically imported module");
      return "module";
    });
    await expect(load()).rejects.toMatchObject({ code: "idp_unreachable", cause: expect.any(TypeError) });
    expect(await load()).toBe("module");
    expect(loads).toBe(2);
  });
});
