// Small helpers the resolvers share when they derive a value: a compact count for the note ("1.2M",
// "52k") and the Sourced wrapper that carries the note with it.
import type { Sourced } from './runSpec';

/** A count in a few characters: 1.23T, 4.5B, 52k, 137. */
export function compactCount(n: number): string {
  if (n >= 1e12) return `${+(n / 1e12).toPrecision(3)}T`;
  if (n >= 1e9) return `${+(n / 1e9).toPrecision(3)}B`;
  if (n >= 1e6) return `${+(n / 1e6).toPrecision(3)}M`;
  if (n >= 1e3) return `${+(n / 1e3).toPrecision(3)}k`;
  return `${+n.toPrecision(3)}`;
}

export function sourced<T>(value: T, o: Sourced<T>['origin'], note: string): Sourced<T> {
  return { value, origin: o, note };
}
