import { build } from "esbuild";
import { resolve } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { OidcError } from "../../../../src/core/errors";

const repo = resolve(import.meta.dirname, "../../../..");

/** createOidc's error for a client without clientId, with the modules loaded under `nodeEnv`. */
async function configError(nodeEnv: string): Promise<OidcError> {
  vi.stubEnv("NODE_ENV", nodeEnv);
  vi.resetModules();
  const { createOidc } = await import("../../../../src/core/createOidc");
  const errors = await import("../../../../src/core/errors");
  try {
    createOidc({ issuer: "https://idp.example", clients: { app: {} as { clientId: string } } });
  } catch (error) {
    expect(error).toBeInstanceOf(errors.OidcError);
    return error as OidcError;
  }
  throw new Error("createOidc accepted a client without clientId");
}

/** The main path (what bench/size.ts measures) bundled and minified the way an app's bundler does for `nodeEnv`. */
async function mainPathBundle(nodeEnv: string): Promise<string> {
  const result = await build({
    stdin: {
      contents: `export { createOidc, OidcProvider, useOidc, useApiToken } from "./src/index.ts";`,
      resolveDir: repo,
      loader: "ts",
    },
    bundle: true,
    format: "esm",
    minify: true,
    write: false,
    jsx: "automatic",
    external: ["react", "react-dom", "react/*"],
    define: { "process.env.NODE_ENV": JSON.stringify(nodeEnv), "import.meta.env.DEV": String(nodeEnv !== "production") },
    logLevel: "silent",
  });
  return result.outputFiles[0]!.text;
}

// Long explanations of every kind: configuration, extra parameters, IdP refusals, audience fixes, warnings.
const explanations = [
  "the OAuth client id registered at the IdP",
  "Known options:",
  "cannot be set: the kit sends it",
  "Grant consent to client",
  "as a resource (RFC 8707) client",
  "less than renewBeforeExpirySeconds",
];

describe("development-only explanations", () => {
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.resetModules();
  });

  it("development builds say how to fix a configuration; production ones keep the code and the field", async () => {
    const development = await configError("development");
    expect(development.code).toBe("config_invalid");
    expect(development.message).toContain("clients.app.clientId is required: the OAuth client id registered at the IdP");
    const production = await configError("production");
    expect(production.code).toBe("config_invalid");
    expect(production.message).toContain("clients.app.clientId");
    expect(production.message).not.toContain("registered at the IdP");
  });

  it("a production bundle ships none of them, a development bundle all", async () => {
    const [production, development] = await Promise.all([mainPathBundle("production"), mainPathBundle("development")]);
    for (const text of explanations) {
      expect(development.includes(text), `development bundle has "${text}"`).toBe(true);
      expect(production.includes(text), `production bundle has "${text}"`).toBe(false);
    }
  });
});
