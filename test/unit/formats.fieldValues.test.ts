// What a config value means once read (src/formats/fields.ts), as every format reader uses it: values
// decided at run time (`auto`, `null`, `${…}`, `$(…)`, `$VAR`) are unknown — never a number; numbers in
// the spellings configs use; booleans; every precision and quantization spelling the readers meet
// (Lightning's `bf16-mixed`, torch dtypes, accelerate's `no`, GGUF `q4_k_m`, vLLM's `awq_marlin`).
// Each expected value is the meaning of the spelling, by hand.
import * as assert from 'assert';
import { isUnknownValue, normalizePrecision, normalizeQuantBits, toBool, toNumber } from '../../src/formats/fields';

function table<T>(f: (v: never) => T, rows: Array<[unknown, T]>): void {
  for (const [input, want] of rows) assert.strictEqual(f(input as never), want, `${JSON.stringify(input)}`);
}

describe('Config values: unknown, numbers, booleans', () => {
  it('decided at run time: empty, auto, none, null, ~, ${…}, $(…), $VAR — and not a lone `${` or `$5`', () => {
    table(isUnknownValue, [
      [null, true], [undefined, true], ['', true], [' Auto ', true], ['None', true], ['null', true], ['~', true],
      ['${model.hidden}', true], ['$(nproc)', true], ['$NGPU', true],
      ['${', false], ['x}${', false], ['$5', false], ['cost $', false], ['3', false], [8, false], [true, false],
    ]);
  });

  it('numbers as configs write them; hex, overflow, words and run-time values are not numbers', () => {
    table(toNumber, [
      [3, 3], ['1e-4', 1e-4], [' 8 ', 8], ['1_000', 1000], ['.5', 0.5], ['5.', 5], ['-2', -2], ['+3', 3],
      [null, undefined], [true, undefined], [Infinity, undefined], [NaN, undefined], ['0x10', undefined], ['1e400', undefined],
      ['e5', undefined], ['1e', undefined], ['12abc', undefined], ['auto', undefined], ['${steps}', undefined],
    ]);
    // 64 characters is the longest number read; 65 is not a number a config writes.
    assert.strictEqual(toNumber('1'.repeat(64)), Number('1'.repeat(64)));
    assert.strictEqual(toNumber('1'.repeat(65)), undefined);
  });

  it('booleans: true/yes/on/1 and false/no/off/0 in any case; a number is true unless 0', () => {
    table(toBool, [
      [true, true], [' Yes ', true], ['on', true], ['1', true], [2, true],
      ['OFF', false], ['no', false], ['0', false], [0, false], [false, false],
      ['maybe', undefined], [null, undefined],
    ]);
  });
});

describe('Config values: precision and quantization spellings', () => {
  it('precision: each family of spellings to its id; unknown spellings and booleans to none', () => {
    table(normalizePrecision, [
      ['torch.bfloat16', 'bf16'], ['BF16-mixed', 'bf16'], ['pure_bf16', 'bf16'], ['bf16_mixed', 'bf16'],
      ['32-true', 'fp32'], ['no', 'fp32'], [32, 'fp32'], ['float', 'fp32'],
      ['tf32', 'tf32'],
      ['amp', 'fp16'], ['half', 'fp16'], [16, 'fp16'], ['16-mixed', 'fp16'],
      ['fp8', 'fp8'], ['transformer-engine', 'fp8'], ['e4m3', 'fp8'], ['hybrid', 'fp8'],
      ['int8', 'int8'], ['8-bit', 'int8'], ['8bit', 'int8'],
      ['nf4', 'int4'], ['fp4', 'int4'], ['4bit', 'int4'], ['int4', 'int4'],
      ['', undefined], [' ', undefined], [true, undefined], [null, undefined], ['fp64', undefined],
    ]);
  });

  it('quantization bits: 4-bit methods and GGUF q4, 8-bit methods and q8; 16 and fp16 are not quantization', () => {
    table(normalizeQuantBits, [
      ['bnb.nf4', 4], ['GPTQ', 4], ['awq_marlin', 4], ['q4_k_m', 4], [4, 4], ['bitsandbytes-fp4', 4],
      ['q8_0', 8], ['fp8', 8], ['bitsandbytes', 8], ['bnb.int8', 8], ['w8a8', 8], ['compressed-tensors', 8], ['eetq', 8], [8, 8],
      [16, undefined], ['fp16', undefined], [true, undefined], [null, undefined],
    ]);
  });
});
