// Conformance journeys against Glewlwyd 2.7.5 (Debian), a provider this project did not write. Login, the resource
// strategy, renewal, sessionStorage restore and logout work; a dedicated client's first silent token and a memory-only
// reload cannot (Glewlwyd wants the client's own last ID token as id_token_hint): the kit's typed refusal is asserted.
import { conformanceSuite } from "./journeys";
import { startGlewlwydProvider } from "./providers";

conformanceSuite("Glewlwyd", startGlewlwydProvider);
