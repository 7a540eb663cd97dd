// Pure per-document result cache: an entry is valid only for the exact document version and
// settings generation it was computed under, so a hit is one map look-up. No vscode import.
export class VersionCache<T> {
  private readonly entries = new Map<string, { version: number; generation: number; value: T }>();
  private gen = 0;

  get generation(): number {
    return this.gen;
  }

  /** Settings changed: every entry is stale (kept in the map, never returned). */
  bumpGeneration(): void {
    this.gen++;
  }

  get(key: string, version: number): T | undefined {
    const hit = this.entries.get(key);
    return hit && hit.version === version && hit.generation === this.gen ? hit.value : undefined;
  }

  /** Stores `value` unless the generation moved on since `generation` was read. */
  set(key: string, version: number, generation: number, value: T): void {
    if (generation === this.gen) this.entries.set(key, { version, generation, value });
  }

  delete(key: string): void {
    this.entries.delete(key);
  }

  clear(): void {
    this.entries.clear();
  }
}
