#!/usr/bin/env node
import 'reflect-metadata';
import { readFile, writeFile } from 'node:fs/promises';
import * as os from 'node:os';
import { parseArgs } from 'node:util';
import { openRuntime, type OpenRuntime } from './bootstrap';
import { AppException } from './common/errors/app.exception';
import { maskLogText } from './common/log-masking';
import { ConfigError, loadConfig, parseDuration } from './config/config';
import { migrate } from './database/data-source';
import { AuditAnchorStore } from './modules/audit/audit-anchor.store';
import { AuditRepository } from './modules/audit/audit.repository';
import { createS3Client } from './modules/storage/s3.client';
import { AuditService } from './modules/audit/audit.service';
import { AuditVerifier } from './modules/audit/audit.verifier';
import { ApiKeyService } from './modules/auth/api-key.service';
import { issueDevToken, loadDevIssuerKey } from './modules/auth/dev-issuer';
import { STAFF_ROLES } from './common/access/permissions';
import { KmsService } from './modules/crypto/kms.service';
import { DocumentSigner } from './modules/legal/document.signer';
import { EvidenceVerifier } from './modules/legal/evidence.verifier';
import { startJob, watchJob, type JobsApi } from './modules/bulk-jobs/bulk-job.cli';
import { TenantKeyService } from './modules/tenants/tenant-key.service';
import { TenantService } from './modules/tenants/tenant.service';
import { sampleCall } from './sample-call';

/**
 * Operator CLI: `vault <command> [--json]`, the package's bin (in a checkout,
 * `npm run vault -- <command>` rebuilds first when the sources changed). Works
 * against the same DATA_DIR/DATABASE_URL as the service, reusing a running
 * service's embedded stand-ins when there are any.
 */
const USAGE = `usage: vault <command> [options] [--json]   (in a checkout: npm run vault -- <command> ...)
  tenant:create NAME [--kms-key-id ID]
  tenant:keys --tenant NAME [--allow KEYID | --revoke KEYID]   KMS keys the tenant may rotate to (lists them)
  apikey:create --tenant NAME --role ingest|admin [--label TEXT]
  apikey:revoke ID
  token:issue --tenant NAME --role qa|legal|admin|auditor [--ttl 1h] [--subject NAME]
  audit:verify
  audit:checkpoint
  evidence:verify FILE
  sample:call FILE [--call-id ID]   writes a generated demo WAV to FILE, prints its upload metadata
  jobs:start KIND --file PARAMS.json [--url URL]   start a bulk job through the API (token: VAULT_TOKEN or --token)
  jobs:watch ID [--url URL]   follow a job's progress until it ends (a bar on a terminal; exit 2 unless it succeeded)
  migration:run | migration:revert`;

class UsageError extends Error {}

export type Out = { text: string; json: unknown; exitCode?: number };

