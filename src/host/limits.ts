// How much one engine worker may use. The deadline is the editor's setting
// (carbonLens.analysisTimeoutSeconds) or the CLI's --timeout; the memory ceiling is fixed: the
// largest file Carbon Lens reads (20 MB) analyses in well under 400 MB, while the hostile files of
// the 2026-12 audit grew to gigabytes before the process died.
export const WORKER_HEAP_MB = 1024;
/** Young generation: V8's default is enough; capped so the ceiling above is the whole budget. */
export const WORKER_YOUNG_MB = 64;
/** A worker that has not loaded the engine in this long is broken (a missing or corrupt bundle). */
export const WORKER_START_MS = 30_000;
/** The default deadline for one request, when the caller sets none. */
export const DEFAULT_DEADLINE_MS = 10_000;

export function resourceLimits() {
  return { maxOldGenerationSizeMb: WORKER_HEAP_MB, maxYoungGenerationSizeMb: WORKER_YOUNG_MB };
}
