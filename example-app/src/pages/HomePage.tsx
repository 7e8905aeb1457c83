import type { ReactNode } from "react";
import { Link } from "react-router";
import { useOidc } from "react-oidc-apis";
import { useRuntimeConfig } from "../appServices";
import { BreakableText } from "../components/BreakableText";

const MODES = {
  "same-site": {
    title: "IdP same-site",
    text: "The IdP's session cookie reaches hidden iframes, so tokens for other clients come silently, without leaving the page.",
  },
  "cross-site": {
    title: "IdP cross-site",
    text: "As with third-party cookies blocked: other clients' first tokens come through one chain of top-level redirects that lands back on the same page.",
  },
} as const;

const APIS: { to: string; title: string; how: string; aud: string }[] = [
  { to: "/todos", title: "Todos", how: "Own REST API behind a dedicated OIDC client (Keycloak style).", aud: "todos-api" },
  { to: "/files", title: "Files", how: "RFC 8707 resource indicator on the login client's session.", aud: "https://files.example" },
  { to: "/reports", title: "Reports", how: "Auth0-style audience parameter.", aud: "https://reports.example" },
  { to: "/notes", title: "Notes", how: "A scope the IdP maps onto the API's audience.", aud: "https://notes.example" },
  { to: "/secrets", title: "My Secrets", how: "The vault client's token exchanged for a Vault token, then KV reads.", aud: "vault" },
];

/** An audience as a chip that may wrap only after `://`, a dot or a slash, never inside a word. */
function Audience({ value }: { value: string }): ReactNode {
  return (
    <code className="chip" title={value}>
      <BreakableText value={value} />
    </code>
  );
}

/** Public landing page: what the library does and where to see it. */
export function HomePage(): ReactNode {
  const { status, user, login } = useOidc();
  const mode = MODES[useRuntimeConfig().mode];
  return (
    <>
      <section className="hero">
        <p className="eyebrow">React · OpenID Connect · many APIs</p>
        <h1>One login. One access token per API.</h1>
        <p className="hero__lead">
          Single-page apps often call several APIs: their own backend, a file store, a reporting service, Vault. Each
          expects a token made for it, with its own <code>aud</code>. <strong>react-oidc-apis</strong> gets every
          token from one user session, by whatever means your IdP supports, keeps them fresh, and sends each one only
          to its own API.
        </p>
        <div className="hero__actions">
          {status === "loggedIn" ? (
            <span className="muted">
              Signed in as <strong>{String(user?.name ?? user?.sub)}</strong>. Pick an API below.
            </span>
          ) : (
            <button type="button" className="button button--large" onClick={() => void login({ returnTo: "/profile" })}>
              Log in to try it
            </button>
          )}
          <Link to="/tokens" className="button button--ghost button--large">
            Inspect tokens
          </Link>
        </div>
        <p className="hero__mode" data-testid="site-mode">
          <strong>{mode.title}.</strong> {mode.text}
        </p>
      </section>

      <section className="grid">
        {APIS.map((api) => (
          <Link key={api.to} to={api.to} className="card card--link">
            <h2>{api.title}</h2>
            <p>{api.how}</p>
            <p className="card__aud">
              <span className="muted">aud</span> <Audience value={api.aud} />
            </p>
          </Link>
        ))}
      </section>

      <section className="card">
        <h2>What the app writes</h2>
        <pre className="code">{`const oidc = createOidc({
  issuer,
  clients: {
    app:     { clientId: "myapp" },                                   // the login
    todos:   { clientId: "myapp-todos", baseUrls: [todosApi] },       // dedicated client
    vault:   { clientId: "myapp-vault", baseUrls: [vaultUrl] },
    files:   { clientId: "myapp", resource: "https://files.example" }, // RFC 8707
    reports: { clientId: "myapp", audience: "https://reports.example" },
    notes:   { clientId: "myapp", scope: "openid notes" },
  },
});

const vault = createVaultClient({ oidc, api: "vault", vaultUrl, role: "web-app" });
connectQueryClient(oidc, queryClient); // logout empties the cache

// A route: log in if needed, then the data, with the right token.
loader: async (args) => { await enforceLogin(oidc, args); /* ... */ }
const todos = useAuthedQuery({ api: "todos", queryKey: ["todos"], queryFn: ({ fetch }) => fetch(url) });
const secret = useVaultSecret({ vault, path: \`users/\${user.sub}/api\` });`}</pre>
      </section>
    </>
  );
}
