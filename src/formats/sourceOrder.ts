// Look-ups over items read from a file in source order (assignments, calls): grouped by name, and the
// latest one before a point. Shared by the Python readers (pyRuns.ts, entryScript.ts).

/** Items grouped by `key`, each group in source order; items without a key are left out. */
export function groupBy<T>(items: T[], key: (x: T) => string | undefined): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const x of items) {
    const k = key(x);
    if (k === undefined) continue;
    const list = m.get(k);
    if (list) list.push(x);
    else m.set(k, [x]);
  }
  return m;
}

/** The last item whose `start` is before `before` (items in source order): a binary search, not a scan. */
export function lastBefore<T extends { start: number }>(items: T[] | undefined, before: number): T | undefined {
  if (!items?.length) return undefined;
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (items[mid].start < before) lo = mid + 1;
    else hi = mid;
  }
  return lo > 0 ? items[lo - 1] : undefined;
}
