// What-if edits written into Python code: replace a keyword's literal (`num_train_epochs=3`), swap a
// keyword (`fp16=True` → `bf16=True`, `load_in_8bit` → `load_in_4bit`), or add one
// (`, load_in_4bit=True`). In a notebook the code lives inside JSON strings, so new text is escaped
// for JSON and an edit never spans two source strings.
import type { RunSpec, SourceRange } from '../../core/runSpec';
import { spellingFor } from './hardwareNames';
import type { PyCall } from '../pyCalls';
import { chunkAt, contextOf, findAnchors, programFileOffset, type PyChunk, type PyProgram } from './pyRuns';
import type { Change, TextEditSpec } from '../types';

type Mode = 'json' | 'raw';

function escape(text: string, mode: Mode): string {
  return mode === 'json' ? JSON.stringify(text).slice(1, -1) : text;
}

function oneLine(r: SourceRange | undefined): r is SourceRange {
  return !!r && r.startLine === r.endLine;
}

/** Inserts `name=value` as the last argument of a call. */
function addKwarg(p: PyProgram, call: PyCall, text: string, mode: Mode): TextEditSpec[] {
  const lastArg = call.args[call.args.length - 1];
  const at = lastArg ? lastArg.value.end : call.open + 1;
  const off = programFileOffset(p, at);
  const pos = p.index.position(off);
  const range = { startLine: pos.line, startCol: pos.col, endLine: pos.line, endCol: pos.col };
  return [{ range, newText: escape(lastArg ? `, ${text}` : text, mode) }];
}

export function planPyEdit(
  p: PyProgram, run: RunSpec, change: Change, mode: Mode, nameOf: (call: PyCall, chunk: PyChunk) => string,
): TextEditSpec[] | undefined {
  const anchor = findAnchors(p).find((a) => nameOf(a.call, p.chunks[chunkAt(p, a.call.start)]) === run.name);
  if (!anchor) return undefined;
  const ctx = contextOf(p, anchor);
  const cur = run.inputs[change.field];

  switch (change.field) {
    case 'epochs': case 'steps': case 'perDeviceBatch': case 'gradAccum': case 'seqLen': case 'loraRank': case 'trials':
      if (typeof change.value !== 'number') return undefined;
      if (cur?.origin === 'file' && oneLine(cur.range)) return [{ range: cur.range, newText: String(change.value) }];
      if (change.field === 'epochs' && ctx.ta) return addKwarg(p, ctx.ta, `num_train_epochs=${change.value}`, mode);
      return undefined;

    case 'quantization': {
      if (change.value !== 4 && change.value !== 8) return undefined;
      const key = `load_in_${change.value}bit`;
      const q = run.inputs.quantization;
      if (q?.origin === 'file' && /^load_in_\dbit$/.test(q.key ?? '') && oneLine(q.keyRange)) return [{ range: q.keyRange, newText: key }];
      if (!q) {
        const target = ctx.bnb ?? ctx.load;
        if (target) return addKwarg(p, target, `${key}=True`, mode);
      }
      return undefined;
    }

    case 'precision': {
      const v = change.value;
      if (v !== 'bf16' && v !== 'fp16') return undefined;
      const pr = run.inputs.precision;
      if (pr?.origin === 'file' && /^(bf16|fp16|tf32)$/.test(pr.key ?? '') && oneLine(pr.keyRange)) return [{ range: pr.keyRange, newText: v }];
      if (ctx.ta && !pr) return addKwarg(p, ctx.ta, `${v}=True`, mode);
      return undefined;
    }

    case 'hardware': {
      const hw = run.inputs.hardware;
      if (typeof change.value !== 'string' || hw?.origin !== 'file' || hw.key !== 'accelerator_type' || !oneLine(hw.range)) return undefined;
      const name = spellingFor(change.value, 'vertex');
      return name ? [{ range: hw.range, newText: escape(JSON.stringify(name), mode) }] : undefined;
    }

    case 'region': {
      const r = run.inputs.region;
      if (typeof change.value !== 'string' || r?.origin !== 'file' || !oneLine(r.range)) return undefined;
      const [provider, region] = change.value.split(':');
      const expected = r.key === 'region_name' ? 'aws' : 'gcp';
      // `[]`, not undefined: another cloud's region cannot be written into this call, and undefined
      // would let planChange fall back to writing the raw `gcp:…` id into boto3's region_name.
      if (provider !== expected || !region) return [];
      return [{ range: r.range, newText: escape(JSON.stringify(region), mode) }];
    }
  }
  return undefined;
}
