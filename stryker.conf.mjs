// Mutation testing (issue #19): `npm run test:mutation`. Not part of `npm test` — a full run takes
// tens of minutes on two cores (see README, "Mutation testing", for the measured scores and time).
// One folder at a time: npm run test:mutation -- --mutate "src/core/**/*.ts"
import * as fs from 'node:fs';
import * as path from 'node:path';

// Every mutant re-runs the tests that cover it, so the generated-case suites are shrunk: the
// metamorphic properties to 25 cases each, notebookScan's property via FUZZ_RUNS, and the fuzz suite
// (test/unit/fuzz.test.ts: soundness under hostile input, ~2 s a mutant, kills little) is left out.
process.env.FUZZ_RUNS ??= '200';
process.env.METAMORPHIC_RUNS ??= '25';
// Stryker runs the tests in a sandbox copy (.stryker-tmp/sandbox-*), where ../shared is not beside the
// repository any more: point the optional corpus checks at it explicitly when it exists.
const corpus = path.resolve('..', 'shared', 'corpus');
if (!process.env.CARBON_LENS_CORPUS && fs.existsSync(corpus)) process.env.CARBON_LENS_CORPUS = corpus;

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  packageManager: 'npm',
  testRunner: 'mocha',
  // The project's .mocharc.json (esbuild-register, spec test/unit/**/*.test.ts, timeout), minus files that
  // cannot kill a mutant and only slow the run down:
  // - regexBounds.test.ts lists the regex literals of the source text, which in the sandbox is Stryker's
  //   instrumented copy (every mutated literal shows up as an unlisted regex): it cannot pass there;
  // - fuzz.test.ts (soundness under hostile input, ~2 s a mutant, kills little);
  // - the files whose tests run the code in a child process (a CLI bundled by esbuild, git hooks, the
  //   GitHub Action's bash steps): Stryker switches the active mutant through a global of the test
  //   process, so a child always runs the unmutated code. They took ~10 s of the ~36 s suite.
  mochaOptions: {
    config: '.mocharc.json',
    ignore: [
      'test/unit/regexBounds.test.ts',
      'test/unit/fuzz.test.ts',
      'test/unit/cliHygiene.test.ts',
      'test/unit/preCommitHook.test.ts',
      'test/unit/action.test.ts',
      // Worker threads have their own globals, so the engine they run is unmutated too; and its tests
      // (a worker, and the esbuild service esbuild-register starts in it, per test) were the slowest
      // covering tests of src/engine: a run with them did ~20 mutants a minute (2026-12-06, load ~18).
      // Its pool-limit tests (out of memory, deadline) also failed the dry run on the loaded machine.
      'test/unit/engineHost.test.ts',
    ],
  },
  // No TypeScript checker (@stryker-mutator/typescript-checker stays installed for a one-off
  // `--checkers typescript`). It type-checks the program once per mutant of a file (mutants of one file
  // cannot share a check), one check at a time, and on this 2-core machine that was the whole run:
  // src/core/lifecycleText.ts (83 mutants) took 11 min 53 s with it and 2 min 1 s without, 6 s of which
  // were the mutants (2026-12-06, load 15–17). Without it a mutant that would not compile is run like
  // any other: esbuild-register strips the types, and the tests kill it or it survives (then a reader
  // sees that it is a type error in the HTML report). Scores are therefore not comparable with the
  // session-3 figure (64.55 %), which left 1,156 compile errors out.
  checkers: [],
  coverageAnalysis: 'perTest',
  // Mutants in module-level code (tables built at load, constants) would each need a fresh process and
  // the whole suite (~40 s instrumented): ~1,300 of them in src/core alone is ~14 h on two cores. They
  // are reported as ignored and left out of the score.
  ignoreStatic: true,
  concurrency: 2,
  mutate: ['src/core/**/*.ts', 'src/formats/**/*.ts', 'src/engine/**/*.ts'],
  // .stryker-tmp*: a second run started alongside (its own tempDirName) must not copy the first's sandbox.
  ignorePatterns: ['dist', 'out', 'reports', '.stryker-tmp*', '.vscode-test', 'bench/results', 'test/e2e', 'test/vscode'],
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: 'reports/mutation/mutation.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  timeoutMS: 20000,
  // The dry run runs every test over instrumented code: src/formats (19,815 mutants, 2026-12-06) did not
  // finish it within Stryker's default 5 minutes at load ~20; a run that never starts never finishes.
  dryRunTimeoutMinutes: 30,
  // Incremental: the last results are kept in stryker/incremental.json (committed), and a run re-tests
  // only mutants whose code or covering tests changed; results of files outside --mutate are carried
  // over, so folder-by-folder runs add up to one report. `npx stryker run --force` re-tests everything.
  incremental: true,
  incrementalFile: 'stryker/incremental.json',
  // No global break: the folders reach different scores, so scripts/mutation-thresholds.mjs (run after
  // stryker by `npm run test:mutation`) fails the script when a folder drops below its floor in
  // stryker/thresholds.json. high/low only colour the reports.
  thresholds: { high: 90, low: 80, break: null },
};
