import type { AuthedQueryOptionsInput } from "react-oidc-apis/query";
import type { AppApi } from "../oidc";
import type { ApiUrls } from "../runtimeConfig";
import { fetchJson } from "./fetchJson";

/** A to-do of the todos API. */
export interface Todo {
  id: number;
  title: string;
  done: boolean;
}

/** A file of the files API. */
export interface FileEntry {
  name: string;
  size: number;
  owner: string;
}

/** A report of the reports API. */
export interface Report {
  id: string;
  title: string;
  month: string;
}

/** A note of the notes API. */
export interface Note {
  id: number;
  text: string;
}

/** A list query of one API: `useQuery`'s options plus the `api` whose token fetches it. */
export type ListQuery<T> = AuthedQueryOptionsInput<AppApi, T[], Error, T[], readonly [string]>;

// One definition per list serves the route loader (prefetch) and the page's hook alike.
function listQuery<T>(api: AppApi, url: string): ListQuery<T> {
  return {
    api,
    queryKey: [api] as const,
    queryFn: ({ fetch, signal }) => fetchJson<T[]>(fetch, url, { signal }),
  };
}

/** The signed-in user's to-dos (todos API, dedicated client). */
export const todosQuery = (apis: ApiUrls): ListQuery<Todo> => listQuery<Todo>("todos", `${apis.todos}/todos`);

/** The signed-in user's files (files API, RFC 8707 resource). */
export const filesQuery = (apis: ApiUrls): ListQuery<FileEntry> => listQuery<FileEntry>("files", `${apis.files}/files`);

/** Monthly reports (reports API, Auth0-style audience). */
export const reportsQuery = (apis: ApiUrls): ListQuery<Report> => listQuery<Report>("reports", `${apis.reports}/reports`);
