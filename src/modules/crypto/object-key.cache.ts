/** What reading one stored object needs that never changes while its key row lives. */
export interface ObjectSecrets {
  dataKeyId: string;
  /** The unwrapped data key. Owned by the cache: zeroed on eviction, so callers copy it. */
  key: Buffer;
  /** The encoded encryption context. */
  context: Buffer;
  /** The 56-byte header (salt, key commitment), once fetched. */
  header?: Buffer;
  /** The authenticated plaintext length, for the ciphertext size it was computed from. */
  length?: { ciphertextSize: number; plaintext: number };
}

interface Entry extends ObjectSecrets {
  expires: number;
}

/**
 * Per-object cache for the stream path, so a player's Range request needs no
 * database read, no KMS call and no header fetch: bounded (least recently used
 * goes first) and short-lived (an entry never outlives its TTL). Keys are
 * zeroed when an entry leaves, whatever the reason.
 *
 * `generation` moves on every invalidation, so a load that started before
 * one (and may have read a key row since deleted) is not cached.
 */
export class ObjectKeyCache {
  private readonly entries = new Map<string, Entry>();
  private gen = 0;

  constructor(
    private readonly maxEntries: number,
    private readonly ttlMs: number,
  ) {}

  get generation(): number {
    return this.gen;
  }

  get(objectKey: string, now = Date.now()): ObjectSecrets | undefined {
    const e = this.entries.get(objectKey);
    if (!e) return undefined;
    if (e.expires <= now) {
      this.drop(objectKey);
      return undefined;
    }
    this.entries.delete(objectKey);
    this.entries.set(objectKey, e);
    return e;
  }

  /** Keeps a copy of `secrets.key`; ignored if anything was invalidated since `loadedAt` (a generation). */
  set(objectKey: string, secrets: ObjectSecrets, loadedAt: number, now = Date.now()): ObjectSecrets | undefined {
    if (this.maxEntries === 0 || this.ttlMs === 0 || loadedAt !== this.gen) return undefined;
    this.drop(objectKey);
    while (this.entries.size >= this.maxEntries) this.drop(this.entries.keys().next().value as string);
    const e: Entry = { ...secrets, key: Buffer.from(secrets.key), expires: now + this.ttlMs };
    this.entries.set(objectKey, e);
    return e;
  }

  /** The object's key was destroyed or re-wrapped (here or in another process). */
  invalidate(objectKey: string): void {
    this.gen++;
    this.drop(objectKey);
  }

  /** Everything, e.g. when invalidations may have been missed. */
  clear(): void {
    this.gen++;
    for (const k of [...this.entries.keys()]) this.drop(k);
  }

  get size(): number {
    return this.entries.size;
  }

  private drop(objectKey: string): void {
    const e = this.entries.get(objectKey);
    if (!e) return;
    e.key.fill(0);
    this.entries.delete(objectKey);
  }
}
