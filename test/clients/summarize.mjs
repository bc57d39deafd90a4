// Summarises a conformance results directory (conformance server -o DIR)
// against the baseline: one line per scenario, then the counts.
//
//   node summarize.mjs RESULTS_DIR BASELINE.yml

import fs from "node:fs";
import path from "node:path";

const [dir, baselinePath] = process.argv.slice(2);
const expected = new Set(
  fs
    .readFileSync(baselinePath, "utf8")
    .split("\n")
    .map((l) => l.match(/^\s*-\s*([\w-]+)\s*$/)?.[1])
    .filter(Boolean),
);

const results = new Map();
for (const d of fs.readdirSync(dir).sort()) {
  const m = d.match(/^server-(.+)-\d{4}-\d\d-\d\dT[\d-]+Z$/);
  const file = path.join(dir, d, "checks.json");
  if (!m || !fs.existsSync(file)) continue;
  const checks = JSON.parse(fs.readFileSync(file, "utf8"));
  // The suite counts a WARNING (a SHOULD not met) against the baseline too.
  const failures = checks.filter((c) => c.status === "FAILURE" || c.status === "WARNING");
  results.set(m[1], { failures, checks });
}

const rows = { passed: [], expected: [], failed: [], stale: [] };
for (const [name, { failures }] of results) {
  const failed = failures.length > 0;
  if (failed && expected.has(name)) rows.expected.push(name);
  else if (failed) rows.failed.push(`${name}: ${failures.map((f) => f.errorMessage ?? f.id).join("; ")}`);
  else if (expected.has(name)) rows.stale.push(name);
  else rows.passed.push(name);
}
for (const name of expected) if (!results.has(name)) rows.stale.push(`${name} (not run)`);

const show = (title, list) => {
  if (list.length === 0) return;
  console.log(`${title} (${list.length}):`);
  for (const l of list) console.log(`  ${l}`);
};
show("passed", rows.passed);
show("expected failures (need the suite's fixtures)", rows.expected);
show("FAILED", rows.failed);
show("STALE baseline entries (passing or gone: remove them from conformance-baseline.yml)", rows.stale);
console.log(`conformance (${path.basename(baselinePath)}): ${rows.passed.length} passed, ${rows.failed.length + rows.stale.length} failed, ${rows.expected.length} skipped`);
process.exit(rows.failed.length + rows.stale.length > 0 ? 1 : 0);
