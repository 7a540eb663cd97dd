// Model cards that tell the truth: measured values when a finished run left a record, the estimate
// otherwise or on request, the final run apart from a sweep's other trials, and a README insert that
// does not overwrite another run's block silently nor drop other front-matter keys.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parse } from 'yaml';
import { estimateFile } from '../../src/cli';
import { normalizeSettings } from '../../src/core/settings';
import { upsertFrontMatter } from '../../src/engine/exports';
import { existingCardSource, modelCard, replacesAnotherRun } from '../../src/engine/modelCard';

const settings = normalizeSettings({ includeEmbodied: true });

function tmpDir(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'carbon-lens-card-'));
  for (const [name, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), content);
  }
  return dir;
}

// 8 × A100 for 10 h in France: 8 × 10 h × (272 + 120 W; "full fine-tuning" class) × PUE 1.56 = 48.92 kWh (mid,
// at the meter) × 56.039 g/kWh = 2.7415 kg (low 240 W → 1.678 kg, high 580 W → 4.056 kg).
const RUN = 'hardware: A100 80GB\ncount: 8\nhours: 10\nregion: FR\nmodel: meta-llama/Llama-3.1-8B\n';
// CodeCarbon's header (v2 columns used here) with two runs appended; the last one is the final run:
// 3 h, 30 kWh, 1.5 kg, on AWS us-east-1.
const CSV = [
  'timestamp,project_name,run_id,duration,emissions,emissions_rate,cpu_power,gpu_power,ram_power,cpu_energy,gpu_energy,ram_energy,energy_consumed,country_name,country_iso_code,region,cloud_provider,cloud_region,os,python_version,codecarbon_version,cpu_count,cpu_model,gpu_count,gpu_model,ram_total_size,tracking_mode,on_cloud',
  '2026-01-01T00:00:00,codecarbon,a,600,0.2,0.0003,42,2000,10,0.007,3.3,0.001,3.4,USA,USA,virginia,aws,us-east-1,Linux,3.11,2.8.0,32,AMD EPYC,8,8 x NVIDIA A100-SXM4-80GB,1024,machine,Y',
  '2026-01-02T00:00:00,codecarbon,b,10800,1.5,0.00014,42,2700,10,0.13,29.8,0.07,30,USA,USA,virginia,aws,us-east-1,Linux,3.11,2.8.0,32,AMD EPYC,8,8 x NVIDIA A100-SXM4-80GB,1024,machine,Y',
].join('\n');

const card = (dir: string, file: string, prefer?: 'measured' | 'estimate') => {
  const result = estimateFile(path.join(dir, file), settings, 20 * 1024 * 1024);
  const block = modelCard(result, { version: '1.2.3', configName: file, prefer });
  return block && { basis: block.basis, card: parse(block.text).co2_eq_emissions };
};

