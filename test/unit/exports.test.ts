// The export texts people paste into model cards and PRs: the unit (grams), the fields Hugging Face
// reads, valid YAML, and Markdown that file text cannot break.
import * as assert from 'assert';
import { parse } from 'yaml';
import { normalizeSettings } from '../../src/core/settings';
import { evaluateText, failedFile } from '../../src/engine/evaluate';
import { jsonReport, markdownReport, mdText, modelCardBlock, upsertFrontMatter } from '../../src/engine/exports';

const settings = normalizeSettings({ includeEmbodied: true });
const RUN = 'hardware: A100 80GB\ncount: 8\nhours: 24\nregion: aws:us-east-1\n';

function estimates(text = RUN, name = 'run.yaml') {
  return evaluateText(text, name, settings);
}

describe('modelCardBlock', () => {
  let file: ReturnType<typeof estimates>;
  let text: string | undefined;
  // Built in before(), not while mocha loads the file: mutation testing treats load-time calls as static code.
  before(() => {
    file = estimates();
    text = modelCardBlock(file.estimates, { version: '1.2.3' });
  });

  it('is valid YAML with every co2_eq_emissions field', () => {
    assert.ok(text);
    const card = parse(text).co2_eq_emissions;
    assert.deepStrictEqual(Object.keys(card).sort(), ['emissions', 'geographical_location', 'hardware_used', 'source', 'training_type']);
  });

  it('states emissions in grams (the Hub unit), to three significant digits', () => {
    const card = parse(text!).co2_eq_emissions;
    assert.strictEqual(typeof card.emissions, 'number');
    // By hand: 8 × A100 80GB (400 W × 0.68 + 120 W host = 392 W) × 24 h × PUE 1.135 (AWS) = 85.42 kWh;
    // × 379.069 g/kWh (aws:us-east-1, eGRID2020) = 32.38 kg = 32,382 g → 32,400 g at three digits.
    assert.strictEqual(card.emissions, 32_400);
  });

  it('names Carbon Lens and the version in source, with the range', () => {
    const card = parse(text!).co2_eq_emissions;
    assert.match(card.source, /^Carbon Lens estimate \(v1\.2\.3, .*range \d+(\.\d+)?-\d+(\.\d+)? kg CO2e\)$/);
  });

  it('fills location and hardware from the run', () => {
    const card = parse(text!).co2_eq_emissions;
    assert.match(card.geographical_location, /N\. Virginia.*aws:us-east-1/);
    assert.strictEqual(card.hardware_used, '8 x A100 SXM4 80GB');
    assert.strictEqual(card.training_type, 'pre-training');
  });

  it('calls a run that names a base model or an adapter a fine-tune', () => {
    const ft = estimates(`${RUN}model: meta-llama/Llama-3.1-8B\n`);
    assert.strictEqual(parse(modelCardBlock(ft.estimates, { version: '1' })!).co2_eq_emissions.training_type, 'fine-tuning');
  });

  it('lets meta override the guesses', () => {
    const card = parse(modelCardBlock(file.estimates, { version: '1', trainingType: 'fine-tuning', geographicalLocation: 'Quebec, Canada', hardwareUsed: '8 v100 GPUs' })!).co2_eq_emissions;
    assert.deepStrictEqual([card.training_type, card.geographical_location, card.hardware_used], ['fine-tuning', 'Quebec, Canada', '8 v100 GPUs']);
  });

  it('sums several training runs and leaves out inference and unknown runs', () => {
    const two = [...file.estimates, ...file.estimates];
    const inference = estimates('phase: inference\nhardware: L4\ncount: 1\nhours: 24\nregion: FR\n').estimates;
    const unknown = estimates('hardware: A100\ncount: 8\nregion: FR\n').estimates;
    assert.ok(unknown[0].missing.length > 0, 'fixture should lack a duration');
    const card = parse(modelCardBlock([...two, ...inference, ...unknown], { version: '1' })!).co2_eq_emissions;
    // By hand: 2 × 32.382 kg (the run above) = 64.764 kg = 64,764 g → 64,800 g; inference and unknown add nothing.
    assert.strictEqual(card.emissions, 64_800);
  });

  it('returns undefined when nothing can be reported', () => {
    assert.strictEqual(modelCardBlock([], { version: '1' }), undefined);
    assert.strictEqual(modelCardBlock(estimates('hardware: A100\ncount: 8\nregion: FR\n').estimates, { version: '1' }), undefined);
  });

  it('quotes values YAML would otherwise misread', () => {
    const card = modelCardBlock(file.estimates, { version: '1', geographicalLocation: 'a: b # c', hardwareUsed: '- x' })!;
    const parsed = parse(card).co2_eq_emissions;
    assert.strictEqual(parsed.geographical_location, 'a: b # c');
    assert.strictEqual(parsed.hardware_used, '- x');
  });
});

