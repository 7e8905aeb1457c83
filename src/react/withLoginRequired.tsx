import type { ComponentType, ReactNode } from "react";
import { RequireLogin, type RequireLoginOptions } from "./RequireLogin.js";

/**
 * Wraps `Component` in `<RequireLogin {...options}>`: it renders only for a logged-in user, and a logged-out visit
 * starts one login back to the current URL (like Auth0's `withAuthenticationRequired`).
 * @param Component - The component to protect; it receives its props unchanged.
 * @param options - As the props of `<RequireLogin>`.
 */
export function withLoginRequired<P extends object>(Component: ComponentType<P>, options: RequireLoginOptions = {}): ComponentType<P> {
  function WithLoginRequired(props: P): ReactNode {
    return (
      <RequireLogin {...options}>
        <Component {...props} />
      </RequireLogin>
    );
  }
  WithLoginRequired.displayName = `withLoginRequired(${Component.displayName || Component.name || "Component"})`;
  return WithLoginRequired;
}
