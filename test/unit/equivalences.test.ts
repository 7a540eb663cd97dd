// Equivalences a reader sees under an estimate ("≈ 2 round trips San Francisco–New York"): which ones
// are picked, in which order, and how the count is written. kg per unit from src/core/data/equivalences.json
// (flight_sf_ny 1,200 kg, Patterson et al. 2021; km_car 0.251 kg, Green Algorithms 2020; person_year_world
// 4,999.9 kg, Strubell et al. 2019; tree_year 11 kg; car_lifetime 57,152.6 kg; person_year_us 13,300 kg;
// flight_sf_ny_plane 180,400 kg — the first catalogue row outside the preference list that reads well at 100 t).
import * as assert from 'assert';
import { listEquivalences } from '../../src/core/catalog';
import type { Equivalence } from '../../src/core/catalogTypes';
import { allEquivalencesFor, describe as describeEquivalence, equivalencesFor } from '../../src/core/equivalences';

const ids = (kg: number, limit?: number) => equivalencesFor(kg, undefined, limit).map((l) => l.id);

describe('equivalences', () => {
  it('writes the count into the label with two significant digits, and keeps the source', () => {
    // 2,400 kg / 1,200 kg per round trip = 2.
    const [flight] = equivalencesFor(2400, ['flight_sf_ny']);
    assert.strictEqual(flight.count, 2);
    assert.strictEqual(flight.text, '2 round trips San Francisco–New York for one passenger');
    assert.strictEqual(flight.source, 'Patterson et al. 2021');
    assert.strictEqual(flight.year, 2021);
    // 2,400 / 0.251 = 9,561.75 km → "9,600" (two significant digits, thousands separator).
    assert.strictEqual(equivalencesFor(2400, ['km_car'])[0].text, '9,600 km in an average US passenger car');
  });

  it('a label without a {n} slot reads "n × label"', () => {
    const bathtub: Equivalence = { id: 'bathtub', kgPerUnit: 4, label: 'bathtubs of CO₂', unit: 'bathtub', source: 'test', year: 2026 };
    // 10 kg / 4 kg = 2.5.
    const line = describeEquivalence(bathtub, 10);
    assert.deepStrictEqual(line, { id: 'bathtub', count: 2.5, text: '2.5 × bathtubs of CO₂', source: 'test', year: 2026 });
  });

  it('picks the first three that read well (0.5 to 10,000), in preference order', () => {
    // 2,400 kg: flight 2 ✓, km_car 9,562 ✓, person_year_world 0.48 ✗, car_lifetime 0.042 ✗,
    // home_year_electricity 0.42 ✗, smartphone_charge 291,971 ✗, person_year_us 0.18 ✗, tree_year 218 ✓.
    assert.deepStrictEqual(ids(2400), ['flight_sf_ny', 'km_car', 'tree_year']);
    assert.deepStrictEqual(ids(2400, 1), ['flight_sf_ny']);
  });

  it('both ends of the readable range count as readable', () => {
    // Half a world-person-year: 4,999.9 / 2 kg gives exactly 0.5 person-years (and 9,960 km, 2.08 flights).
    assert.deepStrictEqual(ids(4999.9 / 2), ['flight_sf_ny', 'km_car', 'person_year_world']);
    // 2,510 kg / 0.251 kg = exactly 10,000 km; flight 2.09, person_year_world 0.502.
    assert.deepStrictEqual(ids(2510), ['flight_sf_ny', 'km_car', 'person_year_world']);
    // Just past 10,000 km the car drops out and tree-years (2,520 / 11 = 229) take the third place.
    assert.deepStrictEqual(ids(2520), ['flight_sf_ny', 'person_year_world', 'tree_year']);
  });

  it('falls through to catalogue rows outside the preference list when the preferred ones read badly', () => {
    // 100 t: flight 83,333 ✗, km_car ✗, person_year_world 20,000 ✗, car_lifetime 1,750 ✓, home_year 17,440 ✗,
    // smartphone ✗, person_year_us 7,519 ✓, tree_year 9.1e6 ✗; then the catalogue's other rows in order:
    // flight_sf_ny_strubell 111,123 ✗, flight_sf_ny_plane 554 ✓.
    assert.deepStrictEqual(ids(1e8), ['car_lifetime', 'person_year_us', 'flight_sf_ny_plane']);
  });

  it('still says something when nothing reads well: the first preferred ones', () => {
    // 1 mg: even a smartphone charge (8.22 g) is 0.00012 of one.
    const lines = equivalencesFor(1e-6);
    assert.deepStrictEqual(lines.map((l) => l.id), ['flight_sf_ny', 'km_car', 'person_year_world']);
    assert.strictEqual(lines[0].count, 1e-6 / 1200);
  });

  it('ids asked for come back in the asked order; unknown ids are dropped; an empty list means "choose"', () => {
    assert.deepStrictEqual(equivalencesFor(2400, ['tree_year', 'no_such_thing', 'km_car']).map((l) => l.id), ['tree_year', 'km_car']);
    // Asked-for ids are shown even when their count reads badly (0.042 car lifetimes).
    assert.deepStrictEqual(equivalencesFor(2400, ['car_lifetime']).map((l) => l.id), ['car_lifetime']);
    assert.deepStrictEqual(equivalencesFor(2400, []).map((l) => l.id), ids(2400));
  });

  it('allEquivalencesFor lists every catalogue row in catalogue order', () => {
    const all = allEquivalencesFor(1200);
    assert.deepStrictEqual(all.map((l) => l.id), listEquivalences().map((e) => e.id));
    assert.strictEqual(all.find((l) => l.id === 'flight_sf_ny')!.count, 1);
    // 1,200 kg / 11 kg = 109.09 tree-years → "110".
    assert.strictEqual(all.find((l) => l.id === 'tree_year')!.text, '110 tree-years of CO₂ absorption');
  });
});
