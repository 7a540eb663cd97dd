// Every surface a user reads — lens, hover, panel model, CLI text and JSON, Markdown report and model
// card — shows the SAME figures, pinned to values derived by hand below, for each phase (training,
// sweep, serving) and each estimation path (time-based, FLOPs-based, always-on capacity, per query).
//
// Constants (src/core/constants.ts, power.ts, inferenceEnergy.ts, src/core/data): power = TDP × share +
// host per device; training share by workload class (multi-GPU/full fine-tuning 0.45/0.68/0.95, linked to
// MFU 0.15/0.27/0.40 on the FLOPs path), serving 0.3/0.5/0.8; host 0.15/0.3/0.5 × TDP; PUE AWS 1.135,
// GCP 1.1 (Cloud Carbon Footprint 2024), 1.56 when no provider; embodied A100 80GB 150 kg, H100 164 kg,
// other devices 150 kg, host 5,700 kg per 8 devices, over 4 years = 35,040 h. Boundary: facility.
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
import { closeWithin } from './helpers/runAsserts';

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
    // No model: "multi-GPU or full fine-tuning" class, draw 0.45/0.68/0.95 × 400 W, host 60/120/200 W.
    // mid: 8 × 24 h × (272 + 120 = 392 W) × 1.135 = 85.42464 kWh → × 0.379069 = 32.382 kg;
    // low: 8 × 24 × (180 + 60 = 240 W) × 1.135 = 52.3008 kWh → 19.826 kg; high: 8 × 24 × (380 + 200 = 580 W) × 1.135 = 126.3936 kWh → 47.912 kg.
    // Embodied: (8 × 150 + 1 × 5,700) × 24 / 35,040 = 4.726 kg.
    name: 'training, time-based', method: 'time',
    yaml: 'hardware: A100 80GB\ncount: 8\nhours: 24\nregion: aws:us-east-1\n',
    kwh: 85.42464, kg: 32.381833, embodiedKg: 4.726027,
    lens: '≈ 32 kg CO₂e (20–48) · 85 kWh · 8× A100 SXM4 80GB · us-east-1',
    hoverHead: '**≈ 32 kg CO₂e \\(20–48\\)** · 85 kWh · 24 h wall\\-clock · grid: us\\-east\\-1',
    view: { co2e: '≈ 32 kg CO₂e (20–48)', energy: '85 kWh (52 kWh–130 kWh)', hours: '24 h' },
    cells: ['8× A100 SXM4 80GB', '≈ 32 kg CO₂e (20–48)', '85 kWh', '4.7 kg'],
    cardGrams: 32_400,
  },
  {
    // Training, FLOPs-based. Llama-3.1-8B (8.03B) × 2,000 steps × 64 × 4,096 = 5.24288e8 tokens;
    // 6 × 8.03e9 × 5.24288e8 = 2.52602e19 FLOPs / (8 × 989 TFLOP/s) = 0.886845 h at MFU 1. Class "multi-GPU or
    // full fine-tuning" (128 GB of training state > 80/4 GB; 8 devices; 5e8 tokens): MFU 0.40/0.27/0.15 →
    // 2.21711 / 3.28461 / 5.91230 h. Draw linked to MFU: 0.95/0.68/0.45 × 700 W + host 105/210/350 W
    // = 770 / 686 / 665 W. Energy: 8 × h × W × PUE 1.1 = 15.0232 / 19.8286 / 34.5988 kWh
    // → × 0.41272 (gcp:us-central1, 2024) = 6.2004 / 8.1836 / 14.2796 kg. Embodied: (8 × 164 + 5,700) × 3.28461 / 35,040 = 0.6573 kg.
    name: 'training, FLOPs-based', method: 'flops',
    yaml: 'model: meta-llama/Llama-3.1-8B\nhardware: H100\ncount: 8\nsteps: 2000\nbatchSize: 64\nseqLen: 4096\nregion: gcp:us-central1\n',
    kwh: 19.828550, kg: 8.183639, embodiedKg: 0.657297,
    lens: '≈ 8.2 kg CO₂e (6.2–14) · 20 kWh · 8× H100 SXM5 80GB · us-central1',
    hoverHead: '**≈ 8\\.2 kg CO₂e \\(6\\.2–14\\)** · 20 kWh · 2\\.2 h–5\\.9 h wall\\-clock · grid: us\\-central1',
    view: { co2e: '≈ 8.2 kg CO₂e (6.2–14)', energy: '20 kWh (15 kWh–35 kWh)', hours: '3.3 h (2.2 h–5.9 h)' },
    cells: ['8× H100 SXM5 80GB', '≈ 8.2 kg CO₂e (6.2–14)', '20 kWh', '660 g'],
    cardGrams: 8_180,
  },
  {
    // Sweep: the time-based run × 3 trials: 3 × 85.42464 = 256.27392 kWh, 3 × 32.381833 = 97.145499 kg
    // (low 3 × 19.826 = 59.48, high 3 × 47.912 = 143.74); embodied 3 × 4.726 = 14.178 kg.
    name: 'sweep (3 trials)', method: 'time',
    yaml: 'hardware: A100 80GB\ncount: 8\nhours: 24\nregion: aws:us-east-1\ntrials: 3\n',
    kwh: 256.27392, kg: 97.145499, embodiedKg: 14.178082,
    lens: '≈ 97 kg CO₂e (59–140) · 260 kWh · 8× A100 SXM4 80GB · us-east-1',
    hoverHead: '**≈ 97 kg CO₂e \\(59–140\\)** · 260 kWh · 24 h wall\\-clock · grid: us\\-east\\-1',
    view: { co2e: '≈ 97 kg CO₂e (59–140)', energy: '260 kWh (160 kWh–380 kWh)', hours: '24 h' },
    cells: ['8× A100 SXM4 80GB', '≈ 97 kg CO₂e (59–140)', '260 kWh', '14 kg'],
    cardGrams: 97_100,
  },
  {
    // Serving, always-on capacity. 2 × L4 (72 W) for 365 days = 8,760 h at serving draw (36 + host 0.3 × 72 = 57.6 W),
    // PUE 1.56 (no provider): 2 × 8,760 × 57.6 × 1.56 = 1,574.27712 kWh → × 0.056039 (France, 2023) = 88.2209 kg/year
    // (low 0.3 × 72 + 0.15 × 72 = 32.4 W → 885.53 kWh, 49.62 kg; high 0.8 × 72 + 0.5 × 72 = 93.6 W → 2,558.2 kWh, 143.36 kg).
    // Embodied: (2 × 150 + 2/8 × 5,700) × 8,760 / 35,040 = 431.25 kg.
    name: 'serving, always-on capacity', method: 'capacity',
    yaml: 'phase: inference\nmodel: meta-llama/Llama-3.1-8B\nhardware: L4\ncount: 2\nregion: FR\n',
    kwh: 1574.27712, kg: 88.220916, embodiedKg: 431.25,
    lens: '≈ 88 kg CO₂e (50–140) / year · 1.6 MWh · 2× L4 PCIe 24GB · France',
    // Duration: always on = 24 h a day (8,760 h / 365 days), said per day over the horizon (issue #16:
    // "1 year per day" read as nonsense).
    hoverHead: '**≈ 88 kg CO₂e \\(50–140\\)** \\/ year · 1\\.6 MWh · 24 h a day for 365 days · grid: France',
    view: { co2e: '≈ 88 kg CO₂e (50–140)', energy: '1.6 MWh (890 kWh–2.6 MWh)', hours: '24 h a day for 365 days' },
    cells: ['2× L4 PCIe 24GB', '≈ 88 kg CO₂e (50–140)', '1.6 MWh', '430 kg'],
  },
  {
    // Serving, per query. 100,000 queries/day × 1,000 output tokens × 365 days = 3.65e10 tokens. One L4 holds
    // 8.03B × 2 bytes × 1.2 = 19.3 GB < 0.9 × 24 GB. Per output token (ML.ENERGY v3 model, batch 64 assumed):
    // memory 0.375 × 8.03 / 64 = 0.0470508 J; compute floor extrapolated from H100 by energy per FLOP,
    // 0.0118 × (72/121)/(700/989) = 0.00992034, × 8.03^0.82 (5.51914) = 0.0547518 J → 0.1018026 J.
    // 3.65e10 × 0.1018026 = 3.71579e9 J; × host factor (1 + 21.6 / (0.8 × 72) = 1.375) × PUE 1.56 / 3.6e6
    // = 2,213.98 kWh → × 0.056039 = 124.069 kg/year. Band (extrapolated generation ×0.5 / ×2, host 0.15 / 0.5):
    // 956.04 / 5,233.05 kWh. Device-hours at a busy 57.6 W: 3.71579e9 / 3600 / 57.6 = 17,919.4 h;
    // embodied (150 + 5,700/8) × 17,919.4 / 35,040 = 441.08 kg.
    name: 'serving, per query', method: 'per-token',
    yaml: 'phase: inference\nmodel: meta-llama/Llama-3.1-8B\nhardware: L4\nregion: FR\nqueriesPerDay: 100000\n',
    kwh: 2213.9823, kg: 124.06936, embodiedKg: 441.08205,
    lens: '≈ 120 kg CO₂e (54–290) / year · 2.2 MWh · 1× L4 PCIe 24GB · France',
    // Duration: the 17,919.4 device-hours over 365 days = 49.09 h of accelerator time a day (two digits: 49).
    hoverHead: '**≈ 120 kg CO₂e \\(54–290\\)** \\/ year · 2\\.2 MWh · 49 h of accelerator time a day for 365 days · grid: France',
    view: { co2e: '≈ 120 kg CO₂e (54–290)', energy: '2.2 MWh (960 kWh–5.2 MWh)', hours: '49 h of accelerator time a day for 365 days' },
    cells: ['1× L4 PCIe 24GB', '≈ 120 kg CO₂e (54–290)', '2.2 MWh', '440 kg'],
  },
];

const settings = normalizeSettings({});

const close = closeWithin(1e-5);

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
