// Lookups in constant tables keyed by text from a file (flag names, hyperparameter keys, environment
// variable names). A plain `table[key]` also finds what every object inherits, so a file saying
// `constructor`, `toString` or `__proto__` got a function or Object.prototype back and produced
// junk run inputs (audit 2026-12, L6). Only the table's own keys count.

/** `table[key]` when `key` is one of the table's own keys, else undefined. */
export function ownValue<T>(table: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(table, key) ? table[key] : undefined;
}
