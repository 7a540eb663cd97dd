// A file that did not parse gets no estimate, on every surface: the lens and status bar say what to
// fix and where, the Problems entry is an Error with the parser's words, the panel and the CLI show
// the error and no number. A multi-document file with one bad document is estimated from the others
// and says how much it read. Expected strings are written out by hand from the fixtures below.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { normalizeSettings } from '../../src/core/settings';
import { evaluateText } from '../../src/engine/evaluate';
import { toJsonReport } from '../../src/engine/jsonReport';
import { sarifLog } from '../../src/engine/sarif';
import { textTable } from '../../src/engine/textTable';
import { fileProblem } from '../../src/editor/diagnosticText';
import { errorLensTitle, mainLensTitle, pairRuns, partialReadNote, unreadTitle } from '../../src/editor/lensText';
import { fileModel } from '../../src/webview/viewModel';

const settings = normalizeSettings({});
const FIXTURES = path.join(__dirname, '..', 'fixtures');
// bad.yaml: line 3 is `count: [8`, a flow list never closed; the YAML parser notices at the start
// of line 4 (`hours: 24`), 0-based 3.
const BAD_YAML = fs.readFileSync(path.join(FIXTURES, 'workspace', 'bad.yaml'), 'utf8');
const YAML_MESSAGE = 'Flow sequence in block collection must be sufficiently indented and end with a ]';
// A DeepSpeed config missing its two closing braces: the JSON parser stops at the end, line 5.
const BAD_JSON = '{\n  "train_batch_size": 32,\n  "zero_optimization": {"stage": 3,\n  "fp16": {"enabled": true}\n';

describe('honest states: a YAML file that did not parse', () => {
  // Computed per test in beforeEach, not while mocha loads the file: Stryker counts code run at load as
  // static, and a static mutant restarts the test process (README, Mutation testing).
  let result!: ReturnType<typeof evaluateText>;
  beforeEach(() => { result = evaluateText(BAD_YAML, 'bad.yaml', settings); });

  it('is recognised but not estimated: the parser guessed `count: [8` as one device before', () => {
    assert.strictEqual(result.format, 'carbon-lens');
    assert.deepStrictEqual(result.estimates, []);
    assert.deepStrictEqual(result.analysis!.runs, []);
    assert.strictEqual(result.analysis!.syntaxError, 'YAML');
    assert.strictEqual(result.error, YAML_MESSAGE);
    assert.strictEqual(result.errorLine, 3);
  });

  it('lens and status bar: "fix the YAML error on line 4", no number', () => {
    assert.strictEqual(unreadTitle(result), 'Carbon Lens: fix the YAML error on line 4');
    assert.strictEqual(errorLensTitle(3, 'YAML'), 'Carbon Lens: fix the YAML error on line 4');
    assert.deepStrictEqual(pairRuns(result), []);
  });

  it('diagnostic: one Error with the parser’s message at its line', () => {
    assert.deepStrictEqual(fileProblem(result), {
      message: YAML_MESSAGE,
      severity: 'error',
      range: { startLine: 3, startCol: 0, endLine: 3, endCol: 1 },
      line: 3,
      partial: false,
    });
  });

  it('panel: the error with its line, and no run', () => {
    const { model } = fileModel({ uri: 'file:///w/bad.yaml', fileName: 'bad.yaml', result, selected: 0, canReveal: true, onlineEnabled: false, hasWorkspaceReport: false });
    assert.deepStrictEqual(model.error, { message: `YAML error on line 4: ${YAML_MESSAGE}. Carbon Lens makes no estimate until the file parses.`, line: 4 });
    assert.deepStrictEqual(model.runs, []);
    assert.strictEqual(model.run, undefined);
  });

  it('CLI: an error row with no numbers, and a JSON entry with no runs', () => {
    const table = textTable([result]);
    const row = table.split('\n')[2];
    assert.match(row, /^bad\.yaml\s+carbon-lens\s+error: YAML error on line 4: Flow sequence/);
    // Below the header, no number with a unit anywhere.
    assert.doesNotMatch(table.split('\n').slice(2).join('\n'), /≈|kWh|\d kg/);
    const json = toJsonReport([result], 'test').files[0];
    assert.deepStrictEqual({ ...json }, { path: 'bad.yaml', format: 'carbon-lens', error: YAML_MESSAGE, errorLine: 4, syntaxError: 'YAML', runs: [] });
  });
});