describe('model card export (measured first)', () => {
  it('without a record: the estimate, with energy, hours and where it came from', () => {
    const c = card(tmpDir({ 'train.yaml': RUN }), 'train.yaml')!;
    assert.strictEqual(c.basis, 'estimate');
    assert.strictEqual(c.card.emissions, 2740); // grams, 3 significant digits of 2.7415 kg
    assert.strictEqual(c.card.energy_consumed, 48.9);
    assert.strictEqual(c.card.hours_used, 10);
    assert.strictEqual(c.card.on_cloud, false, 'a country, not a cloud region');
    assert.strictEqual(c.card.geographical_location, 'France');
    assert.strictEqual(c.card.hardware_used, '8 x A100 SXM4 80GB');
    assert.strictEqual(c.card.training_type, 'fine-tuning', 'names a base model');
    assert.match(c.card.source, /^Carbon Lens estimate for train\.yaml \(v1\.2\.3, made before the run from its config; operational only; range 1\.7 kg-4\.1 kg\)$/);
  });

  it('with a CodeCarbon record: the measured values by default, the estimate named for comparison', () => {
    const dir = tmpDir({ 'train.yaml': RUN, 'emissions.csv': CSV });
    const c = card(dir, 'train.yaml')!;
    assert.strictEqual(c.basis, 'codecarbon');
    assert.strictEqual(c.card.emissions, 1500); // the last row: 1.5 kg
    assert.strictEqual(c.card.energy_consumed, 30);
    assert.strictEqual(c.card.hours_used, 3); // 10 800 s
    assert.strictEqual(c.card.on_cloud, true);
    assert.strictEqual(c.card.geographical_location, 'aws:us-east-1');
    assert.strictEqual(c.card.hardware_used, '8 x 8 x NVIDIA A100-SXM4-80GB');
    assert.match(c.card.source, /^codecarbon: measured during the run \(emissions\.csv, the last of 2 runs logged there; the 1 earlier \(development or failed\) runs are not included\), exported by Carbon Lens v1\.2\.3 for train\.yaml; the estimate before the run was 2\.7 kg \(1\.7 kg-4\.1 kg\)$/);
    // On request, the estimate even though a record exists.
    const est = card(dir, 'train.yaml', 'estimate')!;
    assert.strictEqual(est.basis, 'estimate');
    assert.strictEqual(est.card.emissions, 2740);
  });

  it('with only a Trainer state: the measured time, power still estimated, and the source says so', () => {
    // train_runtime 18 000 s = 5 h against the estimated 10 h: half the energy and emissions.
    const dir = tmpDir({ 'train.yaml': RUN, 'trainer_state.json': JSON.stringify({ log_history: [{ train_runtime: 18000, total_flos: 1e18 }] }) });
    const c = card(dir, 'train.yaml')!;
    assert.strictEqual(c.basis, 'trainer-time');
    assert.strictEqual(c.card.hours_used, 5);
    assert.strictEqual(c.card.emissions, 1370); // 48.92 kWh × 56.039 g/kWh = 2 741.5 g, × 5 / 10 = 1 370.8 g → 1 370 at 3 significant digits
    assert.strictEqual(c.card.energy_consumed, 24.5); // 48.9216 × 5 / 10 = 24.46 kWh
    assert.match(c.card.source, /training time measured by the Hugging Face Trainer \(trainer_state\.json\); power and grid intensity estimated/);
  });

  it('a sweep: the final run in `emissions`, the other trials named apart in `source`', () => {
    // 3 trials of the 2.7415 kg run: the final model is one of them; the other two add 2 × 2.7415 = 5.48 kg.
    const c = card(tmpDir({ 'sweep.yaml': `${RUN}trials: 3\n` }), 'sweep.yaml')!;
    assert.strictEqual(c.card.emissions, 2740);
    assert.match(c.card.source, /final run only: the development runs the file describes \(2 more sweep trial\(s\)\) add 5\.5 kg more\)$/);
  });

  it('says nothing when no training run has a complete estimate', () => {
    assert.strictEqual(card(tmpDir({ 'a.yaml': 'hardware: A100\n' }), 'a.yaml'), undefined);
  });
});

describe('README insert: whose block, and the other keys', () => {
  const ST = '---\nlanguage: en\nlicense: apache-2.0\ntags:\n- sentence-transformers\nco2_eq_emissions:\n  emissions: 12.5\n  energy_consumed: 0.04\n  source: codecarbon\n  training_type: fine-tuning\n---\n\n# My model\n';

  it('asks before replacing a block another run wrote, not one this config exported', () => {
    assert.strictEqual(replacesAnotherRun(ST, 'train.yaml'), true, 'a CodeCarbon block written by a training script');
    const dir = tmpDir({ 'train.yaml': RUN });
    const ours = modelCard(estimateFile(path.join(dir, 'train.yaml'), settings, 1e7), { version: '1', configName: 'train.yaml' })!.text;
    const withOurs = ST.slice(0, 0) + `---\nlicense: mit\n${ours}---\n`;
    assert.strictEqual(replacesAnotherRun(withOurs, 'train.yaml'), false);
    assert.strictEqual(replacesAnotherRun(withOurs, 'other.yaml'), true, "another config's export");
    assert.strictEqual(replacesAnotherRun('# no front matter\n', 'train.yaml'), false);
    assert.strictEqual(replacesAnotherRun('---\nlicense: mit\n---\n', 'train.yaml'), false);
    assert.deepStrictEqual(existingCardSource(ST), { source: 'codecarbon' });
  });

  it('replaces only the co2_eq_emissions entry, keeping the other front-matter keys and the body', () => {
    const dir = tmpDir({ 'train.yaml': RUN });
    const block = modelCard(estimateFile(path.join(dir, 'train.yaml'), settings, 1e7), { version: '1', configName: 'train.yaml' })!.text;
    const r = upsertFrontMatter(ST, block);
    const out = ST.slice(0, r.start) + r.newText + ST.slice(r.end);
    const front = parse(/^---\n([\s\S]*?)\n---\n/.exec(out)![1]);
    assert.deepStrictEqual([front.language, front.license, front.tags], ['en', 'apache-2.0', ['sentence-transformers']]);
    assert.strictEqual(front.co2_eq_emissions.emissions, 2740);
    assert.ok(out.endsWith('\n# My model\n'));
  });
});
