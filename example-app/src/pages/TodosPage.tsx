import { useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent, type ReactNode } from "react";
import { authedQueryKey, useAuthedMutation, useAuthedQuery } from "react-oidc-apis/query";
import { fetchJson } from "../api/fetchJson";
import { todosQuery, type Todo } from "../api/queries";
import { useRuntimeConfig } from "../appServices";
import { ApiTokenCard } from "../components/ApiTokenCard";
import { ErrorPanel } from "../components/ErrorPanel";
import { PageHeader } from "../components/PageHeader";
import { QueryState } from "../components/QueryState";

/** The todos API: a list and a form, each request with the `todos` token only. */
export function TodosPage(): ReactNode {
  const { apis } = useRuntimeConfig();
  const queryClient = useQueryClient();
  const todos = useAuthedQuery(todosQuery(apis));
  const [title, setTitle] = useState("");
  const add = useAuthedMutation({
    api: "todos",
    mutationFn: (newTitle: string, { fetch }) => fetchJson<Todo>(fetch, `${apis.todos}/todos`, { method: "POST", body: JSON.stringify({ title: newTitle }) }),
    onSuccess: () => {
      setTitle("");
      return queryClient.invalidateQueries({ queryKey: authedQueryKey("todos", ["todos"]) });
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (title.trim()) add.mutate(title.trim());
  };

  return (
    <>
      <PageHeader title="Todos">Your own REST API. Its token comes from a dedicated OIDC client and carries aud todos-api.</PageHeader>
      <ApiTokenCard api="todos" />
      <section className="card">
        <QueryState query={todos} what="to-dos">
          {(list) => (
            <ul className="list" data-testid="todo-list">
              {list.map((todo) => (
                <li key={todo.id} className="list__item">
                  <span className={todo.done ? "check check--done" : "check"} aria-hidden="true">
                    {todo.done ? "✓" : ""}
                  </span>
                  <span className={todo.done ? "strike" : undefined}>{todo.title}</span>
                </li>
              ))}
            </ul>
          )}
        </QueryState>
        <form className="inline-form" onSubmit={submit}>
          <label className="sr-only" htmlFor="new-todo">
            New to-do
          </label>
          <input
            id="new-todo"
            className="input"
            placeholder="What needs doing?"
            value={title}
            onChange={(event) => setTitle(event.target.value)}
            disabled={add.isPending}
          />
          <button type="submit" className="button" disabled={add.isPending || !title.trim()}>
            {add.isPending ? "Adding…" : "Add"}
          </button>
        </form>
        {add.isError ? <ErrorPanel title="Could not add the to-do" error={add.error} /> : null}
      </section>
    </>
  );
}
