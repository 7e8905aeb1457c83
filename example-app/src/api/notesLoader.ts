import type { LoaderFunctionArgs } from "react-router";
import { createTokenBoundFetch } from "react-oidc-apis/query";
import { enforceLogin } from "react-oidc-apis/router";
import type { AppServices } from "../appServices";
import { fetchJson } from "./fetchJson";
import type { Note } from "./queries";

/**
 * Loader of the Notes page, without TanStack Query: a `fetch` bound to the `notes` token (sent only under that API's
 * `baseUrls`, renewed once on a 401) made once, and the data returned as the route's loader data.
 */
export function notesLoader({ oidc, config }: AppServices) {
  const notesFetch = createTokenBoundFetch(oidc, "notes");
  return async (args: LoaderFunctionArgs): Promise<Note[]> => {
    await enforceLogin(oidc, args);
    return fetchJson<Note[]>(notesFetch, `${config.apis.notes}/notes`, { signal: args.request.signal });
  };
}
