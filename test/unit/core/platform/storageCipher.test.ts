import { build } from "esbuild";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { createStorageCipher, memoryKeyStore } from "../../../../src/core/platform/storageCipher";

const repo = resolve(import.meta.dirname, "../../../..");

describe("StorageCipher", () => {
  it("round-trips, and never stores the plaintext", async () => {
    const cipher = createStorageCipher(memoryKeyStore());
    const sealed = await cipher.encrypt('{"accessToken":"eyJhbGciOi.secret"}');
    expect(sealed).not.toContain("secret");
    expect(sealed).not.toContain("accessToken");
    expect(await cipher.decrypt(sealed)).toBe('{"accessToken":"eyJhbGciOi.secret"}');
  });

  it("reads nothing that was altered, sealed with another key, not sealed, or sealed before forget()", async () => {
    const keys = memoryKeyStore();
    const cipher = createStorageCipher(keys);
    const sealed = await cipher.encrypt("token");
    const [iv, data] = sealed.split(".");
    const flipped = `${iv}.${data?.startsWith("A") ? `B${data.slice(1)}` : `A${data?.slice(1)}`}`;
    expect(await cipher.decrypt(flipped)).toBeUndefined();
    expect(await createStorageCipher(memoryKeyStore()).decrypt(sealed)).toBeUndefined();
    expect(await cipher.decrypt('{"accessToken":"plain"}')).toBeUndefined();
    expect(await createStorageCipher(keys).decrypt(sealed)).toBe("token"); // same key store: a reload reads it
    await cipher.forget();
    expect(await cipher.decrypt(sealed)).toBeUndefined();
  });

  it("forget() drops a stored key even when this page never sealed anything", async () => {
    const keys = memoryKeyStore();
    const sealed = await createStorageCipher(keys).encrypt("token");
    await createStorageCipher(keys).forget(); // a later page: nothing loaded, the stored key still goes
    expect(await createStorageCipher(keys).decrypt(sealed)).toBeUndefined();
  });

  it("is not in what the main path loads at start: AES-GCM and IndexedDB come with the first seal", async () => {
    const result = await build({
      stdin: { contents: `export { createOidc, OidcProvider, useOidc, useApiToken } from "./src/index.ts";`, resolveDir: repo, loader: "ts" },
      bundle: true,
      splitting: true,
      format: "esm",
      outdir: resolve(repo, "out"),
      write: false,
      metafile: true,
      minify: true,
      jsx: "automatic",
      external: ["react", "react-dom", "react/*"],
      logLevel: "silent",
    });
    const text = new Map(result.outputFiles.map((file) => [file.path, file.text]));
    const outputs = result.metafile.outputs;
    // The entry and every chunk it imports statically: what the page downloads before it runs.
    const atStart = new Set<string>();
    const visit = (file: string) => {
      if (atStart.has(file)) return;
      atStart.add(file);
      for (const imported of outputs[file]!.imports) if (imported.kind === "import-statement" && outputs[imported.path]) visit(imported.path);
    };
    visit(Object.keys(outputs).find((file) => outputs[file]!.entryPoint !== undefined)!);
    const startText = [...atStart].map((file) => text.get(resolve(repo, file))).join("\n");
    expect(startText).not.toContain('"AES-GCM"');
    expect(startText).not.toContain("indexedDB.open(");
    expect([...text.values()].some((chunk) => chunk.includes('"AES-GCM"'))).toBe(true);
  });
});
