// Compiles a consumer file and every TypeScript snippet of README.md against the packed package in two throwaway
// projects — moduleResolution nodenext (ESM) and bundler — with skipLibCheck off, so a .d.ts that only resolves
// inside this repo fails here, and so does a README example that doesn't compile as written.
// Offline: the tarball is installed from disk and the peers' types are linked from this repo's node_modules.
// Needs a built dist/ (npm run build). Exits non-zero if either project fails to compile.
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { readmeSnippets } from "./readme/snippets.mjs";

const repo = resolve(import.meta.dirname, "../..");
const fixture = join(import.meta.dirname, "consumer/usesEveryEntry.ts");
// What an app has next to the kit: the peers, and what the README snippets use (react-dom, Testing Library).
const peers = ["react", "@types/react", "react-dom", "@types/react-dom", "@tanstack/react-query", "react-router", "@testing-library/react", "@testing-library/dom"];
const snippets = readmeSnippets(join(repo, "README.md"));
// A snippet that registers an instance (`interface Register`) changes every hook's types in its program: it gets one
// of its own.
const registers = (snippet) => /interface\s+Register\b/.test(snippet.source);
const snippetFile = (index) => `${registers(snippets[index]) ? "registered" : "src"}/readme/snippet${String(index + 1).padStart(2, "0")}.tsx`;
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
    const options = {
      ...compilerOptions,
      target: "ES2022",
      jsx: "react-jsx",
      lib: ["ES2023", "DOM", "DOM.Iterable"],
      strict: true,
      skipLibCheck: false,
      noEmit: true,
      types: [],
    };
    writeFileSync(join(dir, "tsconfig.json"), JSON.stringify({ compilerOptions: options, include: ["src"] }));
    writeFileSync(join(dir, "tsconfig.registered.json"), JSON.stringify({ compilerOptions: options, include: ["registered"] }));
    copyFileSync(fixture, join(dir, "src/index.ts"));
    mkdirSync(join(dir, "src/readme"));
    mkdirSync(join(dir, "registered/readme"), { recursive: true });
    copyFileSync(join(import.meta.dirname, "readme/readmeGlobals.d.ts"), join(dir, "src/readme/globals.d.ts"));
    snippets.forEach((snippet, index) => writeFileSync(join(dir, snippetFile(index)), snippet.source));
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
    const main = sh(process.execPath, [tsc, "-p", dir, "--pretty", "false"], dir);
    const registered = sh(process.execPath, [tsc, "-p", join(dir, "tsconfig.registered.json"), "--pretty", "false"], dir);
    const compiled = { ok: main.ok && registered.ok, output: main.output + registered.output };
    console.log(`${compiled.ok ? "ok  " : "FAIL"} consumer (${name}) compiles every entry and the README's ${snippets.length} snippets`);
    if (!compiled.ok) {
      failed += 1;
      // Name README lines rather than throwaway files.
      console.log(compiled.output.replace(/(?:src|registered)\/readme\/snippet(\d+)\.tsx\((\d+)/g, (_, n, line) => `README.md snippet at line ${snippets[Number(n) - 1].line} (+${line}`));
    }
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
process.exit(failed === 0 ? 0 : 1);
