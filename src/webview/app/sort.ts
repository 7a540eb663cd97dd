// Ordering of the workspace table. Pure, for the webview and its unit tests.
import type { WorkspaceRowView } from '../../shared/protocol';

export const SORT_KEYS = ['co2e', 'file', 'format'] as const;
export type SortKey = (typeof SORT_KEYS)[number];
export type SortDir = 'asc' | 'desc';
export interface SortState {
  key: SortKey;
  dir: SortDir;
}

export const DEFAULT_SORT: SortState = { key: 'co2e', dir: 'desc' };

/** Clicking the sorted column flips it; another column starts biggest-first for CO₂e, A→Z else. */
export function nextSort(current: SortState, key: SortKey): SortState {
  if (current.key === key) return { key, dir: current.dir === 'asc' ? 'desc' : 'asc' };
  return { key, dir: key === 'co2e' ? 'desc' : 'asc' };
}

const text = (a: string, b: string): number => a.localeCompare(b, undefined, { numeric: true, sensitivity: 'base' });

/** A sorted copy. Runs without a number always go last, whichever the direction. */
export function sortRows(rows: readonly WorkspaceRowView[], { key, dir }: SortState): WorkspaceRowView[] {
  const sign = dir === 'asc' ? 1 : -1;
  return rows.slice().sort((a, b) => {
    if (key === 'co2e') {
      if (a.kg === null || b.kg === null) {
        if (a.kg !== b.kg) return a.kg === null ? 1 : -1;
      } else if (a.kg !== b.kg) return sign * (a.kg - b.kg);
    } else {
      const c = key === 'file' ? text(a.file, b.file) : text(a.format, b.format);
      if (c) return sign * c;
    }
    return text(a.file, b.file) || text(a.run, b.run) || a.index - b.index;
  });
}
