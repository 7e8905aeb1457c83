import type { ReactNode } from "react";
import { useIdleLogout } from "react-oidc-apis";

/** After 15 minutes without activity the user is logged out; the last minute shows this warning with a countdown. */
export function IdleWarning(): ReactNode {
  const idle = useIdleLogout({ timeoutSeconds: 15 * 60, warnBeforeSeconds: 60, logoutOptions: { returnTo: "/" } });
  if (idle.status !== "warning") return null;
  return (
    <div className="idle-warning" role="alertdialog" aria-label="Idle logout" data-testid="idle-warning">
      <p>
        You will be signed out in <strong>{idle.secondsLeft} s</strong> for inactivity.
      </p>
      <button type="button" className="button" onClick={idle.stayActive}>
        Stay signed in
      </button>
    </div>
  );
}
