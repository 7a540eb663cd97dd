// Per-folder mutation score gate (issue #19), run after `stryker run` by `npm run test:mutation`.
// Stryker's `thresholds.break` is one number for the whole report; src/core, src/formats and src/engine
// reach different scores, so each folder has its own floor in stryker/thresholds.json, and a drop below
// it fails the script. Reads reports/mutation/mutation.json (or the file given as the first argument),
// which holds every folder: the incremental file carries over results of files outside `--mutate`.
//
// Score as Stryker counts it: (killed + timeout) / (killed + timeout + survived + no coverage); compile
// and runtime errors and ignored (static) mutants are left out of both.
import * as fs from 'node:fs';

const reportFile = process.argv[2] ?? 'reports/mutation/mutation.json';
const floors = JSON.parse(fs.readFileSync('stryker/thresholds.json', 'utf8')).folders;
if (!fs.existsSync(reportFile)) {
  console.error(`mutation thresholds: no report at ${reportFile} (run stryker first)`);
  process.exit(2);
}
const report = JSON.parse(fs.readFileSync(reportFile, 'utf8'));

/** Counts by status for the files under `folder/`. */
function countFolder(files, folder) {
  const c = { Killed: 0, Timeout: 0, Survived: 0, NoCoverage: 0, Ignored: 0, CompileError: 0, RuntimeError: 0, files: 0 };
  for (const [name, file] of Object.entries(files)) {
    if (!name.startsWith(`${folder}/`)) continue;
    c.files++;
    for (const m of file.mutants) c[m.status] = (c[m.status] ?? 0) + 1;
  }
  const detected = c.Killed + c.Timeout;
  const valid = detected + c.Survived + c.NoCoverage;
  return { ...c, score: valid ? (100 * detected) / valid : undefined };
}

let failed = false;
console.log('Folder        Score    Floor   Killed  Timeout  Survived  NoCov  Ignored  Errors');
for (const [folder, floor] of Object.entries(floors)) {
  const c = countFolder(report.files, folder);
  if (c.score === undefined) {
    // A run over one file (`--mutate src/core/x.ts`) with no earlier results for the others.
    console.log(`${folder.padEnd(13)} not in this report (floor ${floor} %): not checked`);
    continue;
  }
  const ok = c.score >= floor;
  failed ||= !ok;
  console.log(`${folder.padEnd(13)} ${c.score.toFixed(2).padStart(6)} % ${String(floor).padStart(5)} %  ${String(c.Killed).padStart(6)}  ${String(c.Timeout).padStart(7)}  ${String(c.Survived).padStart(8)}  ${String(c.NoCoverage).padStart(5)}  ${String(c.Ignored).padStart(7)}  ${String(c.CompileError + c.RuntimeError).padStart(6)}${ok ? '' : '  BELOW FLOOR'}`);
}
if (failed) {
  console.error('\nmutation thresholds: a folder dropped below its floor (stryker/thresholds.json); see reports/mutation/mutation.html');
  process.exit(1);
}
