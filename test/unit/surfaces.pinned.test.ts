// Every surface a user reads — lens, hover, panel model, CLI text and JSON, Markdown report and model
// card — shows the SAME figures, pinned to values derived by hand below, for each phase (training,
// sweep, serving) and each estimation path (time-based, FLOPs-based, always-on capacity, per query).
//
// Constants (src/core/constants.ts, src/core/data): power = TDP × share + host W per device, share
// training 0.6/0.8/1.0 and serving 0.3/0.5/0.8, host 40/79/120 W; PUE AWS 1.135, GCP 1.1 (Cloud Carbon
// Footprint 2024), 1.56 when no provider; embodied A100 80GB 150 kg, H100 164 kg, other devices 150 kg,
// host 5,700 kg per 8 devices, over 4 years = 35,040 h.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parse } from 'yaml';
import { main } from '../../src/cli';
import { normalizeSettings } from '../../src/core/settings';
import { buildHoverMarkdown } from '../../src/editor/hoverMarkdown';
import { mainLensTitle, pairRuns } from '../../src/editor/lensText';
import { evaluateText, type FileResult } from '../../src/engine/evaluate';
import { markdownReport, modelCardBlock } from '../../src/engine/exports';
import { estimateView } from '../../src/webview/viewModel';

interface Case {
  name: string;
  yaml: string;
  method: 'time' | 'flops' | 'capacity' | 'per-token';
  /** Hand-derived mid values. */
  kwh: number;
  kg: number;
  embodiedKg: number;
  /** What the surfaces print for them. */
  lens: string;
  hoverHead: string;
  view: { co2e: string; energy: string; hours: string };
  /** CLI/Markdown cells: hardware, CO₂e, energy, embodied. */
  cells: [string, string, string, string];
  /** Model-card grams (training only): mid kg × 1000 at three significant digits. */
  cardGrams?: number;
}

