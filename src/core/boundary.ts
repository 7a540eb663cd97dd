// Where the meter sits. The same run measures differently at the GPU (NVML; ML.ENERGY, AI Energy
// Score), at the machine (CodeCarbon: GPU + CPU + RAM) and at the facility (model cards, Patterson et
// al.: the machine × PUE). Every figure says which it is, so a user can compare like with like.

export type Boundary = 'gpu' | 'node' | 'facility';

export const BOUNDARIES: readonly Boundary[] = ['gpu', 'node', 'facility'];

/** Facility: what the grid supplies for the run, so what the CO₂e follows. */
export const DEFAULT_BOUNDARY: Boundary = 'facility';

export function parseBoundary(v: unknown): Boundary | undefined {
  const s = typeof v === 'string' ? v.trim().toLowerCase() : '';
  return (BOUNDARIES as readonly string[]).includes(s) ? (s as Boundary) : undefined;
}

/** Short phrase stated next to each number. */
export function boundaryLabel(b: Boundary): string {
  switch (b) {
    case 'gpu':
      return 'accelerators only';
    case 'node':
      return 'accelerators + host';
    case 'facility':
      return 'accelerators + host + PUE';
  }
}

/** Whether the host's (CPU, memory, network) power is counted. */
export function countsHost(b: Boundary): boolean {
  return b !== 'gpu';
}

/** The PUE multiplier at this boundary: 1 unless the facility is counted. */
export function pueAt(b: Boundary, pue: number): number {
  return b === 'facility' ? pue : 1;
}
