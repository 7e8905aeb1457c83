import type { ReactNode } from "react";
import { useLoaderData } from "react-router";
import type { Note } from "../api/queries";
import { ApiTokenCard } from "../components/ApiTokenCard";
import { PageHeader } from "../components/PageHeader";

/** The notes API, whose audience the IdP adds when the token is asked for with the `notes` scope; read in the loader. */
export function NotesPage(): ReactNode {
  const notes = useLoaderData() as Note[];
  return (
    <>
      <PageHeader title="Notes">
        A refresh of the login client narrowed to <code>scope=openid notes</code>; the IdP maps that scope onto the notes API's audience.
        The route's loader reads them with a token-bound <code>fetch</code>, without a query cache.
      </PageHeader>
      <ApiTokenCard api="notes" />
      <section className="card">
        {notes.length === 0 ? <p className="muted">No notes yet.</p> : null}
        <ul className="list" data-testid="note-list">
          {notes.map((note) => (
            <li key={note.id} className="list__item">
              <span className="note-icon" aria-hidden="true">✎</span>
              {note.text}
            </li>
          ))}
        </ul>
      </section>
    </>
  );
}
