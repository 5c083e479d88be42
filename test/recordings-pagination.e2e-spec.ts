import { createVaultClient, type VaultClient } from '@call-recording-vault/client';
import type { AddressInfo } from 'node:net';
import { startTestApp, type TestApp } from './support/app';

/** Stable cursors: rows sharing a timestamp are neither skipped nor repeated at a page boundary. */
describe('recordings list: pagination over (time, id)', () => {
  let t: TestApp;
  let vault: VaultClient;
  let tenantId: string;
  // 500 rows in one millisecond: 400 in the very same microsecond, 100 spread over its other microseconds.
  const MS = '2026-12-01T10:00:00.123';

  const insert = (n: number, externalPrefix: string, at: string) =>
    t.runtime.dataSource.query(
      `INSERT INTO recordings (tenant_id, external_call_id, status, created_at)
       SELECT $1, $2 || g, 'available', $3::timestamptz FROM generate_series(1, $4) g`,
      [tenantId, externalPrefix, at, n],
    );

  beforeAll(async () => {
    t = await startTestApp({ AUTH_FAILURE_LIMIT: '100000' });
    tenantId = (await t.tenant('acme')).id;
    const token = await t.token('acme', 'qa');
    vault = createVaultClient({
      baseUrl: `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`,
      token,
    });
    await insert(400, 'same-us-', `${MS}456Z`);
    for (let us = 0; us < 100; us++) await insert(1, `us-${us}-`, `${MS}${String(us * 9).padStart(3, '0')}Z`);
  });
  afterAll(() => t.close());

  async function expected(order: 'ASC' | 'DESC'): Promise<string[]> {
    const rows: { id: string }[] = await t.runtime.dataSource.query(
      `SELECT id FROM recordings WHERE tenant_id = $1 AND date_trunc('milliseconds', created_at) = $2::timestamptz
        ORDER BY created_at ${order}, id ${order}`,
      [tenantId, `${MS}Z`],
    );
    return rows.map((r) => r.id);
  }

  async function walk(sort: 'asc' | 'desc', limit: number, between?: () => Promise<unknown>): Promise<string[]> {
    const seen: string[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < 1000; page++) {
      const { data, error } = await vault.GET('/v1/recordings', { params: { query: { sort, limit, cursor } } });
      if (!data) throw new Error(`page ${page}: ${JSON.stringify(error)}`);
      seen.push(...data.items.map((i) => i.id));
      if (!data.nextCursor) return seen;
      cursor = data.nextCursor;
      await between?.();
    }
    throw new Error('paging did not end');
  }

  it('returns each of 500 rows from one millisecond exactly once, in order, newest first', async () => {
    const want = await expected('DESC');
    expect(want).toHaveLength(500);
    const got = await walk('desc', 37);
    expect(new Set(got).size).toBe(got.length);
    expect(got).toEqual(want);
  });

  it('does the same oldest first, with page sizes that split the same-microsecond run anywhere', async () => {
    const want = await expected('ASC');
    for (const limit of [1, 7, 200]) expect(await walk('asc', limit)).toEqual(want);
  });

  it('keeps every row exactly once while new rows arrive between pages', async () => {
    const before = await expected('DESC');
    let k = 0;
    // Newer rows land at the head of a newest-first list, never behind the cursor.
    const got = await walk('desc', 50, () => insert(5, `late-${++k}-`, new Date().toISOString()));
    const original = got.filter((id) => before.includes(id));
    expect(original).toEqual(before);
    expect(new Set(got).size).toBe(got.length);
  });
});
