import { createBrowserRouter, type DataRouter } from "react-router";
import { notesLoader } from "./api/notesLoader";
import { filesQuery, reportsQuery, todosQuery } from "./api/queries";
import { secretsLoader } from "./api/secretsLoader";
import type { AppServices } from "./appServices";
import { Layout, Splash } from "./components/Layout";
import { FilesPage } from "./pages/FilesPage";
import { HomePage } from "./pages/HomePage";
import { NotesPage } from "./pages/NotesPage";
import { NotFoundPage } from "./pages/NotFoundPage";
import { ProfilePage } from "./pages/ProfilePage";
import { ReportsPage } from "./pages/ReportsPage";
import { RouteError } from "./pages/RouteError";
import { SecretsPage } from "./pages/SecretsPage";
import { TodosPage } from "./pages/TodosPage";
import { TokensPage } from "./pages/TokensPage";
import { callbackLoader } from "react-oidc-apis/router";
import { protectedLoader, protectedQueryLoader } from "./routeLoaders";

/** The app's routes (data mode): every page but Home asks for a login in its loader. */
export function createAppRouter(services: AppServices): DataRouter {
  const apis = (s: AppServices) => s.config.apis;
  return createBrowserRouter([
    {
      path: "/",
      loader: callbackLoader(services.oidc),
      Component: Layout,
      HydrateFallback: Splash,
      ErrorBoundary: RouteError,
      children: [
        {
          // Pathless, so a failing page keeps the nav bar.
          ErrorBoundary: RouteError,
          children: [
            { index: true, Component: HomePage },
            { path: "profile", loader: protectedLoader(services), Component: ProfilePage },
            { path: "todos", loader: protectedQueryLoader(services, (s) => todosQuery(apis(s))), Component: TodosPage },
            { path: "files", loader: protectedQueryLoader(services, (s) => filesQuery(apis(s))), Component: FilesPage },
            { path: "reports", loader: protectedQueryLoader(services, (s) => reportsQuery(apis(s))), Component: ReportsPage },
            { path: "notes", loader: notesLoader(services), Component: NotesPage },
            { path: "secrets", loader: secretsLoader(services), Component: SecretsPage },
            { path: "tokens", loader: protectedLoader(services), Component: TokensPage },
            { path: "*", Component: NotFoundPage },
          ],
        },
      ],
    },
  ]);
}