const CASES: Case[] = [
  {
    // Training, time-based. 8 × A100 80GB (400 W) × 24 h, aws:us-east-1 (379.069 g/kWh, eGRID2020), PUE 1.135.
    // mid: 8 × 24 h × (320 + 79 = 399 W) × 1.135 = 86.95008 kWh → × 0.379069 = 32.960 kg;
    // low: 8 × 24 × (240 + 40 = 280 W) × 1.135 = 61.0176 kWh → 23.130 kg; high: 8 × 24 × 520 W × 1.135 = 113.318 kWh → 42.955 kg.
    // Embodied: (8 × 150 + 1 × 5,700) × 24 / 35,040 = 4.726 kg.
    name: 'training, time-based', method: 'time',
    yaml: 'hardware: A100 80GB\ncount: 8\nhours: 24\nregion: aws:us-east-1\n',
    kwh: 86.95008, kg: 32.96008, embodiedKg: 4.726027,
    lens: '≈ 33 kg CO₂e (23–43) · 87 kWh · 8× A100 SXM4 80GB · us-east-1',
    hoverHead: '**≈ 33 kg CO₂e \\(23–43\\)** · 87 kWh · 24 h wall\\-clock · grid: us\\-east\\-1',
    view: { co2e: '≈ 33 kg CO₂e (23–43)', energy: '87 kWh (61 kWh–110 kWh)', hours: '24 h' },
    cells: ['8× A100 SXM4 80GB', '≈ 33 kg CO₂e (23–43)', '87 kWh', '4.7 kg'],
    cardGrams: 33_000,
  },
  {
    // Training, FLOPs-based. Llama-3.1-8B (8.03B) × 2,000 steps × 64 × 4,096 = 5.24288e8 tokens;
    // 6 × 8.03e9 × 5.24288e8 = 2.52602e19 FLOPs / (8 × 989 TFLOP/s × MFU 0.33) = 9,674.7 s = 2.6874 h (mid;
    // MFU 0.46 → 1.928 h, 0.21 → 4.223 h). Energy mid: 8 × 2.6874 h × (560 + 79 = 639 W) × PUE 1.1 = 15.112 kWh
    // → × 0.41272 (gcp:us-central1, 2024) = 6.237 kg. Embodied: (8 × 164 + 5,700) × 2.6874 / 35,040 = 0.538 kg.
    name: 'training, FLOPs-based', method: 'flops',
    yaml: 'model: meta-llama/Llama-3.1-8B\nhardware: H100\ncount: 8\nsteps: 2000\nbatchSize: 64\nseqLen: 4096\nregion: gcp:us-central1\n',
    kwh: 15.11185, kg: 6.236961, embodiedKg: 0.537789,
    lens: '≈ 6.2 kg CO₂e (3.2–13) · 15 kWh · 8× H100 SXM5 80GB · us-central1',
    hoverHead: '**≈ 6\\.2 kg CO₂e \\(3\\.2–13\\)** · 15 kWh · 1\\.9 h–4\\.2 h wall\\-clock · grid: us\\-central1',
    view: { co2e: '≈ 6.2 kg CO₂e (3.2–13)', energy: '15 kWh (7.8 kWh–30 kWh)', hours: '2.7 h (1.9 h–4.2 h)' },
    cells: ['8× H100 SXM5 80GB', '≈ 6.2 kg CO₂e (3.2–13)', '15 kWh', '540 g'],
    cardGrams: 6_240,
  },
  {
    // Sweep: the time-based run × 3 trials: 3 × 86.95008 = 260.850 kWh, 3 × 32.960 = 98.880 kg
    // (low 69.39, high 128.87); embodied 3 × 4.726 = 14.178 kg.
    name: 'sweep (3 trials)', method: 'time',
    yaml: 'hardware: A100 80GB\ncount: 8\nhours: 24\nregion: aws:us-east-1\ntrials: 3\n',
    kwh: 260.85024, kg: 98.88024, embodiedKg: 14.178082,
    lens: '≈ 99 kg CO₂e (69–130) · 260 kWh · 8× A100 SXM4 80GB · us-east-1',
    hoverHead: '**≈ 99 kg CO₂e \\(69–130\\)** · 260 kWh · 24 h wall\\-clock · grid: us\\-east\\-1',
    view: { co2e: '≈ 99 kg CO₂e (69–130)', energy: '260 kWh (180 kWh–340 kWh)', hours: '24 h' },
    cells: ['8× A100 SXM4 80GB', '≈ 99 kg CO₂e (69–130)', '260 kWh', '14 kg'],
    cardGrams: 98_900,
  },
  {
    // Serving, always-on capacity. 2 × L4 (72 W) for 365 days = 8,760 h at serving draw (36 + 79 = 115 W),
    // PUE 1.56 (no provider): 2 × 8,760 × 115 × 1.56 = 3,143.088 kWh → × 0.056039 (France, 2023) = 176.136 kg/year
    // (low 0.3 × 72 + 40 = 61.6 W → 94.35 kg; high 0.8 × 72 + 120 = 177.6 W → 272.01 kg).
    // Embodied: (2 × 150 + 2/8 × 5,700) × 8,760 / 35,040 = 431.25 kg.
    name: 'serving, always-on capacity', method: 'capacity',
    yaml: 'phase: inference\nmodel: meta-llama/Llama-3.1-8B\nhardware: L4\ncount: 2\nregion: FR\n',
    kwh: 3143.088, kg: 176.1355, embodiedKg: 431.25,
    lens: '≈ 180 kg CO₂e (94–270) / year · 3.1 MWh · 2× L4 PCIe 24GB · France',
    // Duration: always on = 24 h a day (8,760 h / 365 days), said per day over the horizon (issue #16:
    // "1 year per day" read as nonsense).
    hoverHead: '**≈ 180 kg CO₂e \\(94–270\\)** \\/ year · 3\\.1 MWh · 24 h a day for 365 days · grid: France',
    view: { co2e: '≈ 180 kg CO₂e (94–270)', energy: '3.1 MWh (1.7 MWh–4.9 MWh)', hours: '24 h a day for 365 days' },
    cells: ['2× L4 PCIe 24GB', '≈ 180 kg CO₂e (94–270)', '3.1 MWh', '430 kg'],
  },
  {
    // Serving, per query. 100,000 queries/day × 1,000 tokens × 365 days = 3.65e10 tokens. Per token per GPU
    // (EcoLogits 2025): 1.17e-6 × e^(−0.0112 × 64) × 8.03 + 4.05e-5 = 4.50879e-5 Wh; × host factor
    // (1 + 79/72 = 2.09722) × PUE 1.56 → 3.65e10 × 4.50879e-5 × 2.09722 × 1.56 = 5,384.19 kWh
    // → × 0.056039 = 301.72 kg/year (low ×0.5, high ×2). Device-hours at 115 W: 5,384,190 Wh / (115 × 1.56) = 30,012 h;
    // embodied (150 + 5,700/8) × 30,012 / 35,040 = 738.74 kg.
    name: 'serving, per query', method: 'per-token',
    yaml: 'phase: inference\nmodel: meta-llama/Llama-3.1-8B\nhardware: L4\nregion: FR\nqueriesPerDay: 100000\n',
    kwh: 5384.19, kg: 301.7246, embodiedKg: 738.742,
    lens: '≈ 300 kg CO₂e (150–600) / year · 5.4 MWh · 1× L4 PCIe 24GB · France',
    // Duration: the 30,012 device-hours over 365 days = 82.2 h of accelerator time a day (two digits: 82).
    hoverHead: '**≈ 300 kg CO₂e \\(150–600\\)** \\/ year · 5\\.4 MWh · 82 h of accelerator time a day for 365 days · grid: France',
    view: { co2e: '≈ 300 kg CO₂e (150–600)', energy: '5.4 MWh (2.7 MWh–11 MWh)', hours: '82 h of accelerator time a day for 365 days' },
    cells: ['1× L4 PCIe 24GB', '≈ 300 kg CO₂e (150–600)', '5.4 MWh', '740 kg'],
  },
];

