import Ajv from 'ajv';
import { execFileSync } from 'node:child_process';
import { createPrivateKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parse, parseDocument } from 'yaml';
import { ConfigError, loadConfig } from '../src/config/config';

/**
 * The deployment files, checked the way Docker cannot check them here:
 * docker-compose.yml against the Compose Specification schema and against the
 * service's own configuration schema, the image's Node line against CI's and
 * package.json's, and the production dependency tree against the stand-ins.
 */
const ROOT = path.resolve(__dirname, '..');
const read = (file: string) => readFileSync(path.join(ROOT, file), 'utf8');

interface Service {
  image?: string;
  build?: unknown;
  command?: string[];
  entrypoint?: string[];
  environment?: Record<string, string>;
  volumes?: string[];
  tmpfs?: string[];
  read_only?: boolean;
  restart?: string;
  healthcheck?: { test: string[] };
  depends_on?: Record<string, { condition: string }>;
  configs?: { source: string; target: string }[];
}
interface Compose {
  services: Record<string, Service>;
  volumes?: Record<string, unknown>;
  configs?: Record<string, { content?: string }>;
}

/** YAML as Compose reads it: merge keys (`<<: *anchor`) resolved. */
function parseCompose(text: string): Compose {
  const doc = parseDocument(text, { merge: true });
  if (doc.errors.length) throw doc.errors[0];
  return doc.toJS() as Compose;
}

// The schema names its draft-07 meta-schema by an https URL Ajv does not register; Ajv's default
// meta-schema is that same draft, so the schema is still checked against it.
const { $schema: _draft07, ...composeSchema } = JSON.parse(read('test/schemas/compose-spec.json')) as Record<
  string,
  unknown
>;
const validateCompose = new Ajv({ allErrors: true, strict: false }).compile(composeSchema);

/** Compose's interpolation with nothing set in the shell: `${VAR:-default}` is the default, `$$` a `$`. */
/** What an operator must supply (`${VAR:?message}` in the file). */
const OPERATOR_ENV: Partial<Record<string, string>> = { OIDC_ISSUER: 'https://idp.example.com/realms/contact-centre' };

const interpolate = (value: string) =>
  value.replace(/\$\$|\$\{([A-Z0-9_]+)(?:(:?-|:\?)([^}]*))?\}/g, (match, name?: string, op?: string, rest?: string) => {
    if (match === '$$') return '$';
    if (op === ':?') {
      const given = OPERATOR_ENV[name as string];
      if (given === undefined) throw new Error(`compose requires ${name} from the operator: ${rest}`);
      return given;
    }
    return rest ?? '';
  });

/** The variables the configuration schema reads, recorded by asking it to parse an empty environment. */
function configVariables(): Set<string> {
  const seen = new Set<string>();
  const env = new Proxy<NodeJS.ProcessEnv>(
    {},
    {
      get: (_t, key) => (typeof key === 'string' && seen.add(key), undefined),
      has: (_t, key) => (typeof key === 'string' && seen.add(key), false),
    },
  );
  try {
    loadConfig(env);
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
  }
  return seen;
}

