import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import { embeddedDatabaseOf, startService, type ServiceProcess } from './support/service';
import { runSoak, settleAll, soakTenants } from './support/soak';

const SOAK_MS = 30_000;
const CLIENTS = 20;

/**
 * The README's first command on a fresh DATA_DIR (embedded PostgreSQL, S3 and
 * KMS), then two tenants' traffic from 20 concurrent clients: the embedded
 * database must answer exactly like a production one.
 */
describe('embedded defaults under concurrent load', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vault-soak-'));
  let svc: ServiceProcess | undefined;
  afterAll(async () => {
    if (svc && !svc.exit()) await svc.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('gives every caller its own data only, with no failures, and ends every accepted upload', async () => {
    svc = await startService({ DATA_DIR: dataDir });
    const service = svc;
    const tenants = await soakTenants(service, dataDir, ['alpha', 'beta']);

    const result = await runSoak({ base: service.base, tenants, clients: CLIENTS, durationMs: SOAK_MS });
    const final = await settleAll(service.base, tenants, result.accepted, 90_000);

    expect(service.exit()).toBeUndefined();
    expect(result.violations).toEqual([]);
    expect(result.failures).toEqual([]);
    for (const op of ['upload 202', 'status 200', 'list 200', 'audio 206', 'redactions 200', 'evidence 200']) {
      expect(result.statuses[op]).toBeGreaterThan(10);
    }
    expect([...final].filter(([, s]) => !['available', 'rejected'].includes(s))).toEqual([]);
    expect(await service.cli('audit:verify')).toMatchObject({ valid: true });

    const db = new Client({ connectionString: embeddedDatabaseOf(dataDir) });
    await db.connect();
    try {
      // Every acknowledged upload is stored once, under its own tenant.
      const rows = await db.query<{ id: string; tenant_id: string }>('SELECT id, tenant_id FROM recordings');
      expect(new Map(rows.rows.map((r) => [r.id, r.tenant_id]))).toEqual(
        new Map([...result.accepted].map(([id, a]) => [id, a.tenant])),
      );
      // Every audit event is credited to the caller's tenant, and to the tenant owning the recording it names.
      const callers = new Map<string, string>();
      tenants.forEach((t) => {
        callers.set(t.apiKeyId, t.id);
        for (const role of ['qa', 'legal']) callers.set(`${role}@${t.name}`, t.id);
      });
      const events = await db.query<{
        seq: string;
        actor_kind: string;
        actor_id: string;
        tenant_id: string;
        resource_type: string;
        resource_id: string;
        outcome: string;
      }>(
        'SELECT seq, actor_kind, actor_id, tenant_id, resource_type, resource_id, outcome FROM audit_events ORDER BY seq',
      );
      const wrong = events.rows.filter((e) => {
        const caller = e.actor_kind === 'api-key' || e.actor_kind === 'user' ? callers.get(e.actor_id) : undefined;
        const owner = e.resource_type === 'recording' ? result.accepted.get(e.resource_id)?.tenant : undefined;
        return (
          (caller !== undefined && (e.tenant_id !== caller || e.outcome !== 'success')) ||
          (owner !== undefined && e.tenant_id !== owner)
        );
      });
      expect(wrong).toEqual([]);
      expect(events.rows.filter((e) => callers.has(e.actor_id)).length).toBeGreaterThanOrEqual(result.requests);
    } finally {
      await db.end();
    }
    expect(await service.stop()).toBe(0);
  }, 240_000);
});
