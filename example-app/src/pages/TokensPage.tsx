import type { ReactNode } from "react";
import { TokenInspector } from "react-oidc-apis";
import { PageHeader } from "../components/PageHeader";

/** Every named client's token: strategy, audience, scope, expiry. */
export function TokensPage(): ReactNode {
  return (
    <>
      <PageHeader title="Tokens">
        One row per named client. A token is fetched on first use and renewed before it expires; only a short prefix is shown.
      </PageHeader>
      <section className="card card--flush">
        <div className="table-scroll">
          <TokenInspector className="table table--tokens" caption="Access tokens held in memory by this tab" />
        </div>
      </section>
    </>
  );
}
