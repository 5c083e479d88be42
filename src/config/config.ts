import * as path from 'node:path';
import { z } from 'zod';

/**
 * The one place that reads process.env. Everything else receives `AppConfig`.
 * A bad value stops start-up with the variable's name; an unset service URL
 * selects its embedded stand-in (see src/embedded/), except with
 * NODE_ENV=production, where every stand-in is refused.
 */

const optionalString = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional();

const url = (protocols: string[]) =>
  optionalString.refine(
    (v) => {
      if (v === undefined) return true;
      try {
        return protocols.includes(new URL(v).protocol);
      } catch {
        return false;
      }
    },
    { error: `must be a URL (${protocols.join(' or ')})` },
  );

const int = (def: number, min: number, max: number) =>
  optionalString
    .refine((v) => v === undefined || /^\d+$/.test(v), { error: 'must be a whole number' })
    .transform((v) => (v === undefined ? def : Number(v)))
    .refine((v) => v >= min && v <= max, { error: `must be between ${min} and ${max}` });

const bool = (def: boolean) =>
  optionalString
    .refine((v) => v === undefined || ['true', 'false', '1', '0'].includes(v), { error: 'must be true or false' })
    .transform((v) => (v === undefined ? def : v === 'true' || v === '1'));

/** Comma-separated host names, IP literals or CIDR ranges, lower case. */
const hostList = optionalString.transform((v) =>
  (v ?? '')
    .split(',')
    .map((h) => h.trim().toLowerCase())
    .filter((h) => h !== ''),
);

const duration = (def: string) =>
  optionalString
    .transform((v) => v ?? def)
    .refine((v) => parseDuration(v) !== undefined, { error: 'must be a duration like 30s, 5m, 1h or 7d' })
    .transform((v) => parseDuration(v) as number);

