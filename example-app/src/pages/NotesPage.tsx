import type { ReactNode } from "react";
import { useAuthedQuery } from "react-oidc-apis/query";
import { notesQuery, type Note } from "../api/queries";
import { useRuntimeConfig } from "../appServices";
import { ApiTokenCard } from "../components/ApiTokenCard";
import { PageHeader } from "../components/PageHeader";
import { QueryState } from "../components/QueryState";

/** The notes API, whose audience the IdP adds when the token is asked for with the `notes` scope. */
export function NotesPage(): ReactNode {
  const { apis } = useRuntimeConfig();
  const notes = useAuthedQuery("notes", notesQuery(apis));
  return (
    <>
      <PageHeader title="Notes">
        A refresh of the login client narrowed to <code>scope=openid notes</code>; the IdP maps that scope onto the notes API's audience.
      </PageHeader>
      <ApiTokenCard api="notes" />
      <section className="card">
        <QueryState query={notes} what="notes">
          {(list) => (
            <ul className="list" data-testid="note-list">
              {list.map((note) => (
                <li key={note.id} className="list__item">
                  <span className="note-icon" aria-hidden="true">✎</span>
                  {note.text}
                </li>
              ))}
            </ul>
          )}
        </QueryState>
      </section>
    </>
  );
}
