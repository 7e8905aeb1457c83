import type { ReactNode } from "react";

/** A page's title and one-line explanation. */
export function PageHeader({ title, children }: { title: string; children?: ReactNode }): ReactNode {
  return (
    <div className="page-header">
      <h1>{title}</h1>
      {children ? <p className="page-header__lead">{children}</p> : null}
    </div>
  );
}