const envSchema = z
  .object({
    NODE_ENV: optionalString,
    PORT: int(3000, 1, 65535),
    HOST: optionalString,
    DATA_DIR: optionalString,
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).optional().default('info'),
    LOG_FORMAT: z.enum(['pretty', 'json']).optional(),
    DATABASE_URL: url(['postgres:', 'postgresql:']),
    DATABASE_POOL_SIZE: int(10, 1, 200),
    S3_ENDPOINT: url(['http:', 'https:']),
    S3_BUCKET: optionalString
      .transform((v) => v ?? 'vault')
      .refine((v) => /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(v), { error: 'must be a valid S3 bucket name' }),
    S3_REGION: optionalString.transform((v) => v ?? 'us-east-1'),
    S3_ACCESS_KEY_ID: optionalString,
    S3_SECRET_ACCESS_KEY: optionalString,
    S3_FORCE_PATH_STYLE: bool(true),
    S3_CONNECT_TIMEOUT: duration('3s').refine((v) => v >= 100, { error: 'must be at least 100ms' }),
    S3_REQUEST_TIMEOUT: duration('15s').refine((v) => v >= 500, { error: 'must be at least 500ms' }),
    KMS_ENDPOINT: url(['http:', 'https:']),
    KMS_REGION: optionalString,
    KMS_KEY_ID: optionalString,
    KMS_SIGNING_KEY_ID: optionalString,
    KMS_ACCESS_KEY_ID: optionalString,
    KMS_SECRET_ACCESS_KEY: optionalString,
    KMS_CONNECT_TIMEOUT: duration('3s').refine((v) => v >= 100, { error: 'must be at least 100ms' }),
    KMS_REQUEST_TIMEOUT: duration('10s').refine((v) => v >= 500, { error: 'must be at least 500ms' }),
    WEBHOOK_TIMEOUT: duration('10s').refine((v) => v >= 500 && v <= 120_000, {
      error: 'must be between 500ms and 2m',
    }),
    WEBHOOK_BACKOFF: duration('10s').refine((v) => v >= 100 && v <= 3_600_000, {
      error: 'must be between 100ms and 1h',
    }),
    WEBHOOK_MAX_ATTEMPTS: int(15, 1, 100),
    WEBHOOK_EVENT_RETENTION_DAYS: int(30, 1, 36500),
    OIDC_ISSUER: url(['http:', 'https:']),
    OIDC_AUDIENCE: optionalString,
    OIDC_JWKS_URL: url(['http:', 'https:']),
    OIDC_ALGORITHMS: optionalString
      .transform((v) => (v ?? 'RS256,PS256,ES256,EdDSA').split(',').map((a) => a.trim()))
      .refine((algs) => algs.every((a) => ASYMMETRIC_ALGS.includes(a)), {
        error: `must list only asymmetric algorithms (RS256,RS384,RS512,PS256,PS384,PS512,ES256,ES384,ES512,EdDSA)`,
      }),
    OIDC_ROLE_CLAIM: optionalString.transform((v) => v ?? 'vault_role'),
    OIDC_TENANT_CLAIM: optionalString.transform((v) => v ?? 'vault_tenant'),
    OIDC_CLOCK_TOLERANCE: duration('30s'),
    CONSOLE_OIDC_CLIENT_ID: optionalString.transform((v) => v ?? 'vault-console'),
    CONSOLE_OIDC_SCOPE: optionalString.transform((v) => v ?? 'openid offline_access'),
    CONSOLE_TOKEN_SIGNIN: bool(false),
    DEV_ISSUER_REDIRECT_URIS: optionalString
      .transform((v) => v?.split(',').map((u) => u.trim()))
      .refine((v) => v === undefined || v.every(isHttpUrl), {
        error: 'must list absolute http(s) URLs, comma-separated',
      }),
    DEV_ISSUER_TOKEN_TTL: duration('10m').refine((v) => v >= 10_000 && v <= 86_400_000, {
      error: 'must be between 10s and 24h',
    }),
    AUTH_FAILURE_LIMIT: int(20, 1, 100000),
    AUTH_FAILURE_WINDOW: duration('1m'),
    TRUST_PROXY: optionalString
      .refine((v) => v !== 'true', {
        error:
          'name the proxies (addresses, CIDR ranges, loopback, uniquelocal) or a hop count; true would trust any client',
      })
      .transform((v): number | string[] | false => {
        if (v === undefined || v === 'false' || v === '0') return false;
        if (/^\d+$/.test(v)) return Number(v);
        return v
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean);
      }),
    AUDIT_CHECKPOINT_INTERVAL: duration('5m'),
    METRICS_PORT: optionalString
      .refine((v) => v === undefined || /^\d+$/.test(v), { error: 'must be a whole number' })
      .transform((v) => (v === undefined ? undefined : Number(v)))
      .refine((v) => v === undefined || (v >= 1 && v <= 65535), { error: 'must be between 1 and 65535' }),
    METRICS_HOST: optionalString,
    METRICS_TOKEN: optionalString.refine((v) => v === undefined || v.length >= 16, {
      error: 'must be at least 16 characters',
    }),
    OTEL_EXPORTER_OTLP_ENDPOINT: url(['http:', 'https:']),
    OTEL_SERVICE_NAME: optionalString,
    HTTP_KEEP_ALIVE_TIMEOUT: duration('75s').refine((v) => v >= 1000 && v <= 3_600_000, {
      error: 'must be between 1s and 1h',
    }),
    // Node's default (300 s) cuts an upload of a long call over a slow link; a stalled upload is ended
    // sooner by UPLOAD_IDLE_TIMEOUT (client silent) or the object store's stall watchdog (store silent),
    // so this bounds only uploads that keep moving.
    HTTP_REQUEST_TIMEOUT: duration('1h').refine((v) => v >= 10_000 && v <= 24 * 3_600_000, {
      error: 'must be between 10s and 24h',
    }),
    HTTP_HEADERS_TIMEOUT: optionalString
      .refine((v) => v === undefined || parseDuration(v) !== undefined, { error: 'must be a duration like 76s' })
      .transform((v) => (v === undefined ? undefined : (parseDuration(v) as number))),
    AUDIT_ANCHOR_RETENTION: duration('2557d'),
    HTTP_JSON_LIMIT: optionalString.transform((v) => v ?? '1mb'),
    UPLOAD_MAX_BYTES: int(2 * 1024 ** 3, 1024, Number.MAX_SAFE_INTEGER),
    UPLOAD_METADATA_MAX_BYTES: int(1024 ** 2, 1024, 256 * 1024 ** 2),
    UPLOAD_MAX_DURATION: duration('6h'),
    UPLOAD_MAX_CHANNELS: int(2, 1, 8),
    UPLOAD_MAX_CONCURRENT: int(16, 1, 10_000),
    // Unset: half of UPLOAD_MAX_CONCURRENT (at least 1), so one tenant cannot hold every slot.
    UPLOAD_MAX_CONCURRENT_PER_TENANT: optionalString
      .refine((v) => v === undefined || /^\d+$/.test(v), { error: 'must be a whole number' })
      .transform((v) => (v === undefined ? undefined : Number(v)))
      .refine((v) => v === undefined || (v >= 1 && v <= 10_000), { error: 'must be between 1 and 10000' }),
    UPLOAD_IDLE_TIMEOUT: duration('30s').refine((v) => v >= 1000 && v <= 3_600_000, {
      error: 'must be between 1s and 1h',
    }),
    SHUTDOWN_TIMEOUT: duration('20s'),
    WORKER_ENABLED: bool(true),
    WORKER_CONCURRENCY: int(2, 1, 64),
    WORKER_POLL_INTERVAL: duration('2s').refine((v) => v >= 500, { error: 'must be at least 500ms' }),
    JOB_TIMEOUT: duration('2h'),
    JOB_LEASE: duration('30s').refine((v) => v >= 2000 && v <= 600_000, { error: 'must be between 2s and 10m' }),
    JOB_HEARTBEAT: duration('5s').refine((v) => v >= 200, { error: 'must be at least 200ms' }),
    JOB_MAINTENANCE_INTERVAL: duration('1m').refine((v) => v >= 1000, { error: 'must be at least 1s' }),
    DATA_KEY_CACHE_SIZE: int(1000, 0, 1_000_000),
    DATA_KEY_CACHE_TTL: duration('5m'),
    QUARANTINE_TTL: duration('24h'),
    BULK_JOB_ARCHIVE_RETENTION_DAYS: int(7, 1, 3650),
    PLAYBACK_TOKEN_TTL: duration('5m').refine((v) => v >= 1000 && v <= 300_000, { error: 'must be between 1s and 5m' }),
    CONSENT_WAIT: duration('15m'),
    REDACTION_PADDING: duration('250ms').refine((v) => v <= 5000, { error: 'must be at most 5s' }),
    REDACTION_MODE: z.enum(['mute', 'tone']).optional().default('mute'),
    FFMPEG_PATH: optionalString,
    FFPROBE_PATH: optionalString,
    MEDIA_TIMEOUT: duration('20m'),
    WEBHOOK_ALLOWED_HOSTS: hostList,
    WEBHOOK_PLAIN_HTTP_HOSTS: hostList,
    // Test-only: the redaction step waits this long, to test jobs longer than their lease. Refused in production.
    REDACTION_TEST_DELAY: duration('0ms'),
    TRANSCRIBER: z.enum(['none', 'openai-compatible', 'aws-transcribe']).optional().default('none'),
    TRANSCRIBER_URL: url(['http:', 'https:']),
    TRANSCRIBER_MODEL: optionalString.transform((v) => v ?? 'whisper-1'),
    TRANSCRIBER_API_KEY: optionalString,
    TRANSCRIBER_LANGUAGE: optionalString.refine(
      (v) => v === undefined || /^[A-Za-z]{2,3}([-_][A-Za-z0-9]{1,8})*$/.test(v),
      {
        error: 'must be a language tag like en or en-US',
      },
    ),
    TRANSCRIBER_ALLOWED_HOSTS: optionalString.transform((v) =>
      (v ?? '')
        .split(',')
        .map((h) => h.trim().toLowerCase())
        .filter(Boolean),
    ),
    TRANSCRIBER_TIMEOUT: duration('5m'),
    TRANSCRIBER_RETRIES: int(3, 0, 10),
    TRANSCRIBER_BACKOFF: duration('1s').refine((v) => v <= 60_000, { error: 'must be at most 1m' }),
    TRANSCRIBER_CHUNK: duration('10m').refine((v) => v >= 5000 && v <= 3_600_000, {
      error: 'must be between 5s and 1h',
    }),
    TRANSCRIBE_ENDPOINT: url(['http:', 'https:']),
    TRANSCRIBE_REGION: optionalString,
    TRANSCRIBE_ACCESS_KEY_ID: optionalString,
    TRANSCRIBE_SECRET_ACCESS_KEY: optionalString,
    TRANSCRIBE_POLL_INTERVAL: duration('5s').refine((v) => v >= 100, { error: 'must be at least 100ms' }),
  })
  .superRefine((env, ctx) => {
    const pair = (a: keyof typeof env, b: keyof typeof env) => {
      if (env[a] !== undefined && env[b] === undefined)
        ctx.addIssue({ code: 'custom', path: [b], message: `is required when ${a} is set` });
    };
    pair('KMS_ENDPOINT', 'KMS_KEY_ID');
    pair('KMS_KEY_ID', 'KMS_SIGNING_KEY_ID');
    pair('OIDC_ISSUER', 'OIDC_AUDIENCE');
    pair('S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY');
    pair('S3_SECRET_ACCESS_KEY', 'S3_ACCESS_KEY_ID');
    if (env.JOB_HEARTBEAT * 2 > env.JOB_LEASE)
      ctx.addIssue({ code: 'custom', path: ['JOB_HEARTBEAT'], message: 'must be at most half of JOB_LEASE' });
    if (
      env.UPLOAD_MAX_CONCURRENT_PER_TENANT !== undefined &&
      env.UPLOAD_MAX_CONCURRENT_PER_TENANT > env.UPLOAD_MAX_CONCURRENT
    )
      ctx.addIssue({
        code: 'custom',
        path: ['UPLOAD_MAX_CONCURRENT_PER_TENANT'],
        message: 'must be at most UPLOAD_MAX_CONCURRENT',
      });
    if (env.JOB_TIMEOUT < env.JOB_LEASE)
      ctx.addIssue({ code: 'custom', path: ['JOB_TIMEOUT'], message: 'must be at least JOB_LEASE' });
    if (env.NODE_ENV === 'production' && env.REDACTION_TEST_DELAY > 0)
      ctx.addIssue({ code: 'custom', path: ['REDACTION_TEST_DELAY'], message: 'is for tests only: unset it' });
    // Node closes an idle connection at keepAliveTimeout; headersTimeout must outlast it, or a request
    // arriving on a connection just before it closes is cut off mid-headers.
    if (env.HTTP_HEADERS_TIMEOUT !== undefined && env.HTTP_HEADERS_TIMEOUT <= env.HTTP_KEEP_ALIVE_TIMEOUT)
      ctx.addIssue({
        code: 'custom',
        path: ['HTTP_HEADERS_TIMEOUT'],
        message: 'must be longer than HTTP_KEEP_ALIVE_TIMEOUT',
      });
    pair('TRANSCRIBE_ACCESS_KEY_ID', 'TRANSCRIBE_SECRET_ACCESS_KEY');
    pair('TRANSCRIBE_SECRET_ACCESS_KEY', 'TRANSCRIBE_ACCESS_KEY_ID');
    if (env.TRANSCRIBER === 'openai-compatible' && env.TRANSCRIBER_URL === undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['TRANSCRIBER_URL'],
        message: 'is required when TRANSCRIBER=openai-compatible',
      });
    if (env.NODE_ENV === 'production') {
      for (const [variable, standIn] of PRODUCTION_REQUIRED) {
        if (env[variable] === undefined)
          ctx.addIssue({
            code: 'custom',
            path: [variable],
            message: `must be set when NODE_ENV=production: unset, it selects ${standIn}, which is for development only`,
          });
      }
    }
  });

