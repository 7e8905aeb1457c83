// Glewlwyd's login UI is a JavaScript app (`login.html`): no HTML form to submit. This page handler does
// over Glewlwyd's API what that app's scripts do when the user logs in, clicks "Continue" or "Log out".
import { type IdpPage, type PageHandler, type PageStep, UserAgentError } from "../userAgent";

/** The session list end_session's confirmation page loads (`GET /api/<plugin>/session/<sid>/<client_id>`). */
interface EndSessionInfo {
  /** Present only when end_session got `state` and a registered `post_logout_redirect_uri`. */
  post_redirect_to?: string;
}

function apiUrl(page: IdpPage, path: string): URL {
  // The webapp's config.json has GlewlwydUrl "./": the API is `api/` next to login.html.
  return new URL(`api${path}`, page.url);
}

async function expectOk(response: Response, what: string, page: IdpPage): Promise<void> {
  const text = await response.text();
  if (!response.ok) {
    throw new UserAgentError("idp_error", `Glewlwyd answered ${response.status} to ${what}: ${text || "(empty)"}`, page.url.href);
  }
}

/** The login app for an authorization request: log in with the password if there is no session, then
 *  "Continue", which goes back to `callback_url` with `g_continue` (Glewlwyd's "the user saw the login page"). */
async function login(page: IdpPage, params: URLSearchParams): Promise<PageStep> {
  if (!page.interactive) {
    throw new UserAgentError("interaction_required", `Glewlwyd showed its login page at ${page.url.href}.`, page.url.href);
  }
  if (page.loginSubmitted) {
    // Back on the login page after "Continue": the session lacks a scope or the client lacks consent.
    throw new UserAgentError("unexpected_response", `Glewlwyd showed its login page again at ${page.url.href}.`, page.url.href);
  }
  const callback = params.get("callback_url");
  if (!callback) throw new UserAgentError("unexpected_response", `Glewlwyd's login page has no callback_url: ${page.url.href}`, page.url.href);

  const profile = await page.request(apiUrl(page, "/profile_list/"));
  await profile.body?.cancel();
  if (profile.status === 401) {
    const auth = await page.request(apiUrl(page, "/auth/"), { method: "POST", json: { username: page.login, password: page.password } });
    await expectOk(auth, `the password of "${page.login}"`, page);
  }
  return { next: new URL(`${callback}${callback.includes("?") ? "&" : "?"}g_continue`), loginSubmitted: true };
}

/** The end-session page: the user clicks "Log out"; the app then closes the OIDC session and the Glewlwyd
 *  session, and goes to `callback_url` only when Glewlwyd said there is a post-logout redirect. */
async function endSession(page: IdpPage, params: URLSearchParams): Promise<PageStep> {
  const plugin = params.get("plugin") ?? "";
  const sid = params.get("sid") ?? "";
  const clientId = params.get("client_id") ?? "";
  const postRedirectTo = params.get("post_redirect_to");
  const query = postRedirectTo ? `?post_redirect_to=${encodeURIComponent(postRedirectTo)}` : "";
  const session = `/${encodeURIComponent(plugin)}/session/${encodeURIComponent(sid)}`;

  const list = await page.request(apiUrl(page, `${session}/${encodeURIComponent(clientId)}${query}`));
  if (!list.ok) await expectOk(list, "the end-session list", page);
  const info = (await list.json()) as EndSessionInfo;
  await expectOk(await page.request(apiUrl(page, session), { method: "DELETE" }), "closing the OIDC session", page);
  // The webapp ignores this answer too (`.always`): no session left is fine.
  await (await page.request(apiUrl(page, "/auth/"), { method: "DELETE" })).body?.cancel();

  const callback = params.get("callback_url");
  if (!info.post_redirect_to || !callback) {
    throw new UserAgentError(
      "unexpected_response",
      `Glewlwyd ended the session and stayed on its own page (no state or no registered post_logout_redirect_uri): ${page.url.href}`,
      page.url.href,
    );
  }
  return { next: new URL(callback) };
}

/** The user agent's handler for Glewlwyd's `login.html` (pass as `createUserAgent({ pages: glewlwydPages })`). */
export const glewlwydPages: PageHandler = async (page) => {
  if (!page.url.pathname.endsWith("/login.html")) return undefined;
  const params = page.url.searchParams;
  switch (params.get("prompt")) {
    case "end_session":
      return endSession(page, params);
    case "single_logout":
      throw new UserAgentError("unexpected_response", `Glewlwyd did not accept the id_token_hint and offers a single logout: ${page.url.href}`, page.url.href);
    default:
      return login(page, params);
  }
};
