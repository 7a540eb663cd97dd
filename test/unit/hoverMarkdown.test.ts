// The hover markdown: file text must stay inert, and the hover must carry the numbers, comparisons
// and assumptions the user needs to trust (or correct) the estimate.
import * as assert from 'assert';
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
  it('summarises the run: CO₂e range, energy, embodied', () => {
    const md = hover(TIMED);
    // By hand: 8 × A100 80GB × 24 h × (400 W × 0.68 + 120 W host; "full fine-tuning" class) × PUE 1.135 = 85.42 kWh;
    // × 379.069 g/kWh (aws:us-east-1) = 32.38 kg (low 240 W → 19.83, high 580 W → 47.91); embodied (8 × 150 + 5,700) × 24 / 35,040 = 4.73 kg.
    assert.ok(md.split('\n').includes('**≈ 32 kg CO₂e \\(20–48\\)** · 85 kWh · 24 h wall-clock · grid: us\\-east\\-1'), md);
    assert.ok(md.includes('Embodied (hardware manufacturing, amortised): 4\\.7 kg, not in the total above'), md);
  });

  it('shows three readable equivalences with source and year, and the others under a smaller heading', () => {
    const md = hover(TIMED);
    const section = md.split('#### Equivalent to')[1].split('#####')[0];
    const items = section.split('\n').filter((l) => l.startsWith('- '));
    assert.strictEqual(items.length, 3);
    for (const item of items) assert.match(item, /\(.*\d{4}.*\)$/, `no source year in "${item}"`);
    assert.match(md, /##### More comparisons\n\n.+ · .+/);
  });

  it('uses the configured equivalences and distance unit', () => {
    const md = hover(TIMED, { equivalenceIds: ['tree_year', 'km_car'], distanceUnit: 'miles' });
    const section = md.split('#### Equivalent to')[1].split('#####')[0];
    assert.match(section, /tree\\-years/);
    assert.match(section, /miles in an average US passenger car/);
    assert.doesNotMatch(md, / km in an average US passenger car/);
  });

  it('lists the assumptions with their origin', () => {
    const md = hover(TIMED);
    const section = md.split('#### Assumptions')[1];
    assert.ok(section, 'no Assumptions section');
    assert.match(section, /- Accelerators: 8 \(file\\, line 2\)/);
    assert.match(section, /- Precision: bf16 \(default\\: no precision stated\)/);
    assert.match(section, /- Grid intensity: [\d.]+ g CO₂e\\\/kWh \(inferred\\: .*2020\\\)\)/);
    assert.match(section, /- Grid\\: aws\\:us\\-east\\-1/);
  });

  it('says what the hovered key contributes', () => {
    const md = hover(TIMED, { field: 'hours' });
    assert.match(md, /\*\*Hours \(wall clock\)\*\* 24 h \(file\\, line 3\)/);
    assert.match(md, /What it contributes: halve → −[\d.]+ kg · double → \\\+[\d.]+ kg/);
  });

  it('links only to our commands, with the run as JSON arguments', () => {
    const md = hover(TIMED);
    const targets = links(md);
    assert.strictEqual(targets.length, 3);
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
    assert.deepStrictEqual(links(md).filter((t) => !t.startsWith('command:carbonLens.')), []);
    assert.doesNotMatch(md, /(?<!\\)<(img|script)/);
    assert.doesNotMatch(md, /(?<!\\)`/);
    assert.doesNotMatch(md, /(?<!\\)\*bold/);
    assert.doesNotMatch(md, /(?<!\\)!\[/);
  });

  it('says what is missing and shows no equivalences for an incomplete run', () => {
    const md = hover('hardware: H100\ncount: 8\nregion: aws:us-east-1\n');
    assert.match(md, /\*\*Needs\*\* /);
    assert.doesNotMatch(md, /Equivalent to/);
    assert.match(md, /#### Assumptions/);
  });

  it('flags a run over the per-run budget', () => {
    // 8 × A100 for 24 h in us-east-1: 32 kg mid (32.38 kg), 32 times a 1 kg budget. Parentheses are escaped markdown.
    assert.match(hover(TIMED, { budgetPerRunKg: 1 }), /⚠ Over the per-run budget: 32 kg CO₂e vs a 1 kg budget \\\(×32\\\)/);
    assert.doesNotMatch(hover(TIMED, { budgetPerRunKg: 1e6 }), /Over the per-run budget/);
  });
});
