// Merges Stryker JSON reports (mutation-testing-report-schema, the shape of reports/mutation/mutation.json
// and of the incremental files in stryker/) into one, so results measured apart — another folder, another
// helper's incremental file (stryker/incremental-formats.json), a run cut into parts — feed one
// `stryker/incremental.json` and one floor check:
//
//   node scripts/merge-mutation-reports.mjs OUT.json BASE.json ADDED.json [MORE.json …]
//
// A source file present in several inputs is taken whole from the LAST one that has it (the newer run;
// mutants of one file are never mixed across runs). Test ids are only unique within one report, so tests
// are matched across reports by test file and full name (as Stryker's incremental differ matches them)
// and renumbered, and every mutant's coveredBy / killedBy is rewritten to the new ids. A test file's
// source is taken from the last input that has it: if it differs from the one a mutant was measured
// against, Stryker's incremental mode re-tests that mutant, which is the safe side.
import * as fs from 'node:fs';

const [out, ...inputs] = process.argv.slice(2);
if (!out || inputs.length < 2) {
  console.error('usage: node scripts/merge-mutation-reports.mjs OUT.json BASE.json ADDED.json [MORE.json …]');
  process.exit(2);
}

const reports = inputs.map((f) => JSON.parse(fs.readFileSync(f, 'utf8')));
/** key (test file + NUL + name) → new id */
const newIds = new Map();
const testFiles = {};
for (const r of reports) {
  for (const [file, tf] of Object.entries(r.testFiles ?? {})) {
    const merged = (testFiles[file] ??= { tests: [], source: tf.source });
    if (tf.source !== undefined) merged.source = tf.source;
    for (const t of tf.tests) {
      const key = `${file}\u0000${t.name}`;
      if (newIds.has(key)) continue;
      const id = String(newIds.size);
      newIds.set(key, id);
      merged.tests.push({ ...t, id });
    }
  }
}

const files = {};
for (const r of reports) {
  const oldToNew = new Map();
  for (const [file, tf] of Object.entries(r.testFiles ?? {})) for (const t of tf.tests) oldToNew.set(t.id, newIds.get(`${file}\u0000${t.name}`));
  const remap = (ids) => ids?.map((id) => oldToNew.get(id)).filter((id) => id !== undefined);
  for (const [file, fr] of Object.entries(r.files)) {
    files[file] = { ...fr, mutants: fr.mutants.map((m) => ({ ...m, coveredBy: remap(m.coveredBy), killedBy: remap(m.killedBy) })) };
  }
}

// Mutant ids must be unique in one report too.
let next = 0;
for (const fr of Object.values(files)) for (const m of fr.mutants) m.id = String(next++);

const last = reports[reports.length - 1];
fs.writeFileSync(out, JSON.stringify({ ...last, files, testFiles }));
const count = Object.values(files).reduce((n, f) => n + f.mutants.length, 0);
console.log(`merged ${inputs.length} reports: ${Object.keys(files).length} source files, ${count} mutants, ${newIds.size} tests → ${out}`);
