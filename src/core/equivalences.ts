// Turns kg CO₂e into things people can picture. The "most intuitive" ones are those whose count
// lands in a readable range (0.5 to 10 000): 0.0003 car lifetimes says less than 2 km driven.
import { listEquivalences } from './catalog';
import type { Equivalence } from './catalogTypes';
import { formatSignificant } from './format';

export interface EquivalenceLine {
  id: string;
  count: number;
  /** e.g. "2.4 round-trip flights San Francisco–New York (one passenger)". */
  text: string;
  source: string;
  year: number;
}

/** Preference order when several read well. */
const PREFERENCE = ['flight_sf_ny', 'km_car', 'person_year_world', 'car_lifetime', 'home_year_electricity', 'smartphone_charge', 'person_year_us', 'tree_year'];

function readable(n: number): boolean {
  return n >= 0.5 && n <= 10_000;
}

export function describe(e: Equivalence, kg: number): EquivalenceLine {
  const count = kg / e.kgPerUnit;
  const n = formatSignificant(count);
  const text = e.label.includes('{n}') ? e.label.replace('{n}', n) : `${n} × ${e.label}`;
  return { id: e.id, count, text, source: e.source, year: e.year };
}

/**
 * Equivalences for `kg`: the ids asked for (in that order), or else the `limit` most readable.
 * Always returns at least one line when the catalogue has any.
 */
export function equivalencesFor(kg: number, ids?: readonly string[], limit = 3): EquivalenceLine[] {
  const all = listEquivalences();
  if (ids && ids.length) {
    return ids.map((id) => all.find((e) => e.id === id)).filter((e): e is Equivalence => !!e).map((e) => describe(e, kg));
  }
  const ordered = [...PREFERENCE.map((id) => all.find((e) => e.id === id)).filter((e): e is Equivalence => !!e), ...all.filter((e) => !PREFERENCE.includes(e.id))];
  const lines = ordered.map((e) => describe(e, kg));
  const good = lines.filter((l) => readable(l.count));
  return (good.length ? good : lines).slice(0, limit);
}

export function allEquivalencesFor(kg: number): EquivalenceLine[] {
  return listEquivalences().map((e) => describe(e, kg));
}
