// OmegaConf interpolation (src/formats/omegaconf.ts) at the edges NeMo and Hydra configs reach: each
// arithmetic resolver with its arity and zero divisor, `oc.env` defaults, escapes, relative references
// that climb, the references reported for notes, and the bounds that keep a hostile file small. A wrong
// value here is a wrong model size (`ffn_hidden_size: ${multiply:4, ${.hidden_size}}`). Values by hand.
import * as assert from 'assert';
import { MAX_RESOLVED_LENGTH, OmegaResolver, hasInterpolation } from '../../src/formats/omegaconf';
import { parseYamlDocs } from '../../src/formats/tree';

const YAML = [
  'h: 4096', // line 1
  'n: 3',
  'zero: 0',
  'neg: -7',
  'name: gpt',
  'f: 2.5',
  'nothing: null',
  'dup: 1',
  'dup: 2', // last duplicate wins
  'm:',
  '  a: 10',
  '  inner:',
  '    b: 20',
  '    up: x',
  'list: [1, 2]',
  'chain1: ${chain2}',
  'chain2: ${h}',
  'mandatory: ???',
  'sp ace: 5', // a key with a blank: YAML allows it, OmegaConf interpolation does not name it
  `${'k'.repeat(300)}: 6`, // the longest key path followed
  `${'q'.repeat(301)}: 7`, // one character too long
].join('\n');

