// Fills what a launch line leaves out from the Python file it runs (entryScript.ts), through the same
// flag reader as the line itself (trainFlags.ts): `default=70` of `--epochs` is read exactly as
// `--epochs 70` would be. Flags on the line win, even when their value is a variable Carbon Lens cannot
// resolve (`--epochs $E` is not replaced by the script's default). A default is what the script does
// when nobody overrides it, so every value taken here is `inferred`, shown at the script's name on the
// launch line with a note saying where in the .py it was written.
import type { RunInputs, SourceRange, Sourced } from '../../core/runSpec';
import { readEntryScript, type EntryFacts, type EntryValue } from '../entryScript';
import type { Word } from '../launcherFlags';
import { LineIndex } from '../lineIndex';
import { applyTrainingFlags } from './trainFlags';
import type { TextSource } from './textSource';

/** Entry scripts' facts by text (a script is analysed twice: extract and references). */
const memo = new Map<string, EntryFacts>();
const MEMO_MAX = 16;

export function entryFacts(text: string): EntryFacts {
  let f = memo.get(text);
  if (!f) {
    f = readEntryScript(text);
    memo.set(text, f);
    while (memo.size > MEMO_MAX) memo.delete(memo.keys().next().value as string);
  }
  return f;
}

function baseName(p: string): string {
  return p.slice(Math.max(p.lastIndexOf('/'), p.lastIndexOf('\\')) + 1);
}

/** Flag names on the launch line, spelt as entryScript keys them. */
export function lineFlags(words: readonly Word[]): Set<string> {
  const out = new Set<string>();
  for (const w of words) {
    if (w.sep || !w.text.startsWith('--')) continue;
    const eq = w.text.indexOf('=');
    out.add((eq >= 0 ? w.text.slice(2, eq) : w.text.slice(2)).replace(/-/g, '_').toLowerCase());
  }
  return out;
}

/**
 * Adds the entry script's values to `inputs` where the launch line set nothing. `scriptRange` is where
 * the line names the script (the values are shown there); `path` is the script as the line writes it.
 */
export function applyEntryScript(path: string, text: string, words: readonly Word[], scriptRange: SourceRange, inputs: RunInputs, notes: string[]): void {
  const facts = entryFacts(text);
  const onLine = lineFlags(words);
  const file = baseName(path);
  const index = new LineIndex(text);
  const src: TextSource = { text, fileOffset: (o) => o, fileEnd: (o) => o, range: (s, e) => index.range(s, e) };
  const taken: string[] = [];
  const take = (flag: string, v: EntryValue): void => {
    const tmp: RunInputs = {};
    // One flag at a time through the launch-line reader, so each value keeps its own note.
    const value = typeof v.value === 'boolean' ? (v.value ? 'true' : 'false') : String(v.value);
    const fake: Word[] = [
      { text: `--${flag}`, start: v.start, end: v.start, textStart: v.start },
      { text: value, start: v.start, end: v.end, textStart: v.start },
    ];
    applyTrainingFlags(fake, src, tmp, []);
    const line = index.lineAt(v.start) + 1;
    for (const [field, got] of Object.entries(tmp) as [keyof RunInputs, Sourced<unknown>][]) {
      if (inputs[field] !== undefined) continue;
      (inputs as Record<string, Sourced<unknown>>)[field] = {
        value: got.value,
        origin: 'inferred',
        key: got.key,
        range: scriptRange,
        note: `${v.what} in ${file} line ${line}${got.note ? ` (${got.note})` : ''}`,
      };
      taken.push(`${field} (${v.what}, line ${line})`);
    }
  };
  for (const [flag, v] of facts.defaults) if (!onLine.has(flag)) take(flag, v);
  // A model or dataset the script loads by name, when neither the line nor a default named one.
  const model = facts.models[0];
  if (model && inputs.model === undefined && typeof model.value === 'string') take('model_name_or_path', model);
  const data = facts.datasets[0];
  if (data && inputs.dataset === undefined && typeof data.value === 'string') take('dataset_name', data);
  if (taken.length) notes.push(`Read ${file}, the script the command runs: ${taken.join('; ')} — what it does when the command line does not say otherwise.`);
}
