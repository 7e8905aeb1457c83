// Small per-user in-memory data behind the sample APIs. Each store belongs to one API instance.

/** A to-do item of the todos API. */
export interface Todo {
  id: number;
  title: string;
  done: boolean;
}

/** The data one sample API serves, keyed by the token's `sub`. */
export interface SampleData {
  todos(sub: string): Todo[];
  addTodo(sub: string, title: string): Todo;
  files(sub: string): { name: string; size: number; owner: string }[];
  reports(sub: string): { id: string; title: string; month: string }[];
  notes(sub: string): { id: number; text: string }[];
  objects(sub: string): { key: string; size: number; lastModified: string }[];
}

/** A fresh store: every user starts with the same two to-dos. */
export function createSampleData(): SampleData {
  const todosBySub = new Map<string, Todo[]>();
  let nextId = 1;
  const todosOf = (sub: string): Todo[] => {
    let list = todosBySub.get(sub);
    if (!list) {
      list = [
        { id: nextId++, title: "Read the brief", done: true },
        { id: nextId++, title: "Call every API with its own token", done: false },
      ];
      todosBySub.set(sub, list);
    }
    return list;
  };
  return {
    todos: (sub) => [...todosOf(sub)],
    addTodo(sub, title) {
      const todo = { id: nextId++, title, done: false };
      todosOf(sub).push(todo);
      return todo;
    },
    files: (sub) => [
      { name: "plan.md", size: 1204, owner: sub },
      { name: "budget.xlsx", size: 20480, owner: sub },
    ],
    reports: () => [
      { id: "r-2026-10", title: "October usage", month: "2026-10" },
      { id: "r-2026-11", title: "November usage", month: "2026-11" },
    ],
    notes: (sub) => [
      { id: 1, text: `Hello ${sub}` },
      { id: 2, text: "Tokens are per API" },
    ],
    objects: (sub) => [
      { key: `users/${sub}/avatar.png`, size: 5120, lastModified: "2026-11-01T10:00:00.000Z" },
      { key: `users/${sub}/export.csv`, size: 812, lastModified: "2026-11-20T08:30:00.000Z" },
    ],
  };
}
