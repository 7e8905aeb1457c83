// The size budgets `npm test` checks (gzip, production build; see bundleSize.ts). Each limit sits just above what the
// kit measures today, so growth is a decision, not an accident. Needs a built dist/. Run: npx tsx test/size/budgets.ts
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SIZE_ENTRIES } from "../../bench/size/entries";
import { bundleSize, kb } from "./bundleSize";

const KB = 1024;
const peers = ["react", "react-dom", "react/jsx-runtime", "@tanstack/react-query", "react-router"];

interface Budget {
  name: string;
  measure(work: string): Promise<number>;
  limit: number;
}

const everyExport = (entry: string, alias: string) => `import * as ${alias} from "${entry}"; console.log(${alias});`;

const budgets: Budget[] = [
  {
    name: "main path at start: createOidc + OidcProvider + useOidc + useApiToken, added to a React app (issue target 17 KB)",
    measure: async (work) => {
      const [app, react] = await Promise.all([bundleSize(SIZE_ENTRIES["react-oidc-apis"]!, work), bundleSize(SIZE_ENTRIES["react (baseline)"]!, work)]);
      return app.atStart - react.atStart;
    },
    limit: 17 * KB,
  },
  {
    name: "main path plus what a page restoring the session silently loads (the iframe runner, or the chain departure cross-site)",
    measure: async (work) => {
      const [app, react] = await Promise.all([bundleSize(SIZE_ENTRIES["react-oidc-apis"]!, work), bundleSize(SIZE_ENTRIES["react (baseline)"]!, work)]);
      const { iframeRunner = Number.NaN, chainDeparture = Number.NaN } = app.lazy;
      return app.atStart - react.atStart + Math.max(iframeRunner, chainDeparture);
    },
    limit: 18.3 * KB,
  },
  {
    name: "the whole main entry at start (adds TokenInspector, guards, idle logout, popup trigger), kit's own code",
    measure: async (work) => (await bundleSize(everyExport("react-oidc-apis", "kit"), work, peers)).atStart,
    limit: 19.8 * KB,
  },
  {
    name: "every entry at start (core, React, vault, query, router), kit's own code",
    measure: async (work) =>
      (
        await bundleSize(
          ["react-oidc-apis", "react-oidc-apis/vault", "react-oidc-apis/query", "react-oidc-apis/router"].map((e, i) => everyExport(e, `e${i}`)).join("\n"),
          work,
          peers,
        )
      ).atStart,
    limit: 29.1 * KB,
  },
  {
    name: "DPoP, loaded by import() only when a client has dpop: true (keys, proofs, nonces)",
    measure: async (work) => (await bundleSize(everyExport("react-oidc-apis", "kit"), work, peers)).lazy.dpopSession ?? Number.NaN,
    limit: 2.8 * KB,
  },
];

const work = mkdtempSync(join(tmpdir(), "roa-budgets-"));
let failed = 0;
try {
  for (const budget of budgets) {
    const size = await budget.measure(work);
    const ok = size <= budget.limit;
    if (!ok) failed += 1;
    console.log(`${ok ? "ok  " : "FAIL"} ${kb(size)} of ${kb(budget.limit)}  ${budget.name}`);
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
process.exit(failed === 0 ? 0 : 1);
