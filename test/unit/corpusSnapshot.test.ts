// The CLI's JSON for the whole shared corpus, compared with a reviewed snapshot: any change to what
// Carbon Lens reads or estimates for a real file shows up as a diff someone has to accept.
// Update after reviewing: UPDATE_SNAPSHOTS=1 npx mocha --spec test/unit/corpusSnapshot.test.ts
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { estimateFile, collectFiles } from '../../src/cli';
import { normalizeSettings } from '../../src/core/settings';
import { toJsonReport } from '../../src/engine/jsonReport';

const CORPUS = path.resolve(__dirname, '../../../shared/corpus');
const SNAPSHOT = path.resolve(__dirname, '../snapshots/corpus.json');

describe('corpus snapshot (CLI --json)', () => {
  before(function () {
    if (!fs.existsSync(CORPUS)) this.skip();
  });

  it('matches the reviewed snapshot', () => {
    const settings = normalizeSettings({});
    const files = collectFiles(CORPUS).map((f) => ({ ...estimateFile(f, settings, 20 * 1024 * 1024), path: path.relative(CORPUS, f) }));
    const report = toJsonReport(files, 'snapshot');
    for (const f of report.files) assert.strictEqual(f.format, f.path.split(path.sep)[0], `${f.path} detected as ${f.format}`);
    const text = JSON.stringify(report, null, 1) + '\n';
    if (process.env.UPDATE_SNAPSHOTS === '1' || !fs.existsSync(SNAPSHOT)) {
      fs.writeFileSync(SNAPSHOT, text);
      return;
    }
    const expected = JSON.parse(fs.readFileSync(SNAPSHOT, 'utf8'));
    assert.deepStrictEqual(report, expected);
  });
});
