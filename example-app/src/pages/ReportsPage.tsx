import type { ReactNode } from "react";
import { useAuthedQuery } from "react-oidc-apis/query";
import { reportsQuery, type Report } from "../api/queries";
import { useRuntimeConfig } from "../appServices";
import { ApiTokenCard } from "../components/ApiTokenCard";
import { PageHeader } from "../components/PageHeader";
import { QueryState } from "../components/QueryState";

/** The reports API, reached the Auth0 way with an `audience` parameter. */
export function ReportsPage(): ReactNode {
  const { apis } = useRuntimeConfig();
  const reports = useAuthedQuery("reports", reportsQuery(apis));
  return (
    <>
      <PageHeader title="Reports">
        Auth0 style: a silent authorization with <code>audience=https://reports.example</code>.
      </PageHeader>
      <ApiTokenCard api="reports" />
      <section className="card">
        <QueryState query={reports} what="reports">
          {(list) => (
            <div className="grid grid--tight" data-testid="report-list">
              {list.map((report) => (
                <article key={report.id} className="report">
                  <span className="report__month">{report.month}</span>
                  <h3>{report.title}</h3>
                  <code className="muted">{report.id}</code>
                </article>
              ))}
            </div>
          )}
        </QueryState>
      </section>
    </>
  );
}
