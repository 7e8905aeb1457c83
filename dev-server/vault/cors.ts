import type { IncomingMessage, ServerResponse } from "node:http";

const ALLOWED_METHODS = ["DELETE", "GET", "OPTIONS", "POST", "PUT", "LIST"];

// Vault's StdAllowedHeaders.
const ALLOWED_HEADERS = [
  "Content-Type",
  "X-Requested-With",
  "X-Vault-AWS-IAM-Server-ID",
  "X-Vault-MFA",
  "X-Vault-No-Request-Forwarding",
  "X-Vault-Wrap-Format",
  "X-Vault-Wrap-TTL",
  "X-Vault-Policy-Override",
  "Authorization",
  "X-Vault-Token",
];

/**
 * Vault's CORS handling: no `Origin`, go on; a disallowed origin, 403 `origin not allowed`; a preflight for an
 * allowed origin is answered here. Returns true when the request was answered.
 */
export function handleCors(req: IncomingMessage, res: ServerResponse, allowedOrigins: string[]): { answered: boolean; status?: number } {
  const origin = req.headers.origin;
  if (!origin) return { answered: false };
  if (!allowedOrigins.includes("*") && !allowedOrigins.includes(origin)) {
    res.writeHead(403, { "Content-Type": "application/json" }).end(JSON.stringify({ errors: ["origin not allowed"] }));
    return { answered: true, status: 403 };
  }
  const requestMethod = req.headers["access-control-request-method"];
  if (req.method === "OPTIONS" && !ALLOWED_METHODS.includes(String(requestMethod ?? ""))) {
    res.writeHead(405).end();
    return { answered: true, status: 405 };
  }
  res.setHeader("Access-Control-Allow-Origin", origin);
  res.setHeader("Vary", "Origin");
  if (req.method === "OPTIONS") {
    res.setHeader("Access-Control-Allow-Methods", ALLOWED_METHODS.join(","));
    res.setHeader("Access-Control-Allow-Headers", ALLOWED_HEADERS.join(","));
    res.setHeader("Access-Control-Max-Age", "300");
    res.writeHead(200).end();
    return { answered: true, status: 200 };
  }
  return { answered: false };
}