describe('OmegaConf interpolation: values a user reads as a model size', () => {
  // Built per test (not in the describe body, which runs while mocha loads the file): code run at load is
  // "static" to Stryker, so the YAML reader's mutants each cost a restart of the test process.
  let omega: OmegaResolver;
  beforeEach(() => {
    omega = new OmegaResolver(parseYamlDocs(YAML)[0].root);
  });
  const val = (s: string, at = 'x') => omega.resolve(at.split('.'), s).value;

  it('each NeMo arithmetic resolver, by hand', () => {
    assert.strictEqual(val('${multiply:2, 3, ${h}}'), 24576); // 2 × 3 × 4096
    assert.strictEqual(val('${sum:${h}, 4}'), 4100);
    assert.strictEqual(val('${add:1, 2, 3}'), 6);
    assert.strictEqual(val('${subtract:${h}, 96}'), 4000);
    assert.strictEqual(val('${int_div:${h}, 3}'), 1365); // ⌊4096 / 3⌋ = ⌊1365.33⌋
    assert.strictEqual(val('${divide_floor:${neg}, 2}'), -4); // ⌊−3.5⌋
    assert.strictEqual(val('${divide_ceil:${neg}, 2}'), -3); // ⌈−3.5⌉
    assert.strictEqual(val('${divide_ceil:${h}, 3}'), 1366);
    assert.strictEqual(val('${multiply:${f}, 4}'), 10); // 2.5 × 4
    // A resolver as an argument of another: its comma is not one of the outer arguments. (1 + 2) × 3 = 9.
    assert.strictEqual(val('${multiply:${sum:1,2}, 3}'), 9);
  });

  it('a product too large for a number is unknown, not Infinity', () => {
    assert.strictEqual(val('${multiply:1e308, 10}'), undefined);
  });

  it('refuses the wrong number of arguments and a zero divisor (no Infinity, no NaN)', () => {
    assert.strictEqual(val('${multiply:4}'), undefined);
    assert.strictEqual(val('${subtract:1, 2, 3}'), undefined);
    assert.strictEqual(val('${int_div:4}'), undefined);
    assert.strictEqual(val('${int_div:4, ${zero}}'), undefined);
    assert.strictEqual(val('${divide_floor:4, 0}'), undefined);
    assert.strictEqual(val('${divide_ceil:4, 0}'), undefined);
    assert.strictEqual(val('${divide_floor:1, 2, 3}'), undefined);
    assert.strictEqual(val('${divide_ceil:1}'), undefined);
  });

  it('reads numeric strings as NeMo does, and nothing else as a number', () => {
    assert.strictEqual(val('${multiply:1e3, 2}'), 2000);
    assert.strictEqual(val('${multiply:.5, 8}'), 4);
    assert.strictEqual(val('${multiply:+3, -2}'), -6);
    assert.strictEqual(val('${multiply:${name}, 2}'), undefined, 'a word is no number');
    assert.strictEqual(val('${multiply:3x, 2}'), undefined);
    assert.strictEqual(val('${multiply:${nothing}, 2}'), undefined, 'null is no number');
    assert.strictEqual(val('${sum:1, 2}x'), '3x', 'a resolver inside text is text');
    assert.strictEqual(val('${multiply:, 2}'), undefined, 'an empty argument is no 0');
    assert.strictEqual(val('${multiply:0x10, 2}'), undefined, 'hex is not a NeMo number');
    assert.strictEqual(val('${ h }'), 4096, 'blanks inside the braces');
  });

  it('an unknown resolver, a non-resolver name, or an unclosed brace stays unknown', () => {
    assert.strictEqual(val('${power:2, 3}'), undefined);
    assert.strictEqual(val('${toString:2, 3}'), undefined);
    assert.strictEqual(val('${constructor:1, 2}'), undefined, 'no inherited property is a resolver');
    assert.strictEqual(val('${h'), undefined);
    assert.strictEqual(val('a${h}b${h'), undefined);
    assert.strictEqual(val('${hh'), undefined, 'unclosed, though `h` is a key');
  });

  it('oc.env and env: the default when it is given, nothing when it is not, null or empty', () => {
    assert.strictEqual(val('${oc.env:NGPUS,8}'), '8');
    assert.strictEqual(val('${env:NGPUS, "4"}'), '4');
    assert.strictEqual(val("${oc.env:NGPUS,'2'}"), '2');
    // Only matching quotes are stripped: 'abca' keeps its a's, '"ab' keeps its quote.
    assert.strictEqual(val('${oc.env:A,abca}'), 'abca');
    assert.strictEqual(val('${oc.env:A,"ab}'), '"ab');
    assert.strictEqual(val('${oc.env:NGPUS,${h}}'), 4096, 'a default may itself interpolate');
    assert.strictEqual(val('${oc.env:NGPUS}'), undefined);
    assert.strictEqual(val('${oc.env:NGPUS,null}'), undefined);
    assert.strictEqual(val('${oc.env:NGPUS,NULL}'), undefined);
    assert.strictEqual(val('${oc.env:NGPUS,""}'), undefined);
    assert.strictEqual(val('${oc.env:A,1,2}'), undefined, 'three arguments is no env lookup');
    // A one-character default is kept as written (a lone quote is not a quoted string).
    assert.strictEqual(val('${oc.env:A,"}'), '"');
    assert.deepStrictEqual(omega.resolve(['x'], 'gpus_${oc.env:NGPUS,8}').refs, ['${oc.env:NGPUS,8}']);
  });

  it('keeps a whole-value reference\'s type and joins pieces as text, null as None', () => {
    assert.strictEqual(val('${h}'), 4096);
    assert.strictEqual(val('${f}'), 2.5);
    assert.strictEqual(val('${h}-${n}'), '4096-3');
    assert.strictEqual(val('v${nothing}'), 'vNone');
    assert.strictEqual(val('${dup}'), 2, 'the last duplicate key wins, as OmegaConf loads it');
    assert.strictEqual(val('\\${h} is ${h}'), '${h} is 4096', 'an escaped ${ is literal');
    assert.strictEqual(val('${h} {x}'), '4096 {x}', 'a brace without $ is text');
    assert.strictEqual(val('${h}$x'), '4096$x', 'a $ without brace is text');
    assert.strictEqual(val('${h}\\x'), '4096\\x', 'a backslash not before $ is text');
    assert.strictEqual(val('${chain1}'), 4096, 'a chain of references');
    assert.strictEqual(hasInterpolation('a $h {b}'), false);
    assert.strictEqual(hasInterpolation(4096), false);
    assert.strictEqual(hasInterpolation('${h}'), true);
  });

  it('relative references: `.` is a sibling, each further dot one map up, never above the root', () => {
    assert.strictEqual(val('${.b}', 'm.inner.x'), 20);
    assert.strictEqual(val('${..a}', 'm.inner.x'), 10);
    assert.strictEqual(val('${...h}', 'm.inner.x'), 4096);
    assert.strictEqual(val('${....h}', 'm.inner.x'), undefined, 'four dots from depth 3 climb above the root');
    assert.strictEqual(val('${.h}', 'x'), 4096, 'a sibling at the top level is a top-level key');
    assert.strictEqual(val('${m.inner.b}'), 20);
  });

  it('what is not a scalar key, mandatory, or a cycle stays unknown', () => {
    assert.strictEqual(val('${m}'), undefined, 'a map');
    assert.strictEqual(val('${list}'), undefined, 'a list');
    assert.strictEqual(val('${m.nope}'), undefined);
    assert.strictEqual(val('${mandatory}'), undefined);
    assert.strictEqual(val('${h}', 'h'), undefined, 'a key referring to itself (`h: ${h}`) is a cycle, not 4096');
    assert.strictEqual(val('${a b}'), undefined, 'not a key path');
    assert.strictEqual(val('${sp ace}'), undefined, 'a key with a blank is not a key path, though it exists');
    assert.strictEqual(val('${h.x}'), undefined, 'below a scalar there is nothing');
    assert.strictEqual(val('${zz.h}'), 4096, 'an unknown first key is a stage prefix (as `peft.`)');
    assert.strictEqual(val(`\${${'k'.repeat(300)}}`), 6, 'a 300-character key path is followed');
    assert.strictEqual(val(`\${${'q'.repeat(301)}}`), undefined, 'a 301-character one is not');
  });

  it('reports each reference followed once, in order, for the note', () => {
    const r = omega.resolve(['x'], '${multiply:${h}, ${h}, ${m.inner.b}}');
    assert.strictEqual(r.value, 4096 * 4096 * 20);
    assert.deepStrictEqual(r.refs, ['${h}', '${m.inner.b}']);
    assert.strictEqual(r.limit, undefined);
    // Through a chain, the intermediate and the final references are both named.
    assert.deepStrictEqual(omega.resolve(['x'], '${chain1}').refs, ['${chain1}', '${chain2}', '${h}']);
    // A plain value has none.
    assert.deepStrictEqual(omega.resolve(['x'], 4096), { value: 4096, refs: [] });
  });
});

