import type { ReactNode } from "react";
import { useLoaderData } from "react-router";
import type { IdTokenClaims } from "react-oidc-apis";
import { ApiTokenCard } from "../components/ApiTokenCard";
import { BreakableText } from "../components/BreakableText";
import { PageHeader } from "../components/PageHeader";
import { dateTime } from "../components/time";

const SHOWN = ["name", "email", "sub", "groups"];

function display(value: unknown): string {
  if (Array.isArray(value)) return value.length === 0 ? "—" : value.join(", ");
  if (typeof value === "number" && value > 1e9) return `${value} (${dateTime(value * 1000)})`;
  return typeof value === "string" ? value : JSON.stringify(value);
}

/** A claim's text: an opaque value (a nonce, a hash: one long run) may wrap anywhere, words and URLs only after separators. */
function ClaimValue({ text }: { text: string }): ReactNode {
  return /^\S{21,}$/.test(text) && !/[:/.]/.test(text) ? <span className="opaque">{text}</span> : <BreakableText value={text} />;
}

/** The ID token's claims of the logged-in user (the route's loader enforces the login). */
export function ProfilePage(): ReactNode {
  const { user } = useLoaderData() as { user: IdTokenClaims };
  const others = Object.keys(user).filter((claim) => !SHOWN.includes(claim));
  return (
    <>
      <PageHeader title="Profile">Claims of the ID token from the interactive login. No API is called for this page.</PageHeader>
      <ApiTokenCard api="app" />
      <section className="card">
        <div className="profile">
          <span className="avatar avatar--large" aria-hidden="true">
            {String(user.name ?? user.sub).charAt(0).toUpperCase()}
          </span>
          <div>
            <h2 data-testid="profile-name">{String(user.name ?? user.sub)}</h2>
            <p className="muted">{typeof user.email === "string" ? user.email : null}</p>
          </div>
        </div>
        <table className="table" data-testid="claims">
          <tbody>
            {[...SHOWN.filter((claim) => claim in user), ...others].map((claim) => (
              <tr key={claim}>
                <th scope="row">
                  <code>{claim}</code>
                </th>
                <td>
                  <ClaimValue text={display(user[claim])} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </>
  );
}