const settings = normalizeSettings({});

function close(actual: number | undefined, expected: number, rel = 1e-5): void {
  assert.ok(actual !== undefined && Math.abs(actual - expected) <= Math.abs(expected) * rel, `expected ${expected}, got ${actual}`);
}

function cli(yaml: string, json: boolean): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'carbon-lens-pinned-'));
  fs.writeFileSync(path.join(dir, 'run.yaml'), yaml);
  let out = '';
  const code = main(['estimate', ...(json ? ['--json'] : []), dir], (s) => (out += s), () => undefined);
  fs.rmSync(dir, { recursive: true, force: true });
  assert.strictEqual(code, 0);
  return out;
}

/** The cells of the table row that names run.yaml (columns are separated by two or more spaces). */
function rowCells(text: string, sep: RegExp): string[] {
  const row = text.split('\n').find((l) => l.includes('run.yaml') && /CO₂e/.test(l));
  assert.ok(row, `no row in\n${text}`);
  return row.split(sep).map((c) => c.trim()).filter(Boolean);
}

for (const c of CASES) {
  describe(`pinned figures: ${c.name}`, () => {
    let result: FileResult;
    before(() => {
      result = evaluateText(c.yaml, 'run.yaml', settings);
    });

    it('estimate (the numbers every surface formats)', () => {
      const e = result.estimates[0];
      assert.strictEqual(e.method, c.method);
      close(e.energyKwh.mid, c.kwh);
      close(e.co2eKg.mid, c.kg);
      close(e.embodiedKg, c.embodiedKg);
    });

    it('lens', () => {
      assert.strictEqual(mainLensTitle(pairRuns(result)[0].estimate, settings), c.lens);
    });

    it('hover', () => {
      const [p] = pairRuns(result);
      const md = buildHoverMarkdown({
        uri: 'file:///w/run.yaml', runIndex: p.index, run: p.run, estimate: p.estimate, settings, fileTotalKg: p.estimate.co2eKg.mid,
        equivalenceIds: [], distanceUnit: 'km', locate: (r) => `line ${r.startLine + 1}`,
      });
      assert.ok(md.split('\n').includes(c.hoverHead), md);
      // The hover is short (issue #16): embodied carbon lives in the panel; the equivalences say their
      // basis, the operational mid value (formatMass of the pinned kg).
      assert.ok(md.includes('CO₂e \\(operational CO₂e\\, embodied not included\\)'), md);
      assert.ok(md.split('\n\n').length <= 8, md);
    });

    it('panel model', () => {
      const v = estimateView(result.estimates[0]);
      assert.deepStrictEqual({ co2e: v.co2e.text, energy: v.energy.text, hours: v.hours.text }, c.view);
      close(v.co2e.mid, c.kg);
      close(v.embodiedKg, c.embodiedKg);
    });

    it('CLI text', () => {
      const cells = rowCells(cli(c.yaml, false), /\s{2,}/);
      assert.deepStrictEqual(cells.slice(-4), c.cells);
    });

    it('CLI JSON (four significant digits)', () => {
      const r = JSON.parse(cli(c.yaml, true)).files[0].runs[0];
      assert.strictEqual(r.co2eKg.mid, +c.kg.toPrecision(4));
      assert.strictEqual(r.energyKwh.mid, +c.kwh.toPrecision(4));
      assert.strictEqual(r.embodiedKg, +c.embodiedKg.toPrecision(4));
    });

    it('Markdown report and model card', () => {
      const cells = rowCells(markdownReport([result], { version: '1' }), /\|/);
      assert.deepStrictEqual([cells[2], cells[5], cells[4], cells[6]], c.cells);
      const card = modelCardBlock(result.estimates, { version: '1' });
      if (c.cardGrams === undefined) assert.strictEqual(card, undefined, 'serving is not a training emission');
      else assert.strictEqual(parse(card!).co2_eq_emissions.emissions, c.cardGrams);
    });
  });
}
