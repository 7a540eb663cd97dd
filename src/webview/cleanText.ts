// Text taken from a file (run names, model ids, notes) stays text in the panel: cleaned of control
// and bidi-override characters and clipped, never turned into markup.

// C0/C1 controls and the bidi overrides/isolates used in "Trojan source" tricks: a file must not
// be able to make the panel show text in an order other than the one stored.
// eslint-disable-next-line no-control-regex
const UNSAFE_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;

/**
 * Plain text for the panel: unsafe characters removed, newlines folded, clipped to `max`. The text is
 * cut to a few times `max` *before* cleaning: the folding pattern backtracks over long runs of spaces,
 * and cleaning 100 KB to show 300 characters took 8 s per render (audit 2026-12, M1).
 */
export function cleanText(value: unknown, max = 300): string {
  const raw = String(value ?? '');
  // Room for the characters cleaning removes or folds, so a clipped text still fills `max`.
  const head = raw.length > max * 4 + 16 ? raw.slice(0, max * 4 + 16) : raw;
  const s = head.replace(UNSAFE_CHARS, '').replace(/\s*[\r\n]+\s*/g, ' ');
  return s.length > max || head.length < raw.length ? `${s.slice(0, max - 1)}…` : s;
}
