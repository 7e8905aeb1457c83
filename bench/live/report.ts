// Printing and saving for the live benches: aligned tables and raw results under bench/results/ (gitignored).
import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

/** One table row: a label and one cell per column. */
export type Row = [string, ...string[]];

/** Prints `rows` under `header`, each column padded to its widest cell. */
export function printTable(header: Row, rows: Row[]): void {
  const all = [header, ...rows];
  const widths = header.map((_, i) => Math.max(...all.map((row) => (row[i] ?? "").length)));
  const line = (row: Row) => row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0))).join("  ").trimEnd();
  console.log(line(header));
  console.log(widths.map((w) => "-".repeat(w)).join("  "));
  for (const row of rows) console.log(line(row));
}

/** `a / b` to two decimals, "n/a" when it means nothing. */
export function ratio(a: number, b: number): string {
  if (!Number.isFinite(a) || !Number.isFinite(b)) return "n/a";
  if (b === 0) return a === 0 ? "1.00" : "inf";
  return (a / b).toFixed(2);
}

/** A number to `digits` decimals, without trailing noise for integers. */
export function num(value: number, digits = 2): string {
  if (!Number.isFinite(value)) return "n/a";
  return Number.isInteger(value) ? String(value) : value.toFixed(digits);
}

/** "ok" or "MISSED", for a target column. */
export function verdict(met: boolean): string {
  return met ? "ok" : "MISSED";
}

/** Writes `data` to bench/results/<name>-<timestamp>.json; returns the path relative to the repository. */
export function saveResults(name: string, data: unknown): string {
  const dir = fileURLToPath(new URL("../results/", import.meta.url));
  mkdirSync(dir, { recursive: true });
  const file = `${name}-${new Date().toISOString().replace(/[:.]/g, "-")}.json`;
  writeFileSync(`${dir}${file}`, `${JSON.stringify(data, null, 1)}\n`);
  return `bench/results/${file}`;
}

/** Which kit source was measured: `BENCH_SOURCE` when set, else the git commit and whether src/ had uncommitted changes. */
export function sourceLabel(): string {
  if (process.env.BENCH_SOURCE) return process.env.BENCH_SOURCE;
  const cwd = fileURLToPath(new URL("../..", import.meta.url));
  try {
    const commit = execFileSync("git", ["rev-parse", "--short", "HEAD"], { cwd, encoding: "utf8" }).trim();
    const dirty = execFileSync("git", ["status", "--porcelain", "--", "src"], { cwd, encoding: "utf8" }).trim() !== "";
    return `git ${commit}${dirty ? " with uncommitted changes in src/" : ""}`;
  } catch {
    return "unknown (not a git checkout)";
  }
}