/** Each unset selects a development stand-in, which production refuses. */
const PRODUCTION_REQUIRED = [
  ['DATABASE_URL', 'the embedded PostgreSQL'],
  ['S3_ENDPOINT', 'the embedded object storage (s3rver)'],
  ['KMS_KEY_ID', 'the development KMS'],
  ['OIDC_ISSUER', 'the development token issuer'],
] as const;

function isHttpUrl(v: string): boolean {
  try {
    return ['http:', 'https:'].includes(new URL(v).protocol);
  } catch {
    return false;
  }
}

const ASYMMETRIC_ALGS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'];

export interface AppConfig {
  env: string;
  port: number;
  host: string;
  dataDir: string;
  logLevel: string;
  /** `pretty` (pino-pretty, for a person at a terminal) or `json` (one object a line, for collectors). */
  logFormat: 'pretty' | 'json';
  database: { url?: string; poolSize: number };
  s3: {
    endpoint?: string;
    bucket: string;
    region: string;
    credentials?: { accessKeyId: string; secretAccessKey: string };
    forcePathStyle: boolean;
    timeouts: DependencyTimeouts;
  };
  kms: {
    endpoint?: string;
    region: string;
    keyId?: string;
    signingKeyId?: string;
    credentials?: { accessKeyId: string; secretAccessKey: string };
    timeouts: DependencyTimeouts;
  };
  webhookTimeoutMs: number;
  /** Webhook retries: the n-th failed attempt waits backoffMs × 2^(n-1) (at most 6 h); maxAttempts per delivery (or replay). */
  webhookRetry: { backoffMs: number; maxAttempts: number };
  /** Settled webhook events (every delivery succeeded or given up) are pruned this many days after they settled. */
  webhookEventRetentionDays: number;
  oidc: {
    issuer?: string;
    audience: string;
    jwksUrl?: string;
    algorithms: string[];
    roleClaim: string;
    tenantClaim: string;
    clockToleranceSec: number;
  };
  /** The staff console as an OIDC public client (authorization code + PKCE). */
  console: { clientId: string; scope: string; tokenSignIn: boolean };
  /** The development issuer's sign-in flow: where it may send codes, how long its access tokens live. */
  devIssuer: { redirectUris: string[]; tokenTtlSec: number };
  /** trustProxy: Express `trust proxy` (false, a hop count, or the proxies' addresses/ranges). */
  auth: { failureLimit: number; failureWindowMs: number; trustProxy: number | string[] | false };
  /** anchorRetentionMs: Object Lock retention of anchored checkpoints, where the store supports it. */
  audit: { checkpointIntervalMs: number; anchorRetentionMs: number };
  http: {
    jsonLimit: string;
    shutdownTimeoutMs: number;
    keepAliveTimeoutMs: number;
    headersTimeoutMs: number;
    requestTimeoutMs: number;
  };
  /** Prometheus `/metrics` on its own listener; none without a port. */
  metrics: { port?: number; host: string; token?: string };
  /** OpenTelemetry traces to an OTLP/HTTP collector; off without an endpoint. */
  tracing: { endpoint?: string; serviceName: string };
  upload: {
    maxBytes: number;
    metadataMaxBytes: number;
    maxDurationSec: number;
    maxChannels: number;
    maxConcurrent: number;
    /** Of those, at most this many for one tenant. */
    maxConcurrentPerTenant: number;
    /** An upload whose client sends no byte for this long (while the vault is ready to read) is abandoned. */
    idleTimeoutMs: number;
  };
  worker: {
    enabled: boolean;
    concurrency: number;
    pollSeconds: number;
    jobTimeoutSec: number;
    maintenanceSec: number;
    /** A job attempt's lease: renewed every `heartbeatMs` while it works, taken over `leaseMs` after it stops. */
    leaseMs: number;
    heartbeatMs: number;
  };
  keys: { cacheSize: number; cacheTtlMs: number };
  quarantineTtlMs: number;
  /** A finished export's archive is crypto-shredded this many days after the job finished. */
  bulkJobArchiveRetentionDays: number;
  playbackTokenTtlSec: number;
  consentWaitMs: number;
  redaction: { paddingMs: number; mode: 'mute' | 'tone'; testDelayMs: number };
  media: { ffmpegPath?: string; ffprobePath?: string; timeoutMs: number };
  transcription: {
    /** The operator default for tenants that chose no engine of their own. */
    engine: 'none' | 'openai-compatible' | 'aws-transcribe';
    url?: string;
    model: string;
    apiKey?: string;
    language?: string;
    /** Hosts an engine may be reached on even over plain HTTP or at a private address (a self-hosted Whisper server). */
    allowedHosts: string[];
    timeoutMs: number;
    retries: number;
    backoffMs: number;
    chunkMs: number;
    aws: {
      endpoint?: string;
      region: string;
      credentials?: { accessKeyId: string; secretAccessKey: string };
      pollMs: number;
    };
  };
  /** Egress policy for tenant webhooks (see src/common/egress). */
  webhook: { allowedHosts: string[]; plainHttpHosts: string[] };
}

