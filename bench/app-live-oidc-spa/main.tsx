// oidc-spa's documented entry point without its Vite plugin: oidcEarlyInit runs before the app, so a
// silent-signin iframe (which loads this same page) only posts the auth response and loads nothing else.
import { oidcEarlyInit } from "oidc-spa/entrypoint";

const { shouldLoadApp } = oidcEarlyInit({ BASE_URL: "/" });
if (shouldLoadApp) void import("./main.lazy");
