import type { ReactNode } from "react";
import { useRouteError, useRevalidator } from "react-router";
import { ErrorPanel } from "../components/ErrorPanel";
import { PageHeader } from "../components/PageHeader";

/** A route's loader or page failed: show the typed error in place of the page, nav bar kept. */
export function RouteError(): ReactNode {
  const error = useRouteError();
  const revalidator = useRevalidator();
  return (
    <>
      <PageHeader title="This page could not load" />
      <ErrorPanel error={error} onRetry={() => void revalidator.revalidate()} />
    </>
  );
}
