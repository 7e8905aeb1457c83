import { Suspense, type ReactNode } from "react";
import { useAuthedSuspenseQuery } from "react-oidc-apis/query";
import { reportsQuery } from "../api/queries";
import { useRuntimeConfig } from "../appServices";
import { ApiTokenCard } from "../components/ApiTokenCard";
import { Loading } from "../components/Loading";
import { PageHeader } from "../components/PageHeader";

/** The reports, with Suspense: the loader started the query, this component waits for its data (errors go to the route's boundary). */
function ReportList(): ReactNode {
  const { apis } = useRuntimeConfig();
  const { data: reports } = useAuthedSuspenseQuery(reportsQuery(apis));
  return (
    <div className="grid grid--tight" data-testid="report-list">
      {reports.map((report) => (
        <article key={report.id} className="report">
          <span className="report__month">{report.month}</span>
          <h3>{report.title}</h3>
          <code className="muted">{report.id}</code>
        </article>
      ))}
    </div>
  );
}

/** The reports API, reached the Auth0 way with an `audience` parameter. */
export function ReportsPage(): ReactNode {
  return (
    <>
      <PageHeader title="Reports">
        Auth0 style: a silent authorization with <code>audience=https://reports.example</code>.
      </PageHeader>
      <ApiTokenCard api="reports" />
      <section className="card">
        <Suspense fallback={<Loading label="Loading reports…" />}>
          <ReportList />
        </Suspense>
      </section>
    </>
  );
}
