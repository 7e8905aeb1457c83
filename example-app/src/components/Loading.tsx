import type { ReactNode } from "react";

/** A visible loading state that screen readers announce. */
export function Loading({ label }: { label: string }): ReactNode {
  return (
    <div className="loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" />
      {label}
    </div>
  );
}
