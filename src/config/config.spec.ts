import { ConfigError, loadConfig, parseDuration } from './config';

function problem(env: NodeJS.ProcessEnv): string[] {
  try {
    loadConfig(env);
  } catch (e) {
    if (e instanceof ConfigError) return e.problems.map((p) => p.variable);
    throw e;
  }
  return [];
}

describe('loadConfig', () => {
  it('falls back to embedded services and documented defaults when nothing is set', () => {
    const c = loadConfig({});
    expect(c.port).toBe(3000);
    expect(c.database.url).toBeUndefined();
    expect(c.s3.endpoint).toBeUndefined();
    expect(c.kms.keyId).toBeUndefined();
    expect(c.oidc.issuer).toBeUndefined();
    expect(c.upload).toEqual({
      maxBytes: 2 * 1024 ** 3,
      metadataMaxBytes: 1024 ** 2,
      maxDurationSec: 6 * 3600,
      maxChannels: 2,
      maxConcurrent: 16,
      maxConcurrentPerTenant: 12,
      idleTimeoutMs: 30_000,
    });
    expect(c.dataDir).toMatch(/\/data$/);
    expect(c.bulkJobArchiveRetentionDays).toBe(7);
  });

  it.each([
    ['PORT', 'abc'],
    ['PORT', '70000'],
    ['DATABASE_URL', 'mysql://localhost/db'],
    ['DATABASE_URL', 'not a url'],
    ['DATABASE_POOL_SIZE', '0'],
    ['S3_ENDPOINT', 'ftp://x'],
    ['S3_BUCKET', 'Bad_Bucket'],
    ['S3_FORCE_PATH_STYLE', 'maybe'],
    ['KMS_ENDPOINT', '::'],
    ['OIDC_ISSUER', 'issuer'],
    ['OIDC_JWKS_URL', 'file:///etc/passwd'],
    ['OIDC_ALGORITHMS', 'RS256,HS256'],
    ['OIDC_ALGORITHMS', 'none'],
    ['OIDC_CLOCK_TOLERANCE', 'soon'],
    ['AUTH_FAILURE_LIMIT', '-1'],
    ['AUTH_FAILURE_WINDOW', '1 minute'],
    ['AUDIT_CHECKPOINT_INTERVAL', 'x'],
    ['UPLOAD_MAX_BYTES', '12'],
    ['UPLOAD_MAX_DURATION', '6 hours'],
    ['UPLOAD_MAX_CHANNELS', '9'],
    ['UPLOAD_IDLE_TIMEOUT', 'soon'],
    ['UPLOAD_IDLE_TIMEOUT', '500ms'],
    ['UPLOAD_MAX_CONCURRENT_PER_TENANT', '0'],
    ['UPLOAD_MAX_CONCURRENT_PER_TENANT', '17'],
    ['LOG_LEVEL', 'loud'],
    ['LOG_FORMAT', 'xml'],
    ['METRICS_PORT', '70000'],
    ['HTTP_KEEP_ALIVE_TIMEOUT', '500ms'],
    ['HTTP_HEADERS_TIMEOUT', '10s'],
    ['METRICS_TOKEN', 'short'],
    ['SHUTDOWN_TIMEOUT', '-5s'],
    ['CONSOLE_TOKEN_SIGNIN', 'maybe'],
    ['DEV_ISSUER_REDIRECT_URIS', 'javascript:alert(1)'],
    ['DEV_ISSUER_REDIRECT_URIS', 'http://localhost:3000/console/signed-in,/relative'],
    ['DEV_ISSUER_TOKEN_TTL', '1s'],
    ['WEBHOOK_EVENT_RETENTION_DAYS', '0'],
    ['WEBHOOK_EVENT_RETENTION_DAYS', '-5'],
    ['WEBHOOK_EVENT_RETENTION_DAYS', '30d'],
    ['BULK_JOB_ARCHIVE_RETENTION_DAYS', '0'],
    ['BULK_JOB_ARCHIVE_RETENTION_DAYS', '7d'],
  ])('stops on a bad %s (%s) and names it', (variable, value) => {
    expect(problem({ [variable]: value })[0]).toBe(variable);
  });

  it.each([
    [{ KMS_ENDPOINT: 'http://127.0.0.1:4599' }, 'KMS_KEY_ID'],
    [{ KMS_KEY_ID: 'alias/vault' }, 'KMS_SIGNING_KEY_ID'],
    [{ OIDC_ISSUER: 'https://id.example.com' }, 'OIDC_AUDIENCE'],
    [{ S3_ACCESS_KEY_ID: 'AKIA' }, 'S3_SECRET_ACCESS_KEY'],
  ])('requires the companion of %j', (env, missing) => {
    expect(problem(env)).toEqual([missing]);
  });

  it('refuses every development stand-in with NODE_ENV=production, naming the variable to set', () => {
    expect(problem({ NODE_ENV: 'production' }).sort()).toEqual([
      'DATABASE_URL',
      'KMS_KEY_ID',
      'OIDC_ISSUER',
      'S3_ENDPOINT',
    ]);
    const production = {
      NODE_ENV: 'production',
      DATABASE_URL: 'postgres://vault@db/vault',
      S3_ENDPOINT: 'https://s3.eu-west-2.amazonaws.com',
      KMS_KEY_ID: 'alias/vault',
      KMS_SIGNING_KEY_ID: 'alias/vault-signing',
      OIDC_ISSUER: 'https://id.example.com',
      OIDC_AUDIENCE: 'vault',
    };
    expect(problem(production)).toEqual([]);
    for (const variable of ['DATABASE_URL', 'S3_ENDPOINT', 'KMS_KEY_ID', 'OIDC_ISSUER'] as const) {
      expect(problem({ ...production, [variable]: '' })).toEqual([variable]);
    }
    expect(problem({ NODE_ENV: 'development' })).toEqual([]);
  });

  it('keeps settled webhook events 30 days unless told otherwise, and refuses a retention of 0 days', () => {
    expect(loadConfig({}).webhookEventRetentionDays).toBe(30);
    expect(loadConfig({ WEBHOOK_EVENT_RETENTION_DAYS: '7' }).webhookEventRetentionDays).toBe(7);
    // 0 would prune every settled event at the next run: a typo must not empty the delivery log.
    expect(() => loadConfig({ WEBHOOK_EVENT_RETENTION_DAYS: '0' })).toThrow(
      'WEBHOOK_EVENT_RETENTION_DAYS must be between 1 and 36500',
    );
  });

  it('reports every bad variable at once', () => {
    expect(problem({ PORT: 'x', S3_BUCKET: 'A' }).sort()).toEqual(['PORT', 'S3_BUCKET']);
  });

  it('never puts a secret into the error message', () => {
    try {
      loadConfig({ DATABASE_URL: 'mysql://vault:hunter2@db/vault' });
      throw new Error('expected a ConfigError');
    } catch (e) {
      expect((e as Error).message).toContain('DATABASE_URL');
      expect((e as Error).message).not.toContain('hunter2');
    }
  });

  it('parses durations', () => {
    expect(parseDuration('250ms')).toBe(250);
    expect(parseDuration('30s')).toBe(30_000);
    expect(parseDuration('7d')).toBe(604_800_000);
    expect(parseDuration('1.5h')).toBeUndefined();
  });
});
