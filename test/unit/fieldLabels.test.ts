// One name per run field wherever a person reads it (panel inputs, hovers, lenses, what-if changes).
import * as assert from 'assert';
import { FIELD_LABELS, fieldLabel } from '../../src/core/fieldLabels';
import type { FieldName } from '../../src/core/runSpec';

describe('field labels', () => {
  it('"tokens" is named for what it counts: training tokens, or tokens per query when serving', () => {
    assert.strictEqual(fieldLabel('tokens'), 'Training tokens');
    assert.strictEqual(fieldLabel('tokens', 'training'), 'Training tokens');
    assert.strictEqual(fieldLabel('tokens', 'inference'), 'Tokens per query');
  });

  it('other fields keep their one label in either phase', () => {
    const cases: Array<[FieldName, string]> = [
      ['hardware', 'Hardware'], ['count', 'Accelerators'], ['maxHours', 'Time limit (upper bound)'],
      ['intensity', 'Grid intensity'], ['trials', 'Trials'],
    ];
    for (const [field, label] of cases) {
      assert.strictEqual(fieldLabel(field), label, field);
      assert.strictEqual(fieldLabel(field, 'inference'), label, field);
    }
  });

  it('no two fields share a label (so a change list never names two values the same way)', () => {
    // tokens (training) is "Training tokens" through fieldLabel; the raw table's "Tokens" is unused there.
    const shown = (Object.keys(FIELD_LABELS) as FieldName[]).map((f) => fieldLabel(f));
    assert.strictEqual(new Set(shown).size, shown.length, shown.join(', '));
    for (const label of shown) assert.match(label, /^[A-Z]/);
  });
});
