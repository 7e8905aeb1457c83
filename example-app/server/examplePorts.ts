// The one place that says which port each server of the example stack listens on.

/** Ports of the example stack's servers (0 picks a free port). */
export interface ExamplePorts {
  /** The app (Vite dev server). */
  app: number;
  /** The dev IdP (oidc-provider). */
  idp: number;
  /** The Vault-compatible dev server. */
  vault: number;
  /** The todos API (dedicated client `myapp-todos`). */
  todos: number;
  /** The files API (RFC 8707 resource). */
  files: number;
  /** The reports API (Auth0-style audience). */
  reports: number;
  /** The notes API (scope strategy). */
  notes: number;
}

/** Default ports of `npm run example`; the environment variable named in `PORT_ENV` overrides each. */
export const DEFAULT_PORTS: Readonly<ExamplePorts> = {
  app: 5173,
  idp: 4000,
  vault: 8200,
  todos: 4101,
  files: 4102,
  reports: 4103,
  notes: 4104,
};

/** Environment variable that overrides each port. */
export const PORT_ENV: Readonly<Record<keyof ExamplePorts, string>> = {
  app: "EXAMPLE_PORT",
  idp: "IDP_PORT",
  vault: "VAULT_PORT",
  todos: "TODOS_API_PORT",
  files: "FILES_API_PORT",
  reports: "REPORTS_API_PORT",
  notes: "NOTES_API_PORT",
};

/** Every port set to 0: each server picks a free one (tests). */
export const FREE_PORTS: Readonly<ExamplePorts> = { app: 0, idp: 0, vault: 0, todos: 0, files: 0, reports: 0, notes: 0 };

/** `DEFAULT_PORTS` with the overrides found in `env`; throws on a value that is not a port number. */
export function portsFromEnv(env: Record<string, string | undefined>): ExamplePorts {
  const ports = { ...DEFAULT_PORTS };
  for (const key of Object.keys(PORT_ENV) as (keyof ExamplePorts)[]) {
    const raw = env[PORT_ENV[key]];
    if (raw === undefined || raw === "") continue;
    const port = Number(raw);
    if (!Number.isInteger(port) || port < 0 || port > 65535) {
      throw new RangeError(`${PORT_ENV[key]}=${JSON.stringify(raw)} is not a port number (0-65535).`);
    }
    ports[key] = port;
  }
  return ports;
}
