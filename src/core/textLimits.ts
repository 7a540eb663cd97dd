// How long a value from a file may be and still be read as a number or a name. Every check of file
// text that uses a regex runs on a value no longer than these, so no pattern, however it backtracks,
// sees 100 KB of text (audit 2026-12, M1: a 100 KB "number" took 15 s in one anchored regex).

/** Longer than any number a config writes (`1_000_000_000_000`, `3.0e-4`, `0.000001`). */
export const MAX_NUMBER_CHARS = 64;

/** Longer than any model id, class name, device or run name worth reading. */
export const MAX_NAME_CHARS = 300;
