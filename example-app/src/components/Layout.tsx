import { useState, type ReactNode } from "react";
import { Outlet, useNavigation } from "react-router";
import { useOidc } from "react-oidc-apis";
import { IdleWarning } from "./IdleWarning";
import { Loading } from "./Loading";
import { NavBar } from "./NavBar";

/** The page frame: nav bar, a thin progress bar while a route loads, the page, a footer. */
export function Layout(): ReactNode {
  const { logout } = useOidc();
  const navigation = useNavigation();
  // Blank the page the moment logout starts: it revokes tokens first, and the user's data must not linger meanwhile.
  const [signingOut, setSigningOut] = useState(false);
  const onLogout = () => {
    setSigningOut(true);
    void logout({ returnTo: "/" });
  };
  return (
    <div className="app">
      <NavBar onLogout={onLogout} />
      <IdleWarning />
      <div className={navigation.state === "idle" ? "progress" : "progress is-active"} aria-hidden="true" />
      <main className="page">{signingOut ? <Loading label="Signing out…" /> : <Outlet />}</main>
      <footer className="footer">
        One login, one access token per API. Tokens live in memory only: nothing in localStorage.
      </footer>
    </div>
  );
}

/** Shown while the first route's loader runs (session restore, login callback). */
export function Splash(): ReactNode {
  return (
    <div className="app">
      <main className="page page--center">
        <Loading label="Starting…" />
      </main>
    </div>
  );
}
