// `npm run example`: the whole example stack on fixed ports, until Ctrl-C.
import { DEV_CATALOGUE } from "../../dev-server/devCatalogue";
import { PORT_ENV, portsFromEnv } from "./examplePorts";
import { startExampleStack, type ExampleStack } from "./stack";

async function main(): Promise<void> {
  const host = process.env.EXAMPLE_HOST === "localhost" ? "localhost" : "127.0.0.1";
  // EXAMPLE_CROSS_SITE=1: the IdP on another site than the app, as when third-party cookies are blocked.
  const crossSite = process.env.EXAMPLE_CROSS_SITE === "1";
  const idpHost = crossSite ? (host === "localhost" ? "127.0.0.1" : "localhost") : host;
  let stack: ExampleStack;
  try {
    const vaultUrl = process.env.VAULT_URL;
    stack = await startExampleStack({ ports: portsFromEnv(process.env), host, idpHost, logLevel: "warn", ...(vaultUrl ? { vaultUrl } : {}) });
  } catch (error) {
    const busy = (error as NodeJS.ErrnoException).code === "EADDRINUSE" || /already in use/i.test(String(error));
    console.error(`Could not start the example: ${(error as Error).message}`);
    if (busy) {
      console.error(`A port is taken. Override it with ${Object.values(PORT_ENV).join(", ")} (e.g. EXAMPLE_PORT=5180 npm run example).`);
    }
    process.exitCode = 1;
    return;
  }

  const { urls } = stack;
  const { dedicated, resources, scopes } = DEV_CATALOGUE;
  const rows: [string, string, string][] = [
    ["IdP", urls.issuer, `oidc-provider, login client ${DEV_CATALOGUE.loginClientId}`],
    ["Vault", urls.vault, `${process.env.VAULT_URL ? "your Vault" : "Vault-compatible dev server"}, role web-app, bound audience ${dedicated.vault.audience}`],
    ["Todos API", urls.apis.todos, `aud ${dedicated.todos.audience}, dedicated client ${dedicated.todos.clientId}`],
    ["Files API", urls.apis.files, `aud ${resources.files.audience}, RFC 8707 resource`],
    ["Reports API", urls.apis.reports, `aud ${resources.reports.audience}, Auth0-style audience`],
    ["Notes API", urls.apis.notes, `aud ${scopes.notes.audience}, scope "${scopes.notes.apiScope}"`],
  ];
  const width = Math.max(...rows.map(([, url]) => url.length));
  console.log(
    [
      "",
      "  react-oidc-apis example is running",
      "",
      `  App          ${urls.app}   (${crossSite ? "IdP cross-site: silent sign-ins are top-level redirect chains" : "IdP same-site: silent sign-ins use a hidden iframe; EXAMPLE_CROSS_SITE=1 for the other mode"})`,
      "  Log in with any login name and any password (e.g. alice; bob in another browser profile to compare).",
      "",
      ...rows.map(([name, url, what]) => `  ${name.padEnd(12)} ${url.padEnd(width)}  ${what}`),
      "",
      "  Ctrl-C stops everything.",
      "",
    ].join("\n"),
  );

  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n  ${signal}: stopping the example stack...`);
    // A hung close must not keep the terminal hostage.
    const force = setTimeout(() => process.exit(1), 5_000);
    force.unref();
    stack.close().then(
      () => {
        console.log("  Stopped.");
        process.exit(0);
      },
      (error: unknown) => {
        console.error("  Stopped with an error:", error);
        process.exit(1);
      },
    );
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

await main();
