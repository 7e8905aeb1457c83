import type { ClientLoaderFunctionArgs } from "react-router";
import { Link } from "react-router";
import { callbackLoader } from "react-oidc-apis/router";
import { oidc } from "../oidc";

// The redirect URI is "/": back from the IdP, this redeems the code and sends the router to the page that asked for login.
const handleCallback = callbackLoader(oidc);

export function clientLoader(args: ClientLoaderFunctionArgs) {
  return handleCallback(args);
}
clientLoader.hydrate = true as const;

export function HydrateFallback() {
  return <p data-testid="home-fallback">Loading…</p>;
}

export default function Home() {
  return (
    <main>
      <h1 data-testid="home">Home</h1>
      <Link to="/todos">My todos</Link>
    </main>
  );
}
