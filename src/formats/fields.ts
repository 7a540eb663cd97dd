// Turning tree values into typed, sourced run fields. Shared by every extractor so that `"auto"`,
// `null`, `${…}` and the many spellings of a precision mean the same thing in every format.
import type { FieldName, Origin, Precision, RunFields, RunInputs, Sourced } from '../core/runSpec';
import { getEntry, type TEntry, type TNode, type Scalar } from './tree';
import { MAX_NUMBER_CHARS } from '../core/textLimits';

/** `${…}` (a `}` somewhere after `${`), `$(`, or `$NAME`: found by search, not by `\$\{[^}]*\}`, which rescanned to the end from every `${`. */
function hasVariable(v: string): boolean {
  const open = v.indexOf('${');
  if (open >= 0 && v.indexOf('}', open + 2) >= 0) return true;
  return v.includes('$(') || /\$[A-Z_]/i.test(v);
}

/** A decimal number as configs write it; no two quantifiers can take the same digits. */
const DECIMAL = /^[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:e[-+]?\d+)?$/i;

/** Values that mean "decided elsewhere at run time": unknown, never zero. */
export function isUnknownValue(v: Scalar | undefined): boolean {
  if (v === null || v === undefined) return true;
  if (typeof v !== 'string') return false;
  const s = v.trim().toLowerCase();
  return s === '' || s === 'auto' || s === 'none' || s === 'null' || s === '~' || hasVariable(v);
}

/** A finite number from a scalar (`"1e-4"`, `"8"` allowed), else undefined. */
export function toNumber(v: Scalar | undefined): number | undefined {
  if (v === null || v === undefined || typeof v === 'boolean') return undefined;
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  if (isUnknownValue(v)) return undefined;
  const s = v.trim().replace(/_/g, '');
  // Longer than any number a config writes: not one, and never handed to the regex.
  if (s.length > MAX_NUMBER_CHARS || !DECIMAL.test(s)) return undefined;
  const n = Number(s);
  return Number.isFinite(n) ? n : undefined;
}

export function toBool(v: Scalar | undefined): boolean | undefined {
  if (typeof v === 'boolean') return v;
  if (typeof v === 'number') return v !== 0;
  if (typeof v !== 'string') return undefined;
  const s = v.trim().toLowerCase();
  if (['true', 'yes', 'on', '1'].includes(s)) return true;
  if (['false', 'no', 'off', '0'].includes(s)) return false;
  return undefined;
}

/** Normalises every precision spelling in the formats notes (§20) to a canonical id. */
export function normalizePrecision(v: Scalar | undefined): Precision | undefined {
  if (v === null || v === undefined || typeof v === 'boolean') return undefined;
  const s = String(v).trim().toLowerCase().replace(/^torch\./, '');
  if (s === '') return undefined;
  if (/^(32|32-true|fp32|float32|float|full|no)$/.test(s)) return 'fp32';
  if (/^(tf32)$/.test(s)) return 'tf32';
  if (/^(16|16-mixed|16-true|fp16|float16|half|fp16-mixed|amp)$/.test(s)) return 'fp16';
  if (/^(bf16|bf16-mixed|bf16-true|bfloat16|pure_bf16|bf16_mixed)$/.test(s)) return 'bf16';
  if (/^(fp8|float8|e4m3|hybrid|transformer-engine|fp8-mixed)$/.test(s)) return 'fp8';
  if (/^(int8|8bit|8-bit)$/.test(s)) return 'int8';
  if (/^(int4|4bit|4-bit|nf4|fp4)$/.test(s)) return 'int4';
  return undefined;
}

/** Quantization bits from spellings like `bnb.nf4`, `gptq`, `awq`, `bitsandbytes-nf4`, `8`, `fp8`. */
export function normalizeQuantBits(v: Scalar | undefined): number | undefined {
  if (v === null || v === undefined || typeof v === 'boolean') return undefined;
  const s = String(v).trim().toLowerCase();
  if (/^(4|int4|nf4|fp4|bnb\.nf4|bnb\.fp4|bitsandbytes-nf4|bitsandbytes-fp4|gptq|awq|marlin|gptq_marlin|awq_marlin|4bit|q4.*)$/.test(s)) return 4;
  if (/^(8|int8|fp8|bnb\.int8|bitsandbytes|bitsandbytes-int8|eetq|8bit|w8a8|q8.*|fbgemm_fp8|compressed-tensors)$/.test(s)) return 8;
  return undefined;
}

/** Builds a Sourced value from a map entry, with key and value ranges, origin `file`. */
export function fromEntry<T>(entry: TEntry, value: T, origin: Origin = 'file', note?: string): Sourced<T> {
  const out: Sourced<T> = { value, origin, range: entry.value.range, keyRange: entry.keyRange, key: entry.key };
  if (note) out.note = note;
  return out;
}

/** Reads a positive number at `path`; `auto`/`null`/interpolations and non-positive values give undefined. */
export function numberAt(node: TNode | undefined, path: string): Sourced<number> | undefined {
  const e = getEntry(node, path);
  if (!e || e.value.kind !== 'scalar') return undefined;
  const n = toNumber(e.value.value);
  return n === undefined ? undefined : fromEntry(e, n);
}

/** Sets a field only when the value is present and the field is not set yet (first source wins). */
export function setIfAbsent<K extends FieldName>(inputs: RunInputs, field: K, value: Sourced<RunFields[K]> | undefined): void {
  if (value !== undefined && inputs[field] === undefined) (inputs as Record<string, unknown>)[field] = value;
}

/** Derived value (computed from others in the same file): origin `inferred`, placed on the main source's range. */
export function derived<T>(value: T, from: Sourced<unknown> | undefined, note: string): Sourced<T> {
  return { value, origin: 'inferred', range: from?.range, keyRange: from?.keyRange, key: from?.key, note };
}