describe('OmegaConf interpolation: the reference and depth bounds', () => {
  it('follows 256 references in one value and refuses the 257th', () => {
    const omega = new OmegaResolver(parseYamlDocs('n: 3\n')[0].root);
    assert.strictEqual(omega.resolve(['x'], '${n}'.repeat(256)).value, '3'.repeat(256));
    const over = omega.resolve(['x'], '${n}'.repeat(257));
    assert.deepStrictEqual([over.value, over.limit], [undefined, 'follows more than 256 references']);
  });

  it('counts the references a followed key made: 55 + 1 + 200 = 256 is read, 100 + 1 + 200 is not', () => {
    // b follows n 200 times; a value that follows n itself k times and then b has followed k + 1 + 200.
    const fresh = () => new OmegaResolver(parseYamlDocs(`n: 3\nb: "${'${n}'.repeat(200)}"\n`)[0].root);
    assert.strictEqual(fresh().resolve(['x'], '${n}'.repeat(55) + '${b}').value, '3'.repeat(255));
    const over = fresh().resolve(['x'], '${n}'.repeat(100) + '${b}');
    assert.deepStrictEqual([over.value, over.limit], [undefined, 'follows more than 256 references']);
  });

  it('follows a chain of 8 interpolated keys and cuts the 9th (depth 16)', () => {
    // Each key followed costs two levels (the reference, then the target's own text): the target text
    // of the j-th interpolated key is read at depth 2j, and depth 16 is the last one read. So c1 → … → c8
    // (interpolated) → c9 = 42 resolves; one more interpolated key in front is cut.
    const chain = (n: number) => [...Array.from({ length: n }, (_, j) => `c${j + 1}: \${c${j + 2}}`), `c${n + 1}: 42`].join('\n');
    assert.strictEqual(new OmegaResolver(parseYamlDocs(chain(8))[0].root).resolve(['x'], '${c1}').value, 42);
    assert.strictEqual(new OmegaResolver(parseYamlDocs(chain(9))[0].root).resolve(['x'], '${c1}').value, undefined);
  });
});

describe('OmegaConf interpolation: the length bound', () => {
  it('a value that resolves past the bound is unknown and says why; just under it is read', () => {
    // w is 100 characters; 10 × w = 1,000 ≤ 1,024 is read, 11 × w = 1,100 is not.
    const w = 'a'.repeat(100);
    const omega = new OmegaResolver(parseYamlDocs(`w: ${w}\n`)[0].root);
    const ten = omega.resolve(['x'], '${w}'.repeat(10));
    assert.strictEqual(ten.value, w.repeat(10));
    const eleven = omega.resolve(['x'], '${w}'.repeat(11));
    assert.strictEqual(eleven.value, undefined);
    assert.strictEqual(eleven.limit, `resolves to more than ${MAX_RESOLVED_LENGTH} characters`);
    // Literal text counts too: 10 × w plus 25 characters is 1,025.
    const lit = omega.resolve(['x'], '${w}'.repeat(10) + 'b'.repeat(25));
    assert.strictEqual(lit.value, undefined);
    assert.match(lit.limit ?? '', /more than 1024 characters/);
    // The bound is inclusive: 8 × 128 characters = 1,024 is read, as are 1,000 + 24 literal characters.
    const w128 = new OmegaResolver(parseYamlDocs(`w: ${'a'.repeat(128)}\n`)[0].root);
    assert.strictEqual((w128.resolve(['x'], '${w}'.repeat(8)).value as string).length, 1024);
    assert.strictEqual((omega.resolve(['x'], '${w}'.repeat(10) + 'b'.repeat(24)).value as string).length, 1024);
    // Literal text BEFORE the references counts as well: 25 + 10 × 100 = 1,025.
    assert.strictEqual(omega.resolve(['x'], 'b'.repeat(25) + '${w}'.repeat(10)).value, undefined);
    // One long literal behind an escaped \${ is text, whatever its length.
    assert.strictEqual(omega.resolve(['x'], '\\${' + 'c'.repeat(2000)).value, '${' + 'c'.repeat(2000));
    // One reference to a value longer than the bound is stopped too (2,000 characters).
    const long = new OmegaResolver(parseYamlDocs(`w: ${'a'.repeat(2000)}\n`)[0].root).resolve(['x'], '${w}');
    assert.deepStrictEqual([long.value, long.limit], [undefined, 'resolves to more than 1024 characters']);
    // A long literal with no interpolation is not a resolution at all and is returned as written.
    assert.strictEqual(omega.resolve(['x'], 'c'.repeat(2000)).value, 'c'.repeat(2000));
  });
});
