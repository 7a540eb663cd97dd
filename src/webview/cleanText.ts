// Text taken from a file (run names, model ids, notes) stays text in the panel: cleaned of control
// and bidi-override characters and clipped, never turned into markup.

// C0/C1 controls and the bidi overrides/isolates used in "Trojan source" tricks: a file must not
// be able to make the panel show text in an order other than the one stored.
// eslint-disable-next-line no-control-regex
const UNSAFE_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;

/** Plain text for the panel: unsafe characters removed, newlines folded, clipped to `max`. */
export function cleanText(value: unknown, max = 300): string {
  const s = String(value ?? '').replace(UNSAFE_CHARS, '').replace(/\s*[\r\n]+\s*/g, ' ');
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}
