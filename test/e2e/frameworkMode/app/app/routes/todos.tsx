import { useLoaderData, type ClientLoaderFunctionArgs } from "react-router";
import { enforceLogin } from "react-oidc-apis/router";
import { todosUrl } from "virtual:framework-e2e-config";
import { oidc } from "../oidc";

interface Todo {
  id: number;
  title: string;
}

// Runs in the browser only: on the server this route renders its HydrateFallback.
export async function clientLoader({ request }: ClientLoaderFunctionArgs) {
  const { user } = await enforceLogin(oidc, { request });
  const token = await oidc.getApiToken("todos");
  const response = await fetch(`${todosUrl}/todos`, { headers: { authorization: `Bearer ${token}` } });
  if (!response.ok) throw new Error(`todos API answered ${response.status}`);
  return { user: user.sub, todos: (await response.json()) as Todo[] };
}
clientLoader.hydrate = true as const;

export function HydrateFallback() {
  return <p data-testid="todos-fallback">Checking your session…</p>;
}

export default function Todos() {
  const { user, todos } = useLoaderData<typeof clientLoader>();
  return (
    <main>
      <h1 data-testid="todos-owner">{user}</h1>
      <ul data-testid="todos" data-count={todos.length}>
        {todos.map((todo) => (
          <li key={todo.id}>{todo.title}</li>
        ))}
      </ul>
    </main>
  );
}