describe('docker-compose.yml', () => {
  const compose = parseCompose(read('docker-compose.yml'));
  const services = Object.entries(compose.services);
  const vaultServices = services.filter(([, s]) => s.build !== undefined);
  const oneShot = (s: Service) => s.restart === 'no';

  it('is valid against the Compose Specification schema', () => {
    const valid = validateCompose(compose);
    expect(validateCompose.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  it('fails the schema when a service is misspelt, so the check above is a real one', () => {
    const broken = parseCompose(read('docker-compose.yml'));
    (broken.services.api as unknown as Record<string, unknown>).heathcheck = broken.services.api.healthcheck;
    (broken.services.worker.depends_on as Record<string, { condition: string }>).api.condition = 'service_ready';
    expect(validateCompose(broken)).toBe(false);
    const paths = (validateCompose.errors ?? []).map((e) => `${e.instancePath} ${e.message}`).join('\n');
    expect(paths).toContain('/services/api');
    expect(paths).toContain('/services/worker/depends_on/api/condition');
  });

  it('pins every image to an exact tag', () => {
    for (const [name, s] of services) {
      const image = s.image ?? '';
      const tag = image.slice(image.lastIndexOf(':') + 1);
      if (s.build !== undefined) continue;
      expect({ name, image, pinned: /\d/.test(tag) && !/^(latest|stable|edge|\d+)$/.test(tag) }).toEqual({
        name,
        image,
        pinned: true,
      });
    }
  });

  it('gives every long-running service a healthcheck and a restart policy, and waits for health', () => {
    for (const [name, s] of services) {
      if (oneShot(s)) continue;
      expect({ name, healthcheck: Array.isArray(s.healthcheck?.test) }).toEqual({ name, healthcheck: true });
      expect({ name, restart: s.restart }).toEqual({
        name,
        restart: expect.stringMatching(/^(always|unless-stopped|on-failure)/),
      });
    }
    for (const [name, s] of services) {
      for (const [dep, { condition }] of Object.entries(s.depends_on ?? {})) {
        const expected = oneShot(compose.services[dep]) ? 'service_completed_successfully' : 'service_healthy';
        expect({ name, dep, condition }).toEqual({ name, dep, condition: expected });
      }
    }
    // The vault reaches every backing service only once it is healthy.
    for (const [name, s] of vaultServices) {
      for (const dep of ['postgres', 'minio', 'kms'])
        expect({ name, dep, waits: dep in (s.depends_on ?? {}) }).toEqual({ name, dep, waits: true });
    }
  });

  it('sets only variables the service reads, and points them at the services defined here', () => {
    const known = configVariables();
    expect(known.has('DATABASE_URL') && known.has('KMS_SIGNING_KEY_ID')).toBe(true);
    expect(vaultServices.map(([name]) => name).sort()).toEqual(['api', 'worker']);
    for (const [name, s] of vaultServices) {
      const unknown = Object.keys(s.environment ?? {}).filter((v) => !known.has(v));
      expect({ name, unknown }).toEqual({ name, unknown: [] });
      const env = s.environment ?? {};
      for (const url of [env.DATABASE_URL, env.S3_ENDPOINT, env.KMS_ENDPOINT]) {
        expect(Object.keys(compose.services)).toContain(new URL(url).hostname);
      }
      // The values are valid too, as the image runs them (NODE_ENV=production).
      const resolved = Object.fromEntries(Object.entries(env).map(([k, v]) => [k, interpolate(v)]));
      expect(() => loadConfig({ ...resolved, NODE_ENV: 'production' })).not.toThrow();
    }
  });

  it('runs the vault read-only and non-root, writing only to its data volume and /tmp', () => {
    for (const [name, s] of vaultServices) {
      const env = s.environment ?? {};
      expect({ name, readOnly: s.read_only, tmpfs: s.tmpfs }).toEqual({ name, readOnly: true, tmpfs: ['/tmp'] });
      expect({ name, volumes: s.volumes }).toEqual({ name, volumes: [`vaultdata:${env.DATA_DIR}`] });
    }
    expect(read('Dockerfile')).toMatch(/mkdir -p \/data && chown node:node \/data[\s\S]*\nUSER node\n/);
  });

  it('declares every named volume it mounts', () => {
    const mounted = services.flatMap(([, s]) => (s.volumes ?? []).map((v) => v.split(':')[0]));
    for (const v of mounted) expect(Object.keys(compose.volumes ?? {})).toContain(v);
  });

  it('creates the object-lock bucket the vault is configured with before the vault starts', () => {
    const init = compose.services['minio-init'];
    const script = [...(init.entrypoint ?? []), ...(init.command ?? [])].join(' ');
    expect(script).toContain('mc mb --ignore-existing --with-lock "stack/$$BUCKET"');
    expect(init.environment?.BUCKET).toBe(compose.services.api.environment?.S3_BUCKET);
    expect(init.image).toBe(compose.services.minio.image);
  });

  it('seeds the KMS emulator with the vault keys: a symmetric wrapping key and a P-256 signing key', () => {
    const env = compose.services.api.environment ?? {};
    const seed = parse(compose.configs?.['kms-seed'].content ?? '') as {
      Keys: {
        Symmetric: { Aes: { Metadata: { KeyId: string }; BackingKeys: string[] }[] };
        Asymmetric: { Ecc: { Metadata: { KeyId: string; KeyUsage: string }; PrivateKeyPem: string }[] };
      };
      Aliases: { AliasName: string; TargetKeyId: string }[];
    };
    const target = (alias: string) => seed.Aliases.find((a) => a.AliasName === alias)?.TargetKeyId;
    const aes = seed.Keys.Symmetric.Aes.find((k) => k.Metadata.KeyId === target(env.KMS_KEY_ID));
    expect(aes?.BackingKeys.every((k) => /^[0-9a-f]{64}$/i.test(k))).toBe(true);
    const ecc = seed.Keys.Asymmetric.Ecc.find((k) => k.Metadata.KeyId === target(env.KMS_SIGNING_KEY_ID));
    expect(ecc?.Metadata.KeyUsage).toBe('SIGN_VERIFY');
    expect(createPrivateKey(ecc?.PrivateKeyPem ?? '').asymmetricKeyDetails?.namedCurve).toBe('prime256v1');
    // Healthy only once the seeded signing key answers.
    expect(compose.services.kms.healthcheck?.test.join(' ')).toContain(`{"KeyId":"${env.KMS_SIGNING_KEY_ID}"}`);
    expect(compose.services.kms.environment?.KMS_REGION).toBe(env.KMS_REGION);
  });
});

describe('.env.example', () => {
  it('lists only variables the service reads', () => {
    const known = configVariables();
    const listed = [...read('.env.example').matchAll(/^#? ?([A-Z][A-Z0-9_]+)=/gm)].map((m) => m[1]);
    expect(listed.length).toBeGreaterThan(30);
    expect(listed.filter((v) => !known.has(v))).toEqual([]);
  });
});

describe('runtime and image', () => {
  const nvmrc = read('.nvmrc').trim();
  const pkg = JSON.parse(read('package.json')) as {
    engines: { node: string };
    optionalDependencies: Record<string, string>;
  };
  const dockerfile = read('Dockerfile');

  it('builds the image on the Node version CI tests on, inside the engines range', () => {
    expect(dockerfile).toContain(`ARG NODE_IMAGE=node:${nvmrc}-bookworm-slim`);
    const [major, minor] = nvmrc.split('.').map(Number);
    const [, wantMajor, wantMinor] = /^\^(\d+)\.(\d+)\.\d+$/.exec(pkg.engines.node) ?? [];
    expect(major).toBe(Number(wantMajor));
    expect(minor).toBeGreaterThanOrEqual(Number(wantMinor));
  });

  it('installs no optional stand-in and no dicer in the production image', () => {
    expect(dockerfile).toContain('npm ci --omit=dev --omit=optional');
    const lock = JSON.parse(read('package-lock.json')) as {
      packages: Record<string, { dev?: boolean; optional?: boolean; devOptional?: boolean }>;
    };
    // What `npm ci --omit=dev --omit=optional` installs: lock entries that are neither dev nor optional.
    const production = Object.entries(lock.packages)
      .filter(([where, p]) => where !== '' && !p.dev && !p.optional && !p.devOptional)
      .map(([where]) => where.slice(where.lastIndexOf('node_modules/') + 'node_modules/'.length));
    expect(production).toContain('@nestjs/core');
    for (const standIn of [...Object.keys(pkg.optionalDependencies), '@20minutes/s3rver', 'dicer', 's3rver'])
      expect(production).not.toContain(standIn);
  });
});

describe('the repository', () => {
  it('is self-contained: no tracked file refers to the shared folder beside it', () => {
    const outside = ['..', 'shared'].join('/');
    const files = execFileSync('git', ['ls-files', '-z'], { cwd: ROOT, encoding: 'utf8' }).split('\0').filter(Boolean);
    expect(files).toContain('test/vectors/wycheproof/c2sp_chunked_encryption_aes_256_gcm_test.json');
    const referring = files.filter((f) => !/\.(json|wav|png|ico)$/.test(f) && read(f).includes(outside));
    expect(referring).toEqual([]);
  });
});
