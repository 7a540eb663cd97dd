// The hover markdown: file text must stay inert, and the hover must carry the numbers, comparisons
// and assumptions the user needs to trust (or correct) the estimate.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { normalizeSettings } from '../../src/core/settings';
import { evaluateText } from '../../src/engine/evaluate';
import { buildHoverMarkdown, commandLink, escapeMarkdown, HOVER_COMMANDS, type HoverInput } from '../../src/editor/hoverMarkdown';
import { pairRuns } from '../../src/editor/lensText';

const settings = normalizeSettings({});
const TIMED = 'hardware: A100 80GB\ncount: 8\nhours: 24\nregion: aws:us-east-1\n';

function hover(yaml: string, extra: Partial<HoverInput> = {}): string {
  const pairs = pairRuns(evaluateText(yaml, 'run.yaml', settings));
  assert.strictEqual(pairs.length, 1);
  const [p] = pairs;
  return buildHoverMarkdown({
    uri: 'file:///w/run.yaml',
    runIndex: p.index,
    run: p.run,
    estimate: p.estimate,
    settings,
    fileTotalKg: p.estimate.co2eKg.mid,
    equivalenceIds: [],
    distanceUnit: 'km',
    locate: (r) => `line ${r.startLine + 1}`,
    ...extra,
  });
}

/** Every link target in the markdown. */
function links(md: string): string[] {
  return [...md.matchAll(/(?<!\\)\]\(([^)]*)\)/g)].map((m) => m[1]);
}

describe('escapeMarkdown', () => {
  it('escapes emphasis, code and brackets', () => {
    assert.strictEqual(escapeMarkdown('*bold* _it_'), '\\*bold\\* \\_it\\_');
    assert.strictEqual(escapeMarkdown('`code`'), '\\`code\\`');
  });

  it('defuses links and javascript: URLs', () => {
    const out = escapeMarkdown('[x](javascript:alert(1))');
    assert.strictEqual(out, '\\[x\\]\\(javascript\\:alert\\(1\\)\\)');
    assert.deepStrictEqual(links(out), []);
  });

  it('defuses HTML', () => {
    const out = escapeMarkdown('<img src=x onerror=alert(1)>');
    assert.doesNotMatch(out, /(?<!\\)</);
    assert.strictEqual(out, '\\<img src\\=x onerror\\=alert\\(1\\)\\>');
  });

  it('defuses autolinks, entities and images', () => {
    assert.strictEqual(escapeMarkdown('https://evil.example'), 'https\\:\\/\\/evil\\.example');
    assert.strictEqual(escapeMarkdown('&lt;'), '\\&lt\\;');
    assert.strictEqual(escapeMarkdown('![a](b)'), '\\!\\[a\\]\\(b\\)');
  });

  it('keeps the text on one line and drops bidi controls', () => {
    assert.strictEqual(escapeMarkdown('a\n# heading\r\n- item'), 'a \\# heading \\- item');
    assert.strictEqual(escapeMarkdown('ab\u202ecd'), 'abcd');
  });

  it('truncates long text', () => {
    const out = escapeMarkdown('x'.repeat(1000), 50);
    assert.strictEqual(Array.from(out).length, 50);
    assert.ok(out.endsWith('…'));
  });

  it('leaves letters, digits and non-ASCII alone', () => {
    assert.strictEqual(escapeMarkdown('Llama 3 8B ≈ CO₂e'), 'Llama 3 8B ≈ CO₂e');
  });
});

