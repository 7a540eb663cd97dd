// What the pipeline says about one file: its format, its runs' estimates, or why there are none.
import type { MeasuredRecord } from '../core/calibration';
import type { Estimate } from '../core/runSpec';
import type { Analysis } from '../formats/types';

export interface FileResult {
  path: string;
  format: Analysis['format'];
  /** Why no estimate could be made for the whole file (malformed, unreadable, too large). */
  error: string | null;
  /** 0-based line of the error, when known. */
  errorLine?: number;
  analysis?: Analysis;
  estimates: Estimate[];
  /** What a finished run recorded beside this config (CodeCarbon, Trainer state), when found. */
  measured?: MeasuredRecord;
  /**
   * Set when Carbon Lens gave up on the file (its reader overran the deadline or the memory ceiling,
   * src/host): `error` then says so, and the editor shows it on the file even though the format is unknown.
   */
  stopped?: true;
}

/** A file that could not be read at all (binary, too large, permission). */
export function failedFile(path: string, message: string): FileResult {
  return { path, format: 'unknown', error: message, estimates: [] };
}

/** A file Carbon Lens stopped reading (too slow, too hungry): shown on the file, never estimated. */
export function stoppedFile(path: string, message: string): FileResult {
  return { path, format: 'unknown', error: message, errorLine: 0, estimates: [], stopped: true };
}
