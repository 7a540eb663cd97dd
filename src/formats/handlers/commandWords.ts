// Command lines as they appear in config trees: a shell script in one string (`run: |`, RayJob
// `entrypoint`) or an argv list (`command:` + `args:`). Either way the result is words whose offsets
// lead back to the file.
import type { FormatInput } from '../types';
import { argvWords, shellWords, type Word } from '../launcherFlags';
import { joinedSource, scalarSource, type TextSource } from './textSource';
import type { TScalar } from '../tree';

export interface CommandText {
  src: TextSource;
  words: Word[];
}

function syntaxOf(input: FormatInput): 'yaml' | 'json' {
  return input.syntax === 'yaml' ? 'yaml' : 'json';
}

/** A string holding shell code. */
export function shellOf(input: FormatInput, node: TScalar): CommandText {
  const src = scalarSource(input.text, input.index, node, syntaxOf(input));
  return { src, words: shellWords(src.text) };
}

/** An argv list: each item one word (items that hold a script are split as shell). */
export function argvOf(input: FormatInput, items: TScalar[]): CommandText {
  const parts = items.map((n) => scalarSource(input.text, input.index, n, syntaxOf(input)));
  const src = joinedSource(input.index, parts, ' ');
  let at = 0;
  const located = parts.map((p) => {
    const w = { text: p.text, start: at };
    at += p.text.length + 1;
    return w;
  });
  return { src, words: argvWords(located) };
}