describe('honest states: a JSON file that did not parse', () => {
  let result!: ReturnType<typeof evaluateText>;
  beforeEach(() => { result = evaluateText(BAD_JSON, 'ds_config.json', settings); });

  it('says "fix the JSON error on line 5" and estimates nothing', () => {
    assert.strictEqual(result.format, 'deepspeed');
    assert.deepStrictEqual(result.estimates, []);
    assert.strictEqual(unreadTitle(result), 'Carbon Lens: fix the JSON error on line 5');
    const p = fileProblem(result)!;
    assert.strictEqual(p.severity, 'error');
    assert.strictEqual(p.message, 'JSON: CloseBraceExpected');
    assert.strictEqual(p.line, 4);
  });
});

describe('honest states: a multi-document file with one bad document', () => {
  // Documents 1 (a ConfigMap) and 2 (the TrainJob) are well-formed; document 3, appended here, opens
  // a flow list on its line 4 (file line 27) and never closes it: the parser notices on line 27.
  const good = fs.readFileSync(path.join(FIXTURES, 'formats', 'orchestration', 'k8s-trainjob.yaml'), 'utf8');
  const text = `${good}---\napiVersion: v1\nkind: ConfigMap\ndata: {a: [1\nb: 2\n`;
  let result!: ReturnType<typeof evaluateText>;
  beforeEach(() => { result = evaluateText(text, 'k8s.yaml', settings); });

  it('estimates the runs it read and says it read 2 of 3 documents', () => {
    assert.strictEqual(result.format, 'kubernetes');
    assert.strictEqual(result.error, null);
    assert.deepStrictEqual(result.analysis!.partial, { read: 2, total: 3 });
    assert.deepStrictEqual(result.estimates.map((e) => e.name), ['TrainJob llama-ft']);
    assert.strictEqual(result.estimates[0].assumptions[0], 'Read 2 of 3 documents: one has a YAML error (first on line 27) and was skipped.');
    assert.strictEqual(partialReadNote(result), 'read 2 of 3 documents');
    // The TrainJob states no length, so its lens asks for one; the note ends it either way.
    assert.match(mainLensTitle(result.estimates[0], settings, partialReadNote(result)), /^Carbon Lens: needs .* · read 2 of 3 documents$/);
    assert.strictEqual(unreadTitle(result), undefined);
  });

  it('reports the skipped document’s error as an Error, and keeps the runs’ own entries', () => {
    const p = fileProblem(result)!;
    assert.strictEqual(p.severity, 'error');
    assert.strictEqual(p.partial, true);
    assert.strictEqual(p.line, 26);
    assert.strictEqual(p.message, `${YAML_MESSAGE} — this document was skipped (read 2 of 3 documents)`);
    assert.match(textTable([result]), /Partly read \(documents with a syntax error were skipped\):\n {2}k8s\.yaml: read 2 of 3 documents \(YAML error on line 27: Flow sequence/);
  });

  it('SARIF: one error at the skipped document, saying how much was read', () => {
    const results = sarifLog([result], { version: 'test' }).runs[0].results.filter((r) => r.ruleId === 'CL003');
    assert.strictEqual(results.length, 1);
    assert.strictEqual(results[0].level, 'error');
    assert.strictEqual(results[0].message.text, `Syntax error in k8s.yaml: ${YAML_MESSAGE}. Only 2 of 3 documents were read and estimated.`);
    assert.strictEqual(results[0].locations[0].physicalLocation.region.startLine, 27);
  });

  it('a well-formed file has no problem entry and a plain lens', () => {
    const ok = evaluateText(good, 'k8s.yaml', settings);
    assert.strictEqual(fileProblem(ok), undefined);
    assert.strictEqual(partialReadNote(ok), undefined);
    assert.strictEqual(ok.estimates[0].assumptions.some((a) => a.startsWith('Read ')), false);
  });
});
