import request from 'supertest';
import { createApp } from '../src/bootstrap';
import { startTestApp, type TestApp } from './support/app';

/**
 * Issue 12: after 20 bad credentials from one address, valid credentials from that address got 429
 * for a minute, and X-Forwarded-For was ignored, so behind a proxy one client locked everyone out.
 */
describe('authentication throttling without lock-out', () => {
  let t: TestApp;
  let valid: string;
  const LIMIT = 5;

  beforeAll(async () => {
    t = await startTestApp({ AUTH_FAILURE_LIMIT: String(LIMIT), AUTH_FAILURE_WINDOW: '1m', TRUST_PROXY: 'loopback' });
    await t.tenant('acme');
    valid = (await t.apiKey('acme', 'admin')).key;
  });
  afterAll(() => t.close());
  beforeEach(() => t.runtime.dataSource.query('DELETE FROM auth_failures'));

  const list = (key: string, forwardedFor = '198.51.100.1') =>
    t.http().get('/v1/api-keys').set('Authorization', `Bearer ${key}`).set('X-Forwarded-For', forwardedFor);

  it('answers 429 with RateLimit headers once an address exceeds the limit, and still serves a valid key from it', async () => {
    for (let i = 0; i < LIMIT; i++) {
      const res = await list(`crv_guess${i}_x`).expect(401);
      expect(res.headers['ratelimit-remaining']).toBe(String(LIMIT - i - 1));
    }
    const blocked = await list('crv_guessmore_x').expect(429);
    expect(blocked.body.code).toBe('TOO_MANY_AUTH_FAILURES');
    expect(blocked.headers['ratelimit-limit']).toBe(String(LIMIT));
    expect(blocked.headers['ratelimit-remaining']).toBe('0');
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(blocked.headers['ratelimit-reset'])).toBeGreaterThan(0);
    // The same address with a valid key: never refused for failures.
    await list(valid).expect(200);
  });

  it('takes the client address from X-Forwarded-For of a trusted proxy: one client does not throttle another', async () => {
    for (let i = 0; i <= LIMIT; i++) await list(`crv_noise${i}_x`, '203.0.113.5');
    await list('crv_noisemore_x', '203.0.113.5').expect(429);
    await list('crv_other_x', '203.0.113.6').expect(401);
    await list(valid, '203.0.113.5').expect(200);
  });

  it('counts failures per presented credential across addresses', async () => {
    for (let i = 0; i <= LIMIT; i++) await list('crv_target_wrongsecret', `192.0.2.${i + 1}`);
    const res = await list('crv_target_othersecret', '192.0.2.200').expect(429);
    expect(res.body.code).toBe('TOO_MANY_AUTH_FAILURES');
  });

  it('counts overlapping failures exactly, in PostgreSQL', async () => {
    await Promise.all(Array.from({ length: 30 }, (_, i) => list(`crv_burst${i}_x`, '198.51.100.77')));
    const [row] = await t.runtime.dataSource.query(`SELECT count FROM auth_failures WHERE key = 'addr:198.51.100.77'`);
    expect(row.count).toBe(30);
  });

  it('shares the counters between instances', async () => {
    const second = await createApp(t.runtime, { logger: false });
    await second.init();
    try {
      for (let i = 0; i <= LIMIT; i++) await list(`crv_shared${i}_x`, '198.51.100.9');
      const res = await request(second.getHttpServer())
        .get('/v1/api-keys')
        .set('Authorization', 'Bearer crv_sharedmore_x')
        .set('X-Forwarded-For', '198.51.100.9')
        .expect(429);
      expect(res.body.code).toBe('TOO_MANY_AUTH_FAILURES');
    } finally {
      await second.close();
    }
  });
});

describe('without TRUST_PROXY', () => {
  it('ignores X-Forwarded-For, so a client cannot choose its own address', async () => {
    const t = await startTestApp({ AUTH_FAILURE_LIMIT: '3' });
    try {
      for (let i = 0; i < 4; i++)
        await t
          .http()
          .get('/v1/recordings')
          .set('Authorization', `Bearer crv_x${i}_y`)
          .set('X-Forwarded-For', `10.9.9.${i}`);
      const rows: { key: string }[] = await t.runtime.dataSource.query(
        `SELECT key FROM auth_failures WHERE key LIKE 'addr:%'`,
      );
      expect(rows.map((r) => r.key)).toEqual(['addr:127.0.0.1']);
    } finally {
      await t.close();
    }
  });
});
