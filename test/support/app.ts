import type { INestApplication } from '@nestjs/common';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import request from 'supertest';
import { createApp, openRuntime, type OpenRuntime } from '../../src/bootstrap';
import { loadConfig, type AppConfig } from '../../src/config/config';
import { ApiKeyService } from '../../src/modules/auth/api-key.service';
import { issueDevToken, loadDevIssuerKey } from '../../src/modules/auth/dev-issuer';
import { TenantService } from '../../src/modules/tenants/tenant.service';
import { resetTestDatabase, TEST_DATABASE_URL } from './database';

export interface TestApp {
  app: INestApplication;
  runtime: OpenRuntime;
  config: AppConfig;
  http: () => ReturnType<typeof request>;
  tenant(name: string): Promise<{ id: string; name: string }>;
  apiKey(tenant: string, role: 'ingest' | 'admin'): Promise<{ id: string; key: string }>;
  token(tenant: string, role: string, opts?: { ttlSec?: number; subject?: string }): Promise<string>;
  close(): Promise<void>;
}

/**
 * The service over real HTTP on an ephemeral port, backed by the machine's
 * PostgreSQL (schema reset) and the embedded S3 and KMS servers in a temp dir.
 */
/** A port free right now, for a test that must know its URL before the app starts. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

/** An app with tenant `acme`, an ingest key and a qa token, polling jobs every 500 ms: the media suites' setup. */
export async function startAcmeApp(): Promise<{ t: TestApp; ingest: string; qa: string }> {
  const t = await startTestApp({ AUTH_FAILURE_LIMIT: '100000', WORKER_POLL_INTERVAL: '500ms' });
  await t.tenant('acme');
  return { t, ingest: (await t.apiKey('acme', 'ingest')).key, qa: await t.token('acme', 'qa') };
}

export async function startTestApp(env: NodeJS.ProcessEnv = {}): Promise<TestApp> {
  await resetTestDatabase();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vault-test-'));
  const config = loadConfig({ DATABASE_URL: TEST_DATABASE_URL, DATA_DIR: dataDir, LOG_LEVEL: 'silent', ...env });
  const runtime = await openRuntime(config);
  const app = await createApp(runtime, { logger: false });
  // A fixed PORT when the caller needs the URL up front (an OIDC redirect_uri allow-list, say).
  await app.listen(env.PORT ? config.port : 0, '127.0.0.1');
  const server = app.getHttpServer();
  const tenants = app.get(TenantService);
  const keys = app.get(ApiKeyService);
  return {
    app,
    runtime,
    config,
    http: () => request(server),
    tenant: async (name) => {
      const t = await tenants.create(name);
      return { id: t.id, name: t.name };
    },
    apiKey: async (tenant, role) => {
      const t = await tenants.byName(tenant);
      const { key, record } = await keys.create(t.id, role);
      return { id: record.id, key };
    },
    token: async (tenant, role, opts = {}) =>
      issueDevToken(
        await loadDevIssuerKey(dataDir),
        {
          subject: opts.subject ?? `${role}@${tenant}`,
          audience: config.oidc.audience,
          role,
          tenant,
          roleClaim: config.oidc.roleClaim,
          tenantClaim: config.oidc.tenantClaim,
        },
        opts.ttlSec ?? 600,
      ),
    close: async () => {
      await app.close();
      await runtime.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
