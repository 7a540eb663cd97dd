// What the editor finds around a run and hands the panel's view model: facts that are not in the
// config file, so not in the Estimate. Shared because the editor (src/editor/runExtras.ts,
// carbonTiming.ts) builds them and the panel (src/webview/lifecycleViews.ts) shows them; the
// editor must not reach into the webview's code for its types. Pure types, no `vscode`, no DOM.
import type { MeasuredComparison } from '../core/calibration';
import type { FactLine } from '../core/lifecycleText';
import type { Range3 } from '../core/runSpec';
import type { HardwareRow } from '../core/hardwareTable';

/** What the host found around the run: not in the file, so not in the Estimate. */
export interface RunExtras {
  /** The record a finished run left beside the config, compared with this run. */
  measured?: MeasuredComparison;
  /** Training runs of the same model elsewhere in the workspace (for an inference run). */
  training?: { kg: Range3; from: string };
  /** Carbon-aware timing state for this run. */
  timing?: TimingInput;
  /** The procurement view: this run on every catalogued accelerator that can hold it (src/core/hardwareTable.ts). */
  hardware?: HardwareRow[];
}

/** The carbon-aware timing section's state, before the panel cleans and clips it. */
export interface TimingInput {
  offline: string;
  online: boolean;
  providerText: string;
  canFetch: boolean;
  status?: string;
  window?: { lines: FactLine[]; commands: { label: string; text: string }[]; source: string };
}