export async function run(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<Out> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      json: { type: 'boolean', default: false },
      tenant: { type: 'string' },
      role: { type: 'string' },
      label: { type: 'string' },
      ttl: { type: 'string', default: '1h' },
      subject: { type: 'string' },
      'kms-key-id': { type: 'string' },
      'call-id': { type: 'string' },
      allow: { type: 'string' },
      revoke: { type: 'string' },
      file: { type: 'string' },
      url: { type: 'string' },
      token: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  const [command, arg] = positionals;
  if (!command || values.help) throw new UsageError(USAGE);
  const config = loadConfig(env);
  const operator = { kind: 'operator', id: os.userInfo().username, role: 'operator', tenant: null as string | null };

  if (command === 'sample:call') {
    const file = required(arg, 'FILE');
    const { wav, metadata } = sampleCall(values['call-id'] ?? `demo-${Date.now()}`);
    await writeFile(file, wav);
    return { text: JSON.stringify(metadata), json: metadata };
  }

  if (command === 'jobs:start' || command === 'jobs:watch') {
    // A client of the running service's API, with a staff token or API key like any other client.
    const api: JobsApi = {
      url: values.url ?? env.VAULT_URL ?? `http://localhost:${config.port}`,
      token: required(values.token ?? env.VAULT_TOKEN, '--token (or VAULT_TOKEN)'),
    };
    if (command === 'jobs:start') {
      const job = await startJob(api, required(arg, 'KIND'), required(values.file, '--file'));
      return { text: `${job.id} ${job.status} (${job.total} items)`, json: job };
    }
    const job = await watchJob(api, required(arg, 'ID'), {
      write: (s) => process.stderr.write(s),
      isTTY: !values.json && process.stderr.isTTY,
    });
    return {
      text: `${job.status}: ${job.done} done, ${job.failed} failed of ${job.total}`,
      json: job,
      exitCode: job.status === 'succeeded' ? 0 : 2,
    };
  }

  if (command === 'token:issue') {
    // Needs only the development issuer's key, not the database; but the tenant must exist.
    if (config.oidc.issuer) throw new UsageError('token:issue is for the development issuer only; OIDC_ISSUER is set');
    const role = values.role ?? '';
    if (!(STAFF_ROLES as readonly string[]).includes(role))
      throw new UsageError(`--role must be one of ${STAFF_ROLES.join(', ')}`);
    const ttlMs = parseDuration(values.ttl);
    if (!ttlMs || ttlMs > 24 * 3_600_000) throw new UsageError('--ttl must be a duration up to 24h, like 30m or 1h');
    return withRuntime(config, async (rt) => {
      const tenant = await TenantService.open(rt.dataSource).byName(required(values.tenant, '--tenant'));
      const subject = values.subject ?? `${role}@${tenant.name}.dev`;
      const token = await issueDevToken(
        await loadDevIssuerKey(config.dataDir),
        {
          subject,
          audience: config.oidc.audience,
          role,
          tenant: tenant.name,
          roleClaim: config.oidc.roleClaim,
          tenantClaim: config.oidc.tenantClaim,
        },
        Math.round(ttlMs / 1000),
      );
      await audit(rt, { ...operator, tenant: tenant.id }, 'token.issue', 'user', subject, {
        role,
        ttlSec: Math.round(ttlMs / 1000),
      });
      return { text: token, json: { token, subject, role, tenant: tenant.name, expiresIn: Math.round(ttlMs / 1000) } };
    });
  }

  return withRuntime(
    config,
    async (rt) => {
      const tenants = TenantService.open(rt.dataSource);
      const keys = ApiKeyService.open(rt.dataSource);
      switch (command) {
        case 'tenant:create': {
          const t = await tenants.create(required(arg, 'NAME'), values['kms-key-id']);
          await audit(rt, { ...operator, tenant: t.id }, 'tenant.create', 'tenant', t.id, { name: t.name });
          return { text: `tenant ${t.name} created (${t.id})`, json: { id: t.id, name: t.name } };
        }
        case 'tenant:keys': {
          const t = await tenants.byName(required(values.tenant, '--tenant'));
          const tenantKeys = TenantKeyService.open(rt.dataSource, new KmsService(rt.services));
          if (values.allow && values.revoke) throw new UsageError('give --allow or --revoke, not both');
          if (values.allow) {
            const arn = await tenantKeys.allow(t.id, values.allow, `operator:${operator.id}`);
            await audit(rt, { ...operator, tenant: t.id }, 'tenant.keys.allow', 'tenant', t.id, { kmsKeyId: arn });
            return { text: `tenant ${t.name} may use ${arn}`, json: { tenant: t.name, allowed: arn } };
          }
          if (values.revoke) {
            const removed = await tenantKeys.revoke(t.id, values.revoke);
            await audit(rt, { ...operator, tenant: t.id }, 'tenant.keys.revoke', 'tenant', t.id, {
              kmsKeyId: values.revoke,
              removed,
            });
            return {
              text: removed ? `tenant ${t.name} may no longer rotate to ${values.revoke}` : 'that key was not allowed',
              json: { tenant: t.name, revoked: values.revoke, removed },
            };
          }
          const list = await tenantKeys.list(t.id);
          return {
            text: list.length
              ? list.map((k) => `${k.kmsKeyId}  (allowed by ${k.allowedBy} at ${k.allowedAt.toISOString()})`).join('\n')
              : `tenant ${t.name} may use only the service default key`,
            json: {
              tenant: t.name,
              current: t.kmsKeyId,
              allowed: list.map((k) => ({ kmsKeyId: k.kmsKeyId, allowedBy: k.allowedBy, allowedAt: k.allowedAt })),
            },
          };
        }
        case 'apikey:create': {
          const role = values.role;
          if (role !== 'ingest' && role !== 'admin') throw new UsageError('--role must be ingest or admin');
          const t = await tenants.byName(required(values.tenant, '--tenant'));
          const { key, record } = await keys.create(t.id, role, values.label);
          await audit(rt, { ...operator, tenant: t.id }, 'apikey.create', 'api-key', record.id, { role });
          return {
            text: `${key}\n(shown once; id ${record.id}, prefix crv_${record.prefix}, role ${role}, tenant ${t.name})`,
            json: { id: record.id, key, prefix: `crv_${record.prefix}`, role, tenant: t.name },
          };
        }
        case 'apikey:revoke': {
          const k = await keys.revoke(required(arg, 'ID'));
          await audit(rt, { ...operator, tenant: k.tenantId }, 'apikey.revoke', 'api-key', k.id, {});
          return { text: `API key ${k.id} revoked`, json: { id: k.id, revokedAt: k.revokedAt } };
        }
        case 'audit:verify': {
          const kms = new KmsService(rt.services);
          const result = await withAnchors(rt, (anchors) =>
            new AuditVerifier(AuditRepository.open(rt.dataSource), kms, anchors, config).verify(),
          );
          return {
            text: result.message + (result.valid ? '' : ` (first bad seq ${result.firstBadSeq})`),
            json: result,
            exitCode: result.valid ? 0 : 2,
          };
        }
        case 'audit:checkpoint': {
          const kms = new KmsService(rt.services);
          const cp = await withAnchors(rt, (anchors) =>
            new AuditService(AuditRepository.open(rt.dataSource), config, kms, anchors).checkpoint(),
          );
          return { text: cp ? `checkpoint at seq ${cp.seq}` : 'no events yet', json: cp ?? null };
        }
        case 'evidence:verify': {
          // Same checks as POST /v1/evidence/verify, against the configured signing key.
          const file = required(arg, 'FILE');
          let bundle: unknown;
          try {
            bundle = JSON.parse(await readFile(file, 'utf8'));
          } catch (e) {
            throw new UsageError(`${file}: not a readable JSON file (${(e as Error).message})`);
          }
          const result = await new EvidenceVerifier(new DocumentSigner(new KmsService(rt.services))).verify(bundle);
          return {
            text: result.valid ? 'evidence bundle is valid' : `evidence bundle is NOT valid: ${result.reason}`,
            json: result,
            exitCode: result.valid ? 0 : 2,
          };
        }
        case 'migration:run':
          return { text: 'migrations are up to date', json: { ok: true } };
        case 'migration:revert': {
          await migrate(rt.dataSource, 'down');
          return { text: 'reverted the last migration', json: { ok: true } };
        }
        default:
          throw new UsageError(`unknown command ${command}\n${USAGE}`);
      }
    },
    command !== 'migration:revert',
  );
}

