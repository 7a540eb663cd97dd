// The optional check against the shared corpus of real third-party files (../shared/corpus next to
// the repository, or CARBON_LENS_CORPUS). A clone of this repository alone does not have it: the
// self-contained tests use our own fixtures in test/fixtures/, and every corpus check registered through
// this module is then left out and reported in ONE pending line, so nobody mistakes "skipped" for
// "passed" and nobody gets an abort at load time.
import * as fs from 'fs';
import * as path from 'path';

/** Where the corpus is looked for: the env override (mutation runs work in a sandbox copy), else beside the repo. */
export const CORPUS = process.env.CARBON_LENS_CORPUS
  ? path.resolve(process.env.CARBON_LENS_CORPUS)
  : path.resolve(__dirname, '../../../../shared/corpus');

export const HAVE_CORPUS = fs.existsSync(CORPUS) && fs.statSync(CORPUS).isDirectory();

let skipped = 0;
let line: Mocha.Test | undefined;

// Registered when this module is first imported, i.e. at the root of the first test file that uses it.
if (!HAVE_CORPUS) {
  describe('shared corpus', () => {
    line = it(title());
  });
}

function title(): string {
  return `shared corpus not found at ${CORPUS}: skipped (${skipped} corpus suites/tests; set CARBON_LENS_CORPUS to run them)`;
}

function note(): void {
  skipped++;
  if (line) line.title = title();
}

/** A describe block that needs the corpus: registered when it exists, else counted in the one skip line. */
export function describeCorpus(name: string, fn: (this: Mocha.Suite) => void): void {
  if (HAVE_CORPUS) describe(name, fn);
  else note();
}

/** One test that needs the corpus (inside a describe that also has self-contained tests). */
export function itCorpus(name: string, fn: Mocha.Func): void {
  if (HAVE_CORPUS) it(name, fn);
  else note();
}

/** A corpus file's text (only call from inside describeCorpus / itCorpus). */
export function readCorpus(...parts: string[]): string {
  return fs.readFileSync(path.join(CORPUS, ...parts), 'utf8');
}
