import type { DataSource, EntityManager } from 'typeorm';
import { auditRequestIn, withRequestAudit, type PendingRequestAudit } from '../src/common/request-audit';
import { createDataSource } from '../src/database/data-source';
import { TEST_DATABASE_URL } from './support/database';

/** How a request's pending event follows the transaction it was written in (real PostgreSQL, no tables needed). */
describe('request audit: the pending event settles with its transaction', () => {
  let ds: DataSource;
  const pending = (): PendingRequestAudit & { writes: EntityManager[] } => {
    const writes: EntityManager[] = [];
    return {
      state: 'pending',
      writes,
      write: async (m) => {
        writes.push(m);
        await m.query('SELECT 1');
      },
    };
  };

  beforeAll(async () => {
    ds = await createDataSource(TEST_DATABASE_URL, 2).initialize();
  });

  afterAll(() => ds.destroy());

  it('committed: written, once; a second transaction of the request writes nothing', async () => {
    const p = pending();
    const wrote = await withRequestAudit(p, async () => {
      const first = await ds.transaction((m) => auditRequestIn(m));
      const second = await ds.transaction((m) => auditRequestIn(m));
      return [first, second];
    });
    expect(wrote).toEqual([true, false]);
    expect([p.state, p.writes.length]).toEqual(['written', 1]);
  });

  it('rolled back after the write (a later statement, the commit): pending again, for the interceptor', async () => {
    const p = pending();
    const failed = await withRequestAudit(p, () =>
      ds.transaction(async (m) => {
        await auditRequestIn(m);
        expect(p.state).toBe('in-transaction');
        await m.query('SELECT 1/0');
      }),
    ).then(
      () => null,
      (e: unknown) => e,
    );
    expect(failed).toBeInstanceOf(Error);
    expect(p.state).toBe('pending');
  });

  it('a write that fails leaves it pending and fails the transaction', async () => {
    const p: PendingRequestAudit = {
      state: 'pending',
      write: async (m) => {
        await m.query(`SELECT 'x'::int`);
      },
    };
    const failed = await withRequestAudit(p, () => ds.transaction((m) => auditRequestIn(m))).then(
      () => null,
      (e: unknown) => e,
    );
    expect(failed).toBeInstanceOf(Error);
    expect(p.state).toBe('pending');
  });

  it('outside a request, or once it is answered, nothing is written', async () => {
    expect(await ds.transaction((m) => auditRequestIn(m))).toBe(false);
    const p = pending();
    p.state = 'closed';
    expect(await withRequestAudit(p, () => ds.transaction((m) => auditRequestIn(m)))).toBe(false);
    expect(p.writes).toHaveLength(0);
  });
});
