// Every ```ts / ```tsx block of README.md as a module a consumer project compiles as written. Snippets after the
// quick start may use the names in readmeGlobals.d.ts (the quick start's `oidc`, the reader's own components); a
// line ending in `// error: …` must fail to compile (it becomes a @ts-expect-error).
import { readFileSync } from "node:fs";

/** The README's TypeScript blocks: `{ line, source }`, `line` being where the block opens. */
export function readmeSnippets(readmePath) {
  const lines = readFileSync(readmePath, "utf8").split("\n");
  const snippets = [];
  let open;
  lines.forEach((text, index) => {
    const fence = /^\s*```(\w*)/.exec(text);
    if (!fence) {
      if (open) open.body.push(text);
      return;
    }
    if (open) {
      if (open.compiled) snippets.push({ line: open.line, source: asModule(open.body) });
      open = undefined;
    } else {
      open = { line: index + 1, compiled: fence[1] === "ts" || fence[1] === "tsx", body: [] };
    }
  });
  return snippets;
}

function asModule(body) {
  const source = body.flatMap((text) => {
    const expected = /^(\s*)\S.*\/\/ error\b/.exec(text);
    return expected ? [`${expected[1]}// @ts-expect-error the README says this line fails`, text] : [text];
  });
  // A snippet without import or export would otherwise be a script sharing one global scope with the others.
  return `${source.join("\n")}\nexport {};\n`;
}
