// Per-folder mutation score gate (issue #19), run after `stryker run` by `npm run test:mutation`.
// Stryker's `thresholds.break` is one number for the whole report; src/core, src/formats and src/engine
// reach different scores, so each folder has its own floor in stryker/thresholds.json, and a drop below
// it fails the script. Reads reports/mutation/mutation.json (or the file given as the first argument),
// which holds every folder: the incremental file carries over results of files outside `--mutate`.
//
// Score as Stryker counts it: (killed + timeout) / (killed + timeout + survived + no coverage); compile
// and runtime errors and ignored (static) mutants are left out of both.
//
// A folder the report does not hold cannot be checked, and says so on its own line: with a floor above 0
// that fails the script (a gate that passes because nothing was measured would hide a drop); with floor 0
// (never measured) it is a note. The report lists only files that have mutants, so files of the folder
// on disk that are absent from it are named (a type-only file has none; a file added since the run, or
// left out by `--mutate`, has not been measured): the score is then that of the files listed.
import * as fs from 'node:fs';
import * as path from 'node:path';

const reportFile = process.argv[2] ?? 'reports/mutation/mutation.json';
const floors = JSON.parse(fs.readFileSync('stryker/thresholds.json', 'utf8')).folders;
if (!fs.existsSync(reportFile)) {
  console.error(`mutation thresholds: no report at ${reportFile} (run stryker first)`);
  process.exit(2);
}
const report = JSON.parse(fs.readFileSync(reportFile, 'utf8'));

/** Counts by status for the files under `folder/`. */
function countFolder(files, folder) {
  const c = { Killed: 0, Timeout: 0, Survived: 0, NoCoverage: 0, Ignored: 0, CompileError: 0, RuntimeError: 0, files: [] };
  for (const [name, file] of Object.entries(files)) {
    if (!name.startsWith(`${folder}/`)) continue;
    c.files.push(name);
    for (const m of file.mutants) c[m.status] = (c[m.status] ?? 0) + 1;
  }
  const detected = c.Killed + c.Timeout;
  const valid = detected + c.Survived + c.NoCoverage;
  return { ...c, score: valid ? (100 * detected) / valid : undefined };
}

/** The .ts files of `folder` on disk, relative and with `/`, as Stryker names them in the report. */
function sourceFiles(folder) {
  if (!fs.existsSync(folder)) return [];
  return fs
    .readdirSync(folder, { recursive: true })
    .map((f) => path.join(folder, String(f)).split(path.sep).join('/'))
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))
    .sort();
}

let failed = false;
const notes = [];
console.log('Folder        Score    Floor   Killed  Timeout  Survived  NoCov  Ignored  Errors');
for (const [folder, floor] of Object.entries(floors)) {
  const c = countFolder(report.files, folder);
  if (c.score === undefined) {
    // A run over one file (`--mutate src/core/x.ts`) with no earlier results for the others.
    const fails = floor > 0;
    failed ||= fails;
    console.log(`${folder.padEnd(13)} not in this report (floor ${floor} %): not measured, ${fails ? 'FAILS (a floor nobody checked is not met)' : 'no floor yet'}`);
    continue;
  }
  const ok = c.score >= floor;
  failed ||= !ok;
  console.log(`${folder.padEnd(13)} ${c.score.toFixed(2).padStart(6)} % ${String(floor).padStart(5)} %  ${String(c.Killed).padStart(6)}  ${String(c.Timeout).padStart(7)}  ${String(c.Survived).padStart(8)}  ${String(c.NoCoverage).padStart(5)}  ${String(c.Ignored).padStart(7)}  ${String(c.CompileError + c.RuntimeError).padStart(6)}${ok ? '' : '  BELOW FLOOR'}`);
  const absent = sourceFiles(folder).filter((f) => !c.files.includes(f));
  if (absent.length) {
    const shown = absent.length > 8 ? `${absent.slice(0, 8).join(', ')} and ${absent.length - 8} more` : absent.join(', ');
    notes.push(`${folder}: score of ${c.files.length} file(s); ${absent.length} file(s) on disk not in the report (no mutants, or not run): ${shown}`);
  }
}
if (notes.length) console.log(`\n${notes.join('\n')}`);
if (failed) {
  console.error('\nmutation thresholds: a folder is below its floor or was not measured (stryker/thresholds.json); see reports/mutation/mutation.html');
  process.exit(1);
}
