// The app's own server entry (React Router's default one needs the `isbot` package): every request waits for the whole
// document, and every render error is kept where the test reads it.
import { PassThrough, Readable } from "node:stream";
import { renderToPipeableStream } from "react-dom/server";
import { ServerRouter, type EntryContext } from "react-router";

/** Errors of server renders, read by the test (the dev server runs in the test's process). */
const serverErrors: unknown[] = ((globalThis as { __frameworkSsrErrors?: unknown[] }).__frameworkSsrErrors ??= []);

export default function handleRequest(request: Request, status: number, headers: Headers, routerContext: EntryContext): Promise<Response> {
  return new Promise((resolve, reject) => {
    const { pipe } = renderToPipeableStream(<ServerRouter context={routerContext} url={request.url} />, {
      onAllReady() {
        const body = new PassThrough();
        headers.set("Content-Type", "text/html; charset=utf-8");
        resolve(new Response(Readable.toWeb(body) as ReadableStream, { headers, status }));
        pipe(body);
      },
      onShellError(error) {
        serverErrors.push(error);
        reject(error);
      },
      onError(error) {
        serverErrors.push(error);
        status = 500;
      },
    });
  });
}
