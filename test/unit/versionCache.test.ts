import * as assert from 'assert';
import { VersionCache } from '../../src/engine/versionCache';

describe('VersionCache', () => {
  it('hits only for the same key, version and generation', () => {
    const c = new VersionCache<string>();
    c.set('file:///a.yaml', 1, c.generation, 'r1');
    assert.strictEqual(c.get('file:///a.yaml', 1), 'r1');
    assert.strictEqual(c.get('file:///a.yaml', 2), undefined);
    assert.strictEqual(c.get('file:///b.yaml', 1), undefined);
    c.bumpGeneration();
    assert.strictEqual(c.get('file:///a.yaml', 1), undefined);
  });
  it('drops a result computed under a stale generation, and forgets deleted keys', () => {
    const c = new VersionCache<string>();
    const g = c.generation;
    c.bumpGeneration();
    c.set('k', 1, g, 'stale');
    assert.strictEqual(c.get('k', 1), undefined);
    c.set('k', 1, c.generation, 'fresh');
    assert.strictEqual(c.get('k', 1), 'fresh');
    c.delete('k');
    assert.strictEqual(c.get('k', 1), undefined);
  });
});
