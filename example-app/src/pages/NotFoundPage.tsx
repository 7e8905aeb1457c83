import type { ReactNode } from "react";
import { Link } from "react-router";
import { PageHeader } from "../components/PageHeader";

/** Any URL the app does not know. */
export function NotFoundPage(): ReactNode {
  return (
    <>
      <PageHeader title="Page not found" />
      <p>
        <Link to="/">Back to the start page</Link>
      </p>
    </>
  );
}
