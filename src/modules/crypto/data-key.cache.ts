/**
 * A bounded, short-lived cache of plaintext data keys, so a seeking player
 * does not cost one KMS Decrypt per Range request. Evicted keys are zeroed;
 * callers get copies, never the cached buffer.
 */
export class DataKeyCache {
  private readonly entries = new Map<string, { key: Buffer; expires: number }>();

  constructor(
    private readonly maxEntries: number,
    private readonly ttlMs: number,
  ) {}

  get(id: string, now = Date.now()): Buffer | undefined {
    const e = this.entries.get(id);
    if (!e) return undefined;
    if (e.expires <= now) {
      this.evict(id);
      return undefined;
    }
    // Map order is insertion order: re-insert to mark as recently used.
    this.entries.delete(id);
    this.entries.set(id, e);
    return Buffer.from(e.key);
  }

  set(id: string, key: Buffer, now = Date.now()): void {
    if (this.maxEntries === 0 || this.ttlMs === 0) return;
    this.evict(id);
    while (this.entries.size >= this.maxEntries) this.evict(this.entries.keys().next().value as string);
    this.entries.set(id, { key: Buffer.from(key), expires: now + this.ttlMs });
  }

  evict(id: string): void {
    const e = this.entries.get(id);
    if (!e) return;
    e.key.fill(0);
    this.entries.delete(id);
  }

  clear(): void {
    for (const id of [...this.entries.keys()]) this.evict(id);
  }

  get size(): number {
    return this.entries.size;
  }
}
