import { DataSource } from 'typeorm';
import { migrations } from '../../migrations';
import { RequestAuditSubscriber } from '../common/request-audit';
import { entities } from './entities';

/** Any fixed 64-bit number shared by every instance; serialises migration runs. */
const MIGRATION_LOCK = 727_274_001;

/** The one data source definition, shared by the service, the worker and the CLI. */
export function createDataSource(url: string, poolSize = 10): DataSource {
  return new DataSource({
    type: 'postgres',
    url,
    entities,
    // Settles a request's audit event with the transaction it was written in.
    subscribers: [RequestAuditSubscriber],
    migrations,
    migrationsTableName: 'migrations',
    synchronize: false,
    // gen_random_uuid() is built in since PostgreSQL 13: the service's role needs no CREATE EXTENSION privilege.
    installExtensions: false,
    uuidExtension: 'pgcrypto',
    extra: { max: poolSize },
  });
}

/**
 * Run pending migrations while holding a session advisory lock, so parallel
 * start-ups apply each once.
 */
export async function migrate(ds: DataSource, direction: 'up' | 'down' = 'up'): Promise<string[]> {
  const runner = ds.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    if (direction === 'down') {
      await ds.undoLastMigration({ transaction: 'each' });
      return [];
    }
    const ran = await ds.runMigrations({ transaction: 'each' });
    return ran.map((m) => m.name);
  } finally {
    await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    await runner.release();
  }
}
