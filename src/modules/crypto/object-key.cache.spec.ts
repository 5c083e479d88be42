import { randomBytes } from 'node:crypto';
import { ObjectKeyCache } from './object-key.cache';

const secrets = () => ({ dataKeyId: 'k', key: randomBytes(32), context: Buffer.from('ctx') });

describe('ObjectKeyCache', () => {
  it('never returns an entry at or after its TTL, and zeroes its key when it expires', () => {
    const cache = new ObjectKeyCache(10, 1000);
    const held = cache.set('a', secrets(), cache.generation, 0);
    expect(cache.get('a', 999)).toBe(held);
    expect(cache.get('a', 1000)).toBeUndefined();
    expect(held?.key.equals(Buffer.alloc(32))).toBe(true);
    expect(cache.size).toBe(0);
  });

  it('does not extend the TTL on use', () => {
    const cache = new ObjectKeyCache(10, 1000);
    cache.set('a', secrets(), cache.generation, 0);
    for (const now of [200, 400, 600, 800, 999]) expect(cache.get('a', now)).toBeDefined();
    expect(cache.get('a', 1000)).toBeUndefined();
  });

  it('keeps its own copy of the key, evicts the least recently used beyond its bound and zeroes it', () => {
    const cache = new ObjectKeyCache(2, 60_000);
    const given = secrets();
    const a = cache.set('a', given, cache.generation);
    given.key.fill(0);
    expect(a?.key.equals(Buffer.alloc(32))).toBe(false);
    const b = cache.set('b', secrets(), cache.generation);
    cache.get('a');
    cache.set('c', secrets(), cache.generation);
    expect(cache.size).toBe(2);
    expect(cache.get('b')).toBeUndefined();
    expect(b?.key.equals(Buffer.alloc(32))).toBe(true);
    expect(cache.get('a')).toBe(a);
  });

  it('zeroes an invalidated key and refuses a load that started before any invalidation', () => {
    const cache = new ObjectKeyCache(10, 60_000);
    const a = cache.set('a', secrets(), cache.generation);
    const loadStarted = cache.generation;
    cache.invalidate('a');
    expect(a?.key.equals(Buffer.alloc(32))).toBe(true);
    expect(cache.set('a', secrets(), loadStarted)).toBeUndefined();
    expect(cache.get('a')).toBeUndefined();
    expect(cache.set('a', secrets(), cache.generation)).toBeDefined();
  });

  it('caches nothing with a zero size or TTL', () => {
    expect(new ObjectKeyCache(0, 1000).set('a', secrets(), 0)).toBeUndefined();
    expect(new ObjectKeyCache(10, 0).set('a', secrets(), 0)).toBeUndefined();
  });
});