/**
 * Limits on one call to S3 or KMS: establishing the connection, and the whole
 * call (every retry included) until the answer's headers arrive. A streamed
 * body after that may not stall longer than `requestMs` between bytes.
 */
export interface DependencyTimeouts {
  connectMs: number;
  requestMs: number;
}

export class ConfigError extends Error {
  constructor(readonly problems: { variable: string; message: string }[]) {
    super(`Invalid configuration: ${problems.map((p) => `${p.variable} ${p.message}`).join('; ')}`);
    this.name = 'ConfigError';
  }
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => ({ variable: String(i.path[0] ?? '?'), message: i.message })));
  }
  const e = parsed.data;
  const region = e.S3_REGION;
  return {
    env: e.NODE_ENV ?? 'development',
    port: e.PORT,
    host: e.HOST ?? '0.0.0.0',
    dataDir: path.resolve(e.DATA_DIR ?? 'data'),
    logLevel: e.LOG_LEVEL,
    logFormat: e.LOG_FORMAT ?? (process.stdout.isTTY ? 'pretty' : 'json'),
    database: { url: e.DATABASE_URL, poolSize: e.DATABASE_POOL_SIZE },
    s3: {
      endpoint: e.S3_ENDPOINT,
      bucket: e.S3_BUCKET,
      region,
      credentials:
        e.S3_ACCESS_KEY_ID && e.S3_SECRET_ACCESS_KEY
          ? { accessKeyId: e.S3_ACCESS_KEY_ID, secretAccessKey: e.S3_SECRET_ACCESS_KEY }
          : undefined,
      forcePathStyle: e.S3_FORCE_PATH_STYLE,
      timeouts: { connectMs: e.S3_CONNECT_TIMEOUT, requestMs: e.S3_REQUEST_TIMEOUT },
    },
    kms: {
      endpoint: e.KMS_ENDPOINT,
      region: e.KMS_REGION ?? region,
      keyId: e.KMS_KEY_ID,
      signingKeyId: e.KMS_SIGNING_KEY_ID,
      credentials:
        e.KMS_ACCESS_KEY_ID && e.KMS_SECRET_ACCESS_KEY
          ? { accessKeyId: e.KMS_ACCESS_KEY_ID, secretAccessKey: e.KMS_SECRET_ACCESS_KEY }
          : undefined,
      timeouts: { connectMs: e.KMS_CONNECT_TIMEOUT, requestMs: e.KMS_REQUEST_TIMEOUT },
    },
    webhookTimeoutMs: e.WEBHOOK_TIMEOUT,
    webhookRetry: { backoffMs: e.WEBHOOK_BACKOFF, maxAttempts: e.WEBHOOK_MAX_ATTEMPTS },
    webhookEventRetentionDays: e.WEBHOOK_EVENT_RETENTION_DAYS,
    oidc: {
      issuer: e.OIDC_ISSUER,
      audience: e.OIDC_AUDIENCE ?? 'call-recording-vault',
      jwksUrl: e.OIDC_JWKS_URL,
      algorithms: e.OIDC_ALGORITHMS,
      roleClaim: e.OIDC_ROLE_CLAIM,
      tenantClaim: e.OIDC_TENANT_CLAIM,
      clockToleranceSec: Math.round(e.OIDC_CLOCK_TOLERANCE / 1000),
    },
    console: { clientId: e.CONSOLE_OIDC_CLIENT_ID, scope: e.CONSOLE_OIDC_SCOPE, tokenSignIn: e.CONSOLE_TOKEN_SIGNIN },
    devIssuer: {
      redirectUris: e.DEV_ISSUER_REDIRECT_URIS ?? consoleRedirectUris(e.PORT),
      tokenTtlSec: Math.round(e.DEV_ISSUER_TOKEN_TTL / 1000),
    },
    auth: { failureLimit: e.AUTH_FAILURE_LIMIT, failureWindowMs: e.AUTH_FAILURE_WINDOW, trustProxy: e.TRUST_PROXY },
    audit: { checkpointIntervalMs: e.AUDIT_CHECKPOINT_INTERVAL, anchorRetentionMs: e.AUDIT_ANCHOR_RETENTION },
    http: {
      jsonLimit: e.HTTP_JSON_LIMIT,
      shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT,
      keepAliveTimeoutMs: e.HTTP_KEEP_ALIVE_TIMEOUT,
      headersTimeoutMs: e.HTTP_HEADERS_TIMEOUT ?? e.HTTP_KEEP_ALIVE_TIMEOUT + 1000,
      requestTimeoutMs: e.HTTP_REQUEST_TIMEOUT,
    },
    tracing: { endpoint: e.OTEL_EXPORTER_OTLP_ENDPOINT, serviceName: e.OTEL_SERVICE_NAME ?? 'call-recording-vault' },
    metrics: { port: e.METRICS_PORT, host: e.METRICS_HOST ?? '0.0.0.0', token: e.METRICS_TOKEN },
    upload: {
      maxBytes: e.UPLOAD_MAX_BYTES,
      metadataMaxBytes: e.UPLOAD_METADATA_MAX_BYTES,
      maxDurationSec: Math.round(e.UPLOAD_MAX_DURATION / 1000),
      maxChannels: e.UPLOAD_MAX_CHANNELS,
      maxConcurrent: e.UPLOAD_MAX_CONCURRENT,
      // A quarter of the slots stays free for the other tenants: one tenant's stalled or trickling
      // clients cannot take them all, and a single-tenant install keeps most of its concurrency.
      maxConcurrentPerTenant:
        e.UPLOAD_MAX_CONCURRENT_PER_TENANT ??
        Math.max(1, e.UPLOAD_MAX_CONCURRENT - Math.floor(e.UPLOAD_MAX_CONCURRENT / 4)),
      idleTimeoutMs: e.UPLOAD_IDLE_TIMEOUT,
    },
    worker: {
      enabled: e.WORKER_ENABLED,
      concurrency: e.WORKER_CONCURRENCY,
      pollSeconds: Math.max(0.5, e.WORKER_POLL_INTERVAL / 1000),
      jobTimeoutSec: Math.round(e.JOB_TIMEOUT / 1000),
      maintenanceSec: Math.round(e.JOB_MAINTENANCE_INTERVAL / 1000),
      leaseMs: e.JOB_LEASE,
      heartbeatMs: e.JOB_HEARTBEAT,
    },
    keys: { cacheSize: e.DATA_KEY_CACHE_SIZE, cacheTtlMs: e.DATA_KEY_CACHE_TTL },
    quarantineTtlMs: e.QUARANTINE_TTL,
    bulkJobArchiveRetentionDays: e.BULK_JOB_ARCHIVE_RETENTION_DAYS,
    playbackTokenTtlSec: Math.round(e.PLAYBACK_TOKEN_TTL / 1000),
    consentWaitMs: e.CONSENT_WAIT,
    redaction: { paddingMs: e.REDACTION_PADDING, mode: e.REDACTION_MODE, testDelayMs: e.REDACTION_TEST_DELAY },
    media: { ffmpegPath: e.FFMPEG_PATH, ffprobePath: e.FFPROBE_PATH, timeoutMs: e.MEDIA_TIMEOUT },
    webhook: { allowedHosts: e.WEBHOOK_ALLOWED_HOSTS, plainHttpHosts: e.WEBHOOK_PLAIN_HTTP_HOSTS },
    transcription: {
      engine: e.TRANSCRIBER,
      url: e.TRANSCRIBER_URL,
      model: e.TRANSCRIBER_MODEL,
      apiKey: e.TRANSCRIBER_API_KEY,
      language: e.TRANSCRIBER_LANGUAGE,
      allowedHosts: e.TRANSCRIBER_ALLOWED_HOSTS,
      timeoutMs: e.TRANSCRIBER_TIMEOUT,
      retries: e.TRANSCRIBER_RETRIES,
      backoffMs: e.TRANSCRIBER_BACKOFF,
      chunkMs: e.TRANSCRIBER_CHUNK,
      aws: {
        endpoint: e.TRANSCRIBE_ENDPOINT,
        region: e.TRANSCRIBE_REGION ?? region,
        credentials:
          e.TRANSCRIBE_ACCESS_KEY_ID && e.TRANSCRIBE_SECRET_ACCESS_KEY
            ? { accessKeyId: e.TRANSCRIBE_ACCESS_KEY_ID, secretAccessKey: e.TRANSCRIBE_SECRET_ACCESS_KEY }
            : undefined,
        pollMs: e.TRANSCRIBE_POLL_INTERVAL,
      },
    },
  };
}

