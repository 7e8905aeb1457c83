import * as ReactRouter from "react-router";
import { describe, expect, inject, it } from "vitest";

declare module "vitest" {
  interface ProvidedContext {
    /** The React Router major version a unit project runs the router tests against. */
    reactRouterMajor: number;
  }
}

// The router tests run twice: against React Router 8 (project "unit") and, aliased, against 7 ("unit-react-router-7").
describe("the React Router under test", () => {
  it("is the major version the project says", () => {
    const loadedMajor = "UNSAFE_mapRouteProperties" in ReactRouter ? 7 : 8;
    expect(loadedMajor).toBe(inject("reactRouterMajor"));
  });
});
