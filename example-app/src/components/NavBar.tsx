import type { ReactNode } from "react";
import { NavLink } from "react-router";
import { useOidc } from "react-oidc-apis";

const LINKS: [to: string, label: string][] = [
  ["/profile", "Profile"],
  ["/todos", "Todos"],
  ["/files", "Files"],
  ["/reports", "Reports"],
  ["/notes", "Notes"],
  ["/secrets", "My Secrets"],
  ["/tokens", "Tokens"],
];

/** Props of `<NavBar>`. */
export interface NavBarProps {
  /** Called instead of logging out directly, so the layout can blank the page first. */
  onLogout: () => void;
}

/** Top bar: the pages, and who is logged in with a login or logout button. */
export function NavBar({ onLogout }: NavBarProps): ReactNode {
  const { status, user, login } = useOidc();
  const name = typeof user?.name === "string" ? user.name : user?.sub;
  return (
    <header className="navbar">
      <NavLink to="/" className="navbar__brand" end>
        <span className="navbar__logo" aria-hidden="true">◆</span> react-oidc-apis
      </NavLink>
      <nav className="navbar__links" aria-label="Pages">
        {LINKS.map(([to, label]) => (
          <NavLink key={to} to={to} className={({ isActive }) => (isActive ? "navbar__link is-active" : "navbar__link")}>
            {label}
          </NavLink>
        ))}
      </nav>
      <div className="navbar__session" data-testid="session" data-status={status}>
        {status === "initializing" ? <span className="muted">Checking session…</span> : null}
        {status === "loggedIn" ? (
          <>
            <span className="avatar" aria-hidden="true">
              {(name ?? "?").charAt(0).toUpperCase()}
            </span>
            <span className="navbar__user" data-testid="nav-user" title={user?.sub}>
              {name}
            </span>
            <button type="button" className="button button--ghost" onClick={onLogout}>
              Log out
            </button>
          </>
        ) : null}
        {status === "loggedOut" || status === "error" ? (
          <button type="button" className="button" onClick={() => void login()}>
            Log in
          </button>
        ) : null}
      </div>
    </header>
  );
}
