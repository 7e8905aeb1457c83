// Every public entry at once, for the size budget of the whole kit.
export * as main from "../../dist/index.js";
export * as vault from "../../dist/vault.js";
export * as query from "../../dist/query.js";
export * as router from "../../dist/router.js";