/** The console's sign-in callback and signed-out page on this machine, for the development issuer's allow-list. */
function consoleRedirectUris(port: number): string[] {
  return ['localhost', '127.0.0.1'].flatMap((host) => [
    `http://${host}:${port}/console/signed-in`,
    `http://${host}:${port}/console/`,
  ]);
}

/** `30s`, `5m`, `1h`, `7d`, or plain milliseconds. */
export function parseDuration(v: string): number | undefined {
  const m = /^(\d+)(ms|s|m|h|d)?$/.exec(v.trim());
  if (!m) return undefined;
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[m.at(2) ?? 'ms'] as number;
  return Number(m[1]) * unit;
}

/** Values safe to log: credentials and URLs' passwords masked. */
export function describeConfig(c: AppConfig): Record<string, unknown> {
  const mask = (u?: string) => (u ? u.replace(/\/\/([^:/@]+):[^@]+@/, '//$1:****@') : undefined);
  return {
    port: c.port,
    dataDir: c.dataDir,
    database: mask(c.database.url) ?? 'embedded (PostgreSQL)',
    s3: c.s3.endpoint ?? 'embedded (s3rver)',
    kms: c.kms.endpoint ?? (c.kms.keyId ? 'AWS KMS' : 'embedded (development KMS)'),
    oidc: c.oidc.issuer ?? 'embedded development issuer',
  };
}