async function withRuntime(
  config: ReturnType<typeof loadConfig>,
  fn: (rt: OpenRuntime) => Promise<Out>,
  runMigrations = true,
): Promise<Out> {
  const rt = await openRuntime(config, { reuseEmbedded: true, migrate: runMigrations });
  try {
    return await fn(rt);
  } finally {
    await rt.close();
  }
}

function audit(
  rt: OpenRuntime,
  actor: { kind: string; id: string; role: string; tenant: string | null },
  action: string,
  type: string,
  id: string,
  details: unknown,
) {
  const kms = new KmsService(rt.services);
  return new AuditService(AuditRepository.open(rt.dataSource), rt.config, kms).append({
    actor,
    action,
    resource: { type, id },
    outcome: 'success',
    origin: { ip: null, userAgent: 'vault-cli' },
    details,
  });
}

/** The anchor store over a client of its own, closed afterwards. */
async function withAnchors<T>(rt: OpenRuntime, fn: (anchors: AuditAnchorStore) => Promise<T>): Promise<T> {
  const s3 = createS3Client(rt.services.s3);
  try {
    return await fn(new AuditAnchorStore(s3, rt.services, rt.config));
  } finally {
    s3.destroy();
  }
}

function required(v: string | undefined, name: string): string {
  if (!v) throw new UsageError(`${name} is required\n${USAGE}`);
  return v;
}

export { UsageError };

if (require.main === module) {
  const argv = process.argv.slice(2);
  const json = argv.includes('--json');
  run(argv)
    .then((out) => {
      process.stdout.write((json ? JSON.stringify(out.json, null, 2) : out.text) + '\n');
      process.exit(out.exitCode ?? 0);
    })
    .catch((e: unknown) => {
      const code =
        e instanceof AppException
          ? e.code
          : e instanceof ConfigError
            ? 'CONFIG_ERROR'
            : e instanceof UsageError
              ? 'USAGE'
              : 'ERROR';
      // A failure's message may echo an argument or a dependency's answer: masked like a log line.
      const message = maskLogText(e instanceof Error ? e.message : String(e));
      if (json) process.stdout.write(JSON.stringify({ error: { code, message } }) + '\n');
      else process.stderr.write(`${message}\n`);
      process.exit(e instanceof UsageError ? 64 : 1);
    });
}
