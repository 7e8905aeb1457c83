import { authorizationResponseState } from "../protocol/authorizationResponse.js";

/**
 * Starts the `state` of a popup login's request (random tokens are base64url, which has no "."): the page the popup lands
 * on knows it is a popup's without reading any storage (a popup's sessionStorage is a copy made before the request).
 */
export const POPUP_STATE_PREFIX = "popup.";

/** True when `href` carries the response to a popup login: this page is the popup, which hands it over and redeems nothing. */
export const isPopupLanding = (href: string): boolean => authorizationResponseState(href)?.startsWith(POPUP_STATE_PREFIX) === true;
