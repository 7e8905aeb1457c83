import type { UseQueryResult } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { ErrorPanel } from "./ErrorPanel";
import { Loading } from "./Loading";

/** Props of `<QueryState>`. */
export interface QueryStateProps<T> {
  /** The query to show. */
  query: UseQueryResult<T>;
  /** What is loading, e.g. "to-dos". */
  what: string;
  /** Renders the data. */
  children: (data: T) => ReactNode;
}

/** A query's three states, all visible: loading, a typed error with a retry, or the data. */
export function QueryState<T>({ query, what, children }: QueryStateProps<T>): ReactNode {
  if (query.isPending) return <Loading label={`Loading ${what}…`} />;
  if (query.isError) return <ErrorPanel title={`Could not load ${what}`} error={query.error} onRetry={() => void query.refetch()} />;
  return children(query.data);
}
