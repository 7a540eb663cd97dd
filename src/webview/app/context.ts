// What every render function is handed: the data to show and the only ways to act on it.
import type { CatalogView, PanelModel, WebviewToHost, WhatIfEdits } from '../../shared/protocol';
import type { SortState } from './sort';

export interface RenderContext {
  model: PanelModel;
  /** The revision of `model`, echoed by messages that point into it (apply, openRow). */
  revision: number;
  /** Option lists for the pickers; absent until the host's `init` arrives. */
  catalog?: CatalogView;
  sort: SortState;
  post(msg: WebviewToHost): void;
  setSort(sort: SortState): void;
  /** Sections the user expanded ("Show all"), kept across the panel's re-renders. */
  expanded?: ReadonlySet<string>;
  toggleExpanded?(key: string): void;
}

/** Posts the full what-if set for a run of the file on show (empty = back to the file's values). */
export function postWhatIf(ctx: RenderContext, runIndex: number, edits: WhatIfEdits): void {
  if (ctx.model.kind !== 'file') return;
  ctx.post({ type: 'whatIf', uri: ctx.model.uri, runIndex, edits });
}
