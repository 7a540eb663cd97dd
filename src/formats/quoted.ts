// File values quoted in notes and warnings, clipped. Notes used to echo whole values, so a 99 KB
// value appeared verbatim in the JSON report, the panel and the Markdown export (audit 2026-12, I1).

/** Longest file value a note quotes: enough to recognise it. */
export const MAX_QUOTED = 80;
/** Longest note or warning kept: a sentence or two with a few quoted values. */
export const MAX_NOTE = 600;

/** `s` cut to MAX_QUOTED characters, with `…` when cut. */
export function quoted(s: string): string {
  return s.length > MAX_QUOTED ? `${s.slice(0, MAX_QUOTED - 1)}…` : s;
}

/** A backtick span in a note may hold a key and its (already clipped) value: `key: value`. */
const MAX_SPAN = MAX_QUOTED * 2;

/**
 * A note with every `backtick span` longer than MAX_SPAN clipped, and the whole note cut to
 * MAX_NOTE: the backstop for notes that quote a value without going through `quoted`.
 */
export function clipNote(note: string): string {
  const head = note.length > MAX_NOTE * 4 ? note.slice(0, MAX_NOTE * 4) : note;
  let out = '';
  let i = 0;
  while (i < head.length) {
    const open = head.indexOf('`', i);
    const close = open < 0 ? -1 : head.indexOf('`', open + 1);
    if (close < 0) {
      out += head.slice(i);
      break;
    }
    const span = head.slice(open + 1, close);
    out += head.slice(i, open + 1) + (span.length > MAX_SPAN ? `${span.slice(0, MAX_SPAN - 1)}…` : span) + '`';
    i = close + 1;
  }
  return out.length > MAX_NOTE || head.length < note.length ? `${out.slice(0, MAX_NOTE - 1)}…` : out;
}
