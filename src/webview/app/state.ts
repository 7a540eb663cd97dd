// What the panel remembers across its own reloads (VS Code destroys a hidden webview's page; the
// view keeps no context): the file and run shown, the what-if edits, the workspace table's order.
// getState() returns whatever an earlier version stored, so it is checked like any message.
import { guard, obj, oneOf, webviewToHostSchema, type UiRestore } from '../../shared/protocol';
import { DEFAULT_SORT, SORT_KEYS, type SortState } from './sort';

const isSort = guard(obj({ key: oneOf(SORT_KEYS), dir: oneOf(['asc', 'desc'] as const) }));

export interface UiState {
  sort: SortState;
  restore: UiRestore;
}

/** Reads a stored state, keeping each part only when it is valid. */
export function loadState(raw: unknown): UiState {
  const state: UiState = { sort: { ...DEFAULT_SORT }, restore: {} };
  if (typeof raw !== 'object' || raw === null) return state;
  const r = raw as { sort?: unknown; restore?: unknown };
  if (isSort(r.sort)) state.sort = { ...r.sort };
  // The restore part is what the `ready` message carries, so that message's schema checks it.
  if (r.restore !== undefined && webviewToHostSchema.validate({ type: 'ready', restore: r.restore }) === null) {
    state.restore = r.restore as UiRestore;
  }
  return state;
}
