// Runs every suite the project has and ends with the one line CI reads: "N passed, N failed".
// Each suite's counts come from its own runner's report; a suite that cannot report counts as one failure.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const reportDir = mkdtempSync(join(tmpdir(), "roa-test-"));
const totals = { passed: 0, failed: 0 };
const lines = [];

function run(cmd, args) {
  const result = spawnSync(cmd, args, { stdio: "inherit", env: { ...process.env, FORCE_COLOR: "0" } });
  return result.status === 0;
}

function check(name, cmd, args) {
  const ok = run(cmd, args);
  totals[ok ? "passed" : "failed"] += 1;
  lines.push(`${ok ? "ok  " : "FAIL"} ${name}`);
}

function vitest() {
  const out = join(reportDir, "vitest.json");
  const extra = process.argv.slice(2);
  run("npx", ["vitest", "run", "--reporter=default", "--reporter=json", `--outputFile.json=${out}`, ...extra]);
  if (!existsSync(out)) {
    totals.failed += 1;
    lines.push("FAIL vitest wrote no report");
    return;
  }
  const report = JSON.parse(readFileSync(out, "utf8"));
  // A file that fails to load has no test results; count it so a broken suite can't pass silently.
  const brokenFiles = report.testResults.filter((f) => f.status === "failed" && f.assertionResults.length === 0).length;
  const skipped = report.numPendingTests + report.numTodoTests;
  totals.passed += report.numPassedTests;
  totals.failed += report.numFailedTests + brokenFiles + skipped;
  lines.push(`vitest: ${report.numPassedTests} passed, ${report.numFailedTests} failed, ${brokenFiles} files failed to load, ${skipped} skipped (counted as failures)`);
}

check("build (vite library mode + tsc declarations)", "npm", ["run", "--silent", "build"]);
check("typecheck (src, test, example-app, stories)", "npx", ["tsc", "-p", "tsconfig.json", "--noEmit"]);
check("typecheck with a registered instance (typed API names)", "npx", ["tsc", "-p", "test/types/register/tsconfig.json", "--noEmit"]);
check("publint (published package shape)", "npx", ["publint", "--strict"]);
// attw packs to a temporary tarball and deletes it. esm-only: the package ships ESM only, so node10 and
// require() from CommonJS are out of scope; node16 ESM and bundler must have no problem.
check("attw (types resolve under node16 ESM and bundler)", "npx", ["attw", "--pack", ".", "--profile", "esm-only"]);
check("consumer projects from the packed tarball (nodenext, bundler)", "node", ["test/package/consumers.mjs"]);
check("size budgets (gzip, production build)", "npx", ["tsx", "test/size/budgets.ts"]);
vitest();

console.log("\n" + lines.join("\n"));
console.log(`\n${totals.passed} passed, ${totals.failed} failed`);
process.exit(totals.failed === 0 ? 0 : 1);
