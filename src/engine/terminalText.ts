// Text from files (names, run names, notes) printed to a terminal stays text. A file name or a run
// name may carry ESC sequences (colours, "erase line", OSC 0 title, OSC 52 clipboard writes), a
// carriage return that overwrites what was printed, newlines that forge a line of the report, or
// bidi overrides that reorder it (audit 2026-12, L1). They are shown escaped, visibly, so a user can
// still tell which file is meant: `evil\x1b[31m.yaml`, `a\nb.yaml`.

// C0 (incl. tab, CR, LF), DEL, C1, the Unicode line/paragraph separators and the bidi marks,
// overrides and isolates ("Trojan source").
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u001F\u007F-\u009F\u061C\u200E\u200F\u2028\u2029\u202A-\u202E\u2066-\u2069]/g;

const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

function hex(c: string): string {
  const code = c.charCodeAt(0);
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/** One line of terminal text: every control, C1 and bidi character written as an escape. */
export function escapeTerminal(s: string): string {
  return s.replace(UNSAFE, (c) => NAMED[c] ?? hex(c));
}

// JSON.stringify escapes C0 but leaves C1, U+2028/2029 and the bidi characters as they are. The same
// characters as \uXXXX keep the JSON equal (they only occur inside strings) and the terminal safe.
const JSON_UNSAFE = /[\u007F-\u009F\u061C\u200E\u200F\u2028\u2029\u202A-\u202E\u2066-\u2069]/g;

/** A JSON text with C1, separator and bidi characters written as \u escapes; parses to the same value. */
export function escapeJsonForTerminal(json: string): string {
  return json.replace(JSON_UNSAFE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
