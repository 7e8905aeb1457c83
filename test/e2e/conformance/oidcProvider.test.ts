// Conformance journeys against oidc-provider (the dev IdP): every strategy works in both restoration modes.
import { conformanceSuite } from "./journeys";
import { startOidcProvider } from "./providers";

conformanceSuite("oidc-provider", startOidcProvider);