describe('buildHoverMarkdown', () => {
  const AXOLOTL = fs.readFileSync(path.join(__dirname, '../../examples/axolotl-qlora.yaml'), 'utf8');

  it('summarises the run in one line: CO₂e range, energy, duration, grid', () => {
    const md = hover(TIMED);
    // By hand: 8 × A100 80GB × 24 h × (400 W × 0.68 + 120 W host; "full fine-tuning" class) × PUE 1.135 = 85.42 kWh;
    // × 379.069 g/kWh (aws:us-east-1) = 32.38 kg (low 240 W → 19.83, high 580 W → 47.91).
    assert.ok(md.split('\n').includes('**≈ 32 kg CO₂e \\(20–48\\)** · 85 kWh · 24 h wall\\-clock · grid: us\\-east\\-1'), md);
  });

  it('is short: at most eight lines, the commands on the first', () => {
    // Every key of the Axolotl example, and the run's own line: a hover a person reads in passing.
    const pairs = pairRuns(evaluateText(AXOLOTL, 'axolotl.yaml', settings));
    const [p] = pairs;
    for (const field of [undefined, ...Object.keys(p.run.inputs)] as Array<HoverInput['field']>) {
      const md = hover(AXOLOTL, { field });
      const lines = md.split('\n').filter((l) => l.trim());
      assert.ok(lines.length <= 8, `${field}: ${lines.length} lines\n${md}`);
      assert.match(lines[0], /^\*\*Carbon Lens\*\* · \[Open panel\]\(command:carbonLens\.openPanel/, `${field}: links not first`);
    }
  });

  it('shows two equivalences with their source and year once, on the stated basis', () => {
    const md = hover(TIMED);
    const line = md.split('\n').find((l) => l.startsWith('≈ '))!;
    assert.ok(line, md);
    // 32.38 kg operational mid → "32 kg"; the basis is said, and no source repeats its year.
    assert.match(line, /— 32 kg CO₂e \\\(operational CO₂e\\, embodied not included\\\)$/);
    assert.strictEqual(line.split(' · ').length, 2, line);
    assert.doesNotMatch(line, /(\d{4}), \1/);
  });

  it('uses the configured equivalences and distance unit', () => {
    const md = hover(TIMED, { equivalenceIds: ['tree_year', 'km_car'], distanceUnit: 'miles' });
    assert.match(md, /tree\\-years/);
    assert.match(md, /miles in an average US passenger car/);
    assert.doesNotMatch(md, / km in an average US passenger car/);
  });

  it('flags the assumption that matters most, with a link to set it', () => {
    // The Axolotl example with a dataset Carbon Lens does not know: epochs are stated but no dataset
    // size, so 10,000 samples are assumed (WORKLOAD_DEFAULTS) — the guess that moves the estimate most.
    const md = hover(AXOLOTL.replace('tatsu-lab/alpaca', 'my-org/private-set'));
    assert.match(md, /⚠ Dataset size assumed\\: 10000 samples — set it/);
    assert.ok(links(md).some((t) => t.startsWith('command:workbench.action.openSettings?')), md);
    // With the dataset known (tatsu-lab/alpaca is in the catalogue), the next guess is flagged: the grid.
    assert.match(hover(AXOLOTL), /⚠ Region assumed\\: world average grid — set it/);
  });

  it('says what the hovered key contributes, in its own terms', () => {
    const md = hover(TIMED, { field: 'hours' });
    assert.match(md, /\*\*Hours \(wall clock\)\*\* 24 h \(file\\, line 3\): halve → −[\d.]+ kg · double → \\\+[\d.]+ kg/);
    // sequence_len: 4096 is shown as written (not "4,100"); the batch size does not move a FLOPs estimate.
    assert.match(hover(AXOLOTL, { field: 'seqLen' }), /\*\*Sequence length\*\* 4096 \(file\\, line 12\)/);
    assert.match(hover(AXOLOTL, { field: 'perDeviceBatch' }), /does not change energy at equal MFU/);
    // Hardware: its power and its speed (A100 SXM4 80GB: 400 W, 312 TFLOP/s bf16 in the catalogue).
    assert.match(hover(AXOLOTL, { field: 'hardware' }), /400 W\\, 312 TFLOP\\\/s bf16/);
  });

  it('links only to our commands and the settings page, with the run as JSON arguments', () => {
    const md = hover(TIMED);
    const targets = links(md);
    assert.strictEqual(targets.length, 2);
    for (const t of targets) {
      const id = /^command:([\w.]+)/.exec(t)?.[1];
      assert.ok(id && HOVER_COMMANDS.includes(id), `unexpected link ${t}`);
    }
    const open = targets.find((t) => t.startsWith('command:carbonLens.openPanel?'))!;
    assert.deepStrictEqual(JSON.parse(decodeURIComponent(open.split('?')[1])), [{ uri: 'file:///w/run.yaml', runIndex: 0 }]);
  });

  it('percent-encodes parentheses in command arguments so a path cannot end the link', () => {
    const link = commandLink('Open', 'carbonLens.openPanel', [{ uri: 'file:///w/a(1).yaml' }]);
    assert.deepStrictEqual(links(link).length, 1);
    assert.doesNotMatch(link.split('](')[1].slice(0, -1), /[()]/);
  });

  it('keeps hostile file text inert', () => {
    const yaml = [
      'name: "[click](javascript:alert(1)) *bold* `tick`"',
      'model: "<img src=x onerror=alert(1)>"',
      'hardware: "**A100** ![i](https://evil.example/x.png)"',
      'count: 2',
      'hours: 3',
      'region: "_x_ <script>alert(1)</script>"',
    ].join('\n');
    const md = hover(yaml, { field: 'model' });
    // The hover must still be a real estimate (else every check below passes on an empty hover). By hand:
    // "A100" → A100 40GB (400 W), unknown region → world 475 g/kWh and PUE 1.56: 2 × 3 h × 392 W × 1.56
    // = 3.669 kWh → 1.743 kg (low 240 W → 1.067, high 580 W → 2.579).
    assert.ok(md.includes('**≈ 1\\.7 kg CO₂e \\(1\\.1–2\\.6\\)**'), md);
    assert.deepStrictEqual(links(md).filter((t) => !t.startsWith('command:carbonLens.') && !t.startsWith('command:workbench.action.openSettings?')), []);
    assert.doesNotMatch(md, /(?<!\\)<(img|script)/);
    assert.doesNotMatch(md, /(?<!\\)`/);
    assert.doesNotMatch(md, /(?<!\\)\*bold/);
    assert.doesNotMatch(md, /(?<!\\)!\[/);
  });

  it('says what is missing and shows no equivalences for an incomplete run', () => {
    const md = hover('hardware: H100\ncount: 8\nregion: aws:us-east-1\n');
    assert.match(md, /Needs the model/);
    // The model is all it lacks: the hover offers the picker (a command of ours, with the run).
    assert.ok(links(md).some((t) => t.startsWith('command:carbonLens.pickModel?')), md);
    assert.doesNotMatch(md, /operational CO₂e/);
  });

  it('flags a run over the per-run budget', () => {
    // 8 × A100 for 24 h in us-east-1: 32 kg mid (32.38 kg), 32 times a 1 kg budget. Parentheses are escaped markdown.
    assert.match(hover(TIMED, { budgetPerRunKg: 1 }), /⚠ Over the per-run budget: 32 kg CO₂e vs a 1 kg budget \\\(×32\\\)/);
    assert.doesNotMatch(hover(TIMED, { budgetPerRunKg: 1e6 }), /Over the per-run budget/);
  });
});