describe('upsertFrontMatter', () => {
  const block = 'co2_eq_emissions:\n  emissions: 100\n';
  const apply = (text: string) => {
    const r = upsertFrontMatter(text, block);
    return text.slice(0, r.start) + r.newText + text.slice(r.end);
  };

  it('creates front matter above existing content', () => {
    assert.strictEqual(apply('# My model\n'), '---\nco2_eq_emissions:\n  emissions: 100\n---\n\n# My model\n');
  });

  it('fills an empty README', () => {
    assert.strictEqual(apply(''), '---\nco2_eq_emissions:\n  emissions: 100\n---\n');
  });

  it('appends to existing front matter', () => {
    const out = apply('---\nlicense: mit\n---\n# Model\n');
    assert.strictEqual(out, '---\nlicense: mit\nco2_eq_emissions:\n  emissions: 100\n---\n# Model\n');
    assert.deepStrictEqual(parse(out.split('---\n')[1]), { license: 'mit', co2_eq_emissions: { emissions: 100 } });
  });

  it('replaces an existing co2_eq_emissions entry, block or scalar, and keeps the rest', () => {
    assert.strictEqual(
      apply('---\nlicense: mit\nco2_eq_emissions:\n  emissions: 5\n  source: old\ntags:\n- a\n---\nbody\n'),
      '---\nlicense: mit\nco2_eq_emissions:\n  emissions: 100\ntags:\n- a\n---\nbody\n',
    );
    assert.strictEqual(apply('---\nco2_eq_emissions: 1.5\n---\n'), '---\nco2_eq_emissions:\n  emissions: 100\n---\n');
  });

  it('keeps CRLF line endings', () => {
    assert.strictEqual(apply('---\r\nlicense: mit\r\n---\r\n'), '---\r\nlicense: mit\r\nco2_eq_emissions:\r\n  emissions: 100\r\n---\r\n');
  });
});

describe('markdownReport', () => {
  let good: ReturnType<typeof estimates>;
  let md: string;
  // Built in before(), not while mocha loads the file: mutation testing treats load-time calls as static code.
  before(() => {
    good = estimates();
    md = markdownReport([good, failedFile('broken.yaml', 'Could not read: EACCES'), estimates('hardware: A100\ncount: 8\nregion: FR\n', 'short.yaml')], { version: '9.9.9' });
  });

  it('has a table row per estimated run with the CO₂e range and the total', () => {
    assert.match(md, /^# Carbon Lens report/);
    assert.match(md, /\| File \| Run \| Hardware \| Duration \| Energy \| CO₂e \| Embodied \|/);
    assert.match(md, /\| run\.yaml \| run\.yaml \| 8× A100 SXM4 80GB \| 24 h \| 85 kWh \| ≈ 32 kg CO₂e \(20–48\) \| 4\.7 kg \|/);
    assert.match(md, /\*\*Total:\*\* ≈ 32 kg CO₂e \(20–48\) operational, 85 kWh, plus 4\.7 kg embodied, over 1 run\./);
    assert.match(md, /Carbon Lens 9\.9\.9/);
  });

  it('lists what-ifs and assumptions under the run', () => {
    assert.match(md, /\*\*What-ifs\*\*/);
    assert.match(md, /- Switch region to .*\(−\d+% CO₂e\)/);
    assert.match(md, /- Method: time/);
  });

  it('lists files and runs it could not estimate, with the reason', () => {
    assert.match(md, /## Not estimated/);
    assert.match(md, /- broken\.yaml: Could not read: EACCES/);
    assert.match(md, /- short\.yaml — short\.yaml: needs /);
  });

  it('escapes text taken from files', () => {
    assert.strictEqual(mdText('a|b <script> *x* [l](u)\nnext'), 'a\\|b &lt;script&gt; \\*x\\* \\[l\\](u) next');
    const evil = estimates(`name: "<img src=x> | *bold*"\n${RUN}`, 'evil.yaml');
    const text = markdownReport([evil], { version: '1' });
    assert.ok(!text.includes('<img'), text);
    assert.ok(text.includes('&lt;img src=x&gt; \\| \\*bold\\*'));
  });

  it('says so when nothing could be estimated', () => {
    assert.match(markdownReport([], { version: '1' }), /_No run with a complete estimate\._/);
  });
});

describe('jsonReport', () => {
  it('is the CLI contract', () => {
    const r = jsonReport([estimates()], '1.0.0');
    assert.strictEqual(r.tool, 'carbon-lens');
    // By hand (see modelCardBlock): 85.42464 kWh × 0.379069 kg/kWh = 32.381833 kg → 32.38 at the JSON's four
    // significant digits, for the run and the total.
    assert.strictEqual(r.files[0].runs[0].co2eKg!.mid, 32.38);
    assert.strictEqual(r.totals.co2eKg.mid, 32.38);
    assert.doesNotThrow(() => JSON.parse(JSON.stringify(r)));
  });
});
