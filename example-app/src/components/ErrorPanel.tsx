import type { ReactNode } from "react";
import { useOidc } from "react-oidc-apis";
import { errorInfo } from "./errorInfo";

/** Props of `<ErrorPanel>`. */
export interface ErrorPanelProps {
  /** What failed. */
  error: unknown;
  /** Title above the message. Default: "Something went wrong". */
  title?: string;
  /** Offer a retry button that calls this. */
  onRetry?: () => void;
}

/** A visible, typed error: the code as a badge, the message, and the way out (retry, or log in again). */
export function ErrorPanel({ error, title = "Something went wrong", onRetry }: ErrorPanelProps): ReactNode {
  const { login } = useOidc();
  const info = errorInfo(error);
  const needsLogin = info.code === "login_required" || info.code === "interaction_required";
  return (
    <div className="error-panel" role="alert" data-testid="error" data-code={info.code}>
      <div className="error-panel__head">
        <strong>{title}</strong>
        <code className="badge badge--error">{info.code}</code>
      </div>
      <p>{info.message}</p>
      {info.details.length > 0 ? (
        <ul className="error-panel__details">
          {info.details.map((detail) => (
            <li key={detail}>{detail}</li>
          ))}
        </ul>
      ) : null}
      <div className="error-panel__actions">
        {needsLogin ? (
          <button type="button" className="button" onClick={() => void login()}>
            Log in again
          </button>
        ) : null}
        {onRetry ? (
          <button type="button" className="button button--ghost" onClick={onRetry}>
            Try again
          </button>
        ) : null}
      </div>
    </div>
  );
}
