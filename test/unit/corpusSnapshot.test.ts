// The CLI's JSON for the whole shared corpus, compared with a reviewed snapshot: any change to what
// Carbon Lens reads or estimates for a real file shows up as a diff someone has to accept.
// A missing snapshot is a failure, never a silent pass: it is (re)written only on request, after
// reviewing the diff: UPDATE_SNAPSHOTS=1 npx mocha test/unit/corpusSnapshot.test.ts
// Runs only where the shared corpus exists (helpers/corpus.ts); a clone alone reports it skipped.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { estimateFile, collectFiles } from '../../src/cli';
import { normalizeSettings } from '../../src/core/settings';
import { toJsonReport } from '../../src/engine/jsonReport';
import { CORPUS, describeCorpus } from './helpers/corpus';

const SNAPSHOT = path.resolve(__dirname, '../snapshots/corpus.json');

describeCorpus('corpus snapshot (CLI --json)', () => {
  it('matches the reviewed snapshot', () => {
    const settings = normalizeSettings({});
    const files = collectFiles(CORPUS).map((f) => ({ ...estimateFile(f, settings, 20 * 1024 * 1024), path: path.relative(CORPUS, f) }));
    const report = toJsonReport(files, 'snapshot');
    for (const f of report.files) assert.strictEqual(f.format, f.path.split(path.sep)[0], `${f.path} detected as ${f.format}`);
    const text = JSON.stringify(report, null, 1) + '\n';
    if (process.env.UPDATE_SNAPSHOTS === '1') {
      fs.writeFileSync(SNAPSHOT, text);
      return;
    }
    assert.ok(fs.existsSync(SNAPSHOT), `${SNAPSHOT} is missing: review the output, then write it with UPDATE_SNAPSHOTS=1`);
    const expected = JSON.parse(fs.readFileSync(SNAPSHOT, 'utf8'));
    assert.deepStrictEqual(report, expected);
  });
});
