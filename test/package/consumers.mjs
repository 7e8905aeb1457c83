// Compiles a consumer file against the packed package in two throwaway projects — moduleResolution nodenext
// (ESM) and bundler — with skipLibCheck off, so a .d.ts that only resolves inside this repo fails here.
// Offline: the tarball is installed from disk and the peers' types are linked from this repo's node_modules.
// Needs a built dist/ (npm run build). Exits non-zero if either project fails to compile.
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";

const repo = resolve(import.meta.dirname, "../..");
const fixture = join(import.meta.dirname, "consumer/usesEveryEntry.ts");
const peers = ["react", "@types/react", "@tanstack/react-query", "react-router"];
const tsc = join(repo, "node_modules/typescript/bin/tsc");

function sh(cmd, args, cwd) {
  const result = spawnSync(cmd, args, { cwd, encoding: "utf8", env: { ...process.env, FORCE_COLOR: "0" } });
  return { ok: result.status === 0, output: `${result.stdout}${result.stderr}` };
}

const consumers = {
  nodenext: { packageType: "module", compilerOptions: { module: "NodeNext", moduleResolution: "NodeNext" } },
  bundler: { packageType: undefined, compilerOptions: { module: "ESNext", moduleResolution: "Bundler" } },
};

const work = mkdtempSync(join(tmpdir(), "roa-consumers-"));
let failed = 0;
try {
  const packed = sh("npm", ["pack", "--silent", "--pack-destination", work], repo);
  if (!packed.ok) throw new Error(`npm pack failed:\n${packed.output}`);
  const tarball = join(work, readdirSync(work).find((name) => name.endsWith(".tgz")));

  for (const [name, { packageType, compilerOptions }] of Object.entries(consumers)) {
    const dir = join(work, name);
    mkdirSync(join(dir, "src"), { recursive: true });
    writeFileSync(join(dir, "package.json"), JSON.stringify({ name: `consumer-${name}`, private: true, type: packageType }));
    writeFileSync(
      join(dir, "tsconfig.json"),
      JSON.stringify({
        compilerOptions: {
          ...compilerOptions,
          target: "ES2022",
          lib: ["ES2023", "DOM", "DOM.Iterable"],
          strict: true,
          skipLibCheck: false,
          noEmit: true,
          types: [],
        },
        include: ["src"],
      }),
    );
    copyFileSync(fixture, join(dir, "src/index.ts"));
    // --legacy-peer-deps: the peers are linked below instead of fetched.
    const installed = sh(
      "npm",
      ["install", "--offline", "--no-audit", "--no-fund", "--ignore-scripts", "--legacy-peer-deps", "--no-package-lock", tarball],
      dir,
    );
    if (!installed.ok) throw new Error(`offline install of the tarball failed in ${name}:\n${installed.output}`);
    for (const peer of peers) {
      const link = join(dir, "node_modules", peer);
      mkdirSync(dirname(link), { recursive: true });
      symlinkSync(join(repo, "node_modules", peer), link, "dir");
    }
    const compiled = sh(process.execPath, [tsc, "-p", dir, "--pretty", "false"], dir);
    console.log(`${compiled.ok ? "ok  " : "FAIL"} consumer (${name}) compiles every entry`);
    if (!compiled.ok) {
      failed += 1;
      console.log(compiled.output);
    }
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
process.exit(failed === 0 ? 0 : 1);
