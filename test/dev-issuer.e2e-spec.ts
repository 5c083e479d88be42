import { createHash, randomBytes } from 'node:crypto';
import { startTestApp, type TestApp } from './support/app';

/**
 * The development OpenID provider's authorization-code flow over HTTP:
 * authorize (sign-in page, CSRF), token (PKCE S256, single-use codes,
 * redirect_uri binding, refresh rotation) and end-session, with the error
 * answers RFC 6749 §4.1.2.1 and §5.2 require.
 */
const REDIRECT = 'http://console.test/console/signed-in';
const SIGNED_OUT = 'http://console.test/console/';
const CLIENT = 'vault-console';

const b64url = (b: Buffer) => b.toString('base64url');
const newVerifier = () => b64url(randomBytes(32));
const challengeOf = (v: string) => b64url(createHash('sha256').update(v).digest());

interface SignIn {
  code: string;
  verifier: string;
  location: URL;
}

describe('development OIDC issuer', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ DEV_ISSUER_REDIRECT_URIS: `${REDIRECT},${SIGNED_OUT}` });
    await t.tenant('acme');
  });
  afterAll(() => t.close());

  function authorizeQuery(over: Record<string, string | undefined> = {}, verifier = newVerifier()) {
    const q: Record<string, string | undefined> = {
      client_id: CLIENT,
      redirect_uri: REDIRECT,
      response_type: 'code',
      scope: 'openid offline_access',
      code_challenge: challengeOf(verifier),
      code_challenge_method: 'S256',
      state: 'st-1',
      ...over,
    };
    return Object.fromEntries(Object.entries(q).filter(([, v]) => v !== undefined)) as Record<string, string>;
  }

  async function openForm(verifier: string) {
    const res = await t.http().get('/dev-oidc/authorize').query(authorizeQuery({}, verifier)).expect(200);
    const field = (name: string) => new RegExp(`name="${name}" value="([^"]+)"`).exec(res.text)?.[1] as string;
    const cookie = (res.headers['set-cookie'] as unknown as string[]).find((c) => c.startsWith('vault_dev_oidc_csrf='));
    return { res, request: field('request'), csrf: field('csrf'), cookie: (cookie ?? '').split(';')[0] };
  }

  async function signIn(role = 'qa', tenant = 'acme'): Promise<SignIn> {
    const verifier = newVerifier();
    const form = await openForm(verifier);
    const res = await t
      .http()
      .post('/dev-oidc/authorize')
      .set('Cookie', form.cookie)
      .type('form')
      .send({ request: form.request, csrf: form.csrf, tenant, role, subject: `${role}-person`, action: 'sign-in' })
      .expect(303);
    const location = new URL(res.headers.location);
    return { code: location.searchParams.get('code') as string, verifier, location };
  }

  const token = (form: Record<string, string>) => t.http().post('/dev-oidc/token').type('form').send(form);
  const redeem = (s: SignIn, over: Record<string, string> = {}) =>
    token({
      grant_type: 'authorization_code',
      client_id: CLIENT,
      code: s.code,
      redirect_uri: REDIRECT,
      code_verifier: s.verifier,
      ...over,
    });

  it('publishes a discovery document naming its endpoints, S256 PKCE and ES256', async () => {
    const res = await t.http().get('/dev-oidc/.well-known/openid-configuration').set('Host', 'vault.test').expect(200);
    expect(res.body).toMatchObject({
      issuer: 'http://vault.test/dev-oidc',
      authorization_endpoint: 'http://vault.test/dev-oidc/authorize',
      token_endpoint: 'http://vault.test/dev-oidc/token',
      end_session_endpoint: 'http://vault.test/dev-oidc/end-session',
      jwks_uri: 'http://vault.test/dev-oidc/jwks.json',
      code_challenge_methods_supported: ['S256'],
      id_token_signing_alg_values_supported: ['ES256'],
    });
  });

  it('shows a CSP-locked sign-in page and redirects with a code, the state and the issuer', async () => {
    const form = await openForm(newVerifier());
    expect(form.res.headers['content-security-policy']).toContain("default-src 'none'");
    expect(form.res.headers['content-security-policy']).toContain("form-action 'self' http://console.test");
    expect(form.cookie).toMatch(/^vault_dev_oidc_csrf=/);
    expect(form.res.headers['set-cookie'][0]).toMatch(/HttpOnly; SameSite=Strict/);
    const s = await signIn();
    expect(`${s.location.origin}${s.location.pathname}`).toBe(REDIRECT);
    expect(s.location.searchParams.get('state')).toBe('st-1');
    expect(s.location.searchParams.get('iss')).toMatch(/\/dev-oidc$/);
    expect(s.code).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('exchanges code + verifier for tokens the API accepts with the chosen role and tenant', async () => {
    const s = await signIn('legal');
    const res = await redeem(s).expect(200);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.body).toMatchObject({ token_type: 'Bearer', expires_in: 600, scope: 'openid offline_access' });
    const me = await t.http().get('/v1/tenants/current').set('Authorization', `Bearer ${res.body.access_token}`);
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ name: 'acme', principal: { kind: 'user', role: 'legal' } });
    const id = JSON.parse(Buffer.from(res.body.id_token.split('.')[1], 'base64url').toString());
    expect(id).toMatchObject({ aud: CLIENT, sub: 'legal-person', vault_role: 'legal', vault_tenant: 'acme' });
  });

  it('refuses a wrong code_verifier with invalid_grant, and the code is spent', async () => {
    const s = await signIn();
    const bad = await redeem(s, { code_verifier: newVerifier() }).expect(400);
    expect(bad.body).toEqual({ error: 'invalid_grant', error_description: expect.stringContaining('code_verifier') });
    expect((await redeem(s).expect(400)).body.error).toBe('invalid_grant');
  });

  it('refuses a missing or malformed verifier with invalid_request', async () => {
    expect((await redeem(await signIn(), { code_verifier: 'short' }).expect(400)).body.error).toBe('invalid_request');
    const s = await signIn();
    const res = await token({
      grant_type: 'authorization_code',
      client_id: CLIENT,
      code: s.code,
      redirect_uri: REDIRECT,
    });
    expect(res.status).toBe(400);
    expect(res.body.error).toBe('invalid_request');
  });

  it('refuses a reused code and revokes the refresh token the first use issued', async () => {
    const s = await signIn();
    const first = await redeem(s).expect(200);
    const again = await redeem(s).expect(400);
    expect(again.body).toEqual({ error: 'invalid_grant', error_description: 'authorization code already used' });
    const refresh = await token({
      grant_type: 'refresh_token',
      client_id: CLIENT,
      refresh_token: first.body.refresh_token,
    });
    expect(refresh.status).toBe(400);
    expect(refresh.body.error).toBe('invalid_grant');
  });

  it('redeems a code once when the same code arrives on overlapping requests', async () => {
    const s = await signIn();
    const results = await Promise.all(Array.from({ length: 8 }, () => redeem(s)));
    expect(results.filter((r) => r.status === 200)).toHaveLength(1);
    expect(results.filter((r) => r.status === 400 && r.body.error === 'invalid_grant')).toHaveLength(7);
  });

  it('refuses a code presented after its 60 s lifetime', async () => {
    const s = await signIn();
    const later = Date.now() + 61_000;
    // The issuer runs in this process: move its clock past the code's expiry.
    const clock = jest.spyOn(Date, 'now').mockReturnValue(later);
    try {
      const res = await redeem(s).expect(400);
      expect(res.body).toEqual({ error: 'invalid_grant', error_description: 'authorization code expired' });
    } finally {
      clock.mockRestore();
    }
  });

  it('refuses a redirect_uri other than the one the code was issued for', async () => {
    const wrong = await redeem(await signIn(), { redirect_uri: SIGNED_OUT }).expect(400);
    expect(wrong.body.error).toBe('invalid_grant');
    expect(wrong.body.error_description).toContain('redirect_uri');
    const absent = await token({ grant_type: 'authorization_code', client_id: CLIENT, code: (await signIn()).code });
    expect(absent.body.error).toBe('invalid_grant');
  });

  it('answers unknown clients, grant types, codes and bodies per RFC 6749 §5.2', async () => {
    const s = await signIn();
    expect((await redeem(s, { client_id: 'someone-else' }).expect(401)).body.error).toBe('invalid_client');
    expect((await redeem(s, { grant_type: 'password' }).expect(400)).body.error).toBe('unsupported_grant_type');
    expect((await redeem(s, { code: b64url(randomBytes(32)) }).expect(400)).body.error).toBe('invalid_grant');
    const json = await t.http().post('/dev-oidc/token').send({ grant_type: 'authorization_code' }).expect(400);
    expect(json.body.error).toBe('invalid_request');
    // The code was not spent by the failed attempts that never reached it.
    expect((await redeem(s)).status).toBe(200);
  });

  it('never redirects to an unregistered redirect_uri or for an unknown client', async () => {
    for (const over of [
      { redirect_uri: 'http://evil.test/cb' },
      { redirect_uri: `${REDIRECT}/x` },
      { client_id: 'x' },
    ]) {
      const res = await t.http().get('/dev-oidc/authorize').query(authorizeQuery(over));
      expect(res.status).toBe(400);
      expect(res.headers.location).toBeUndefined();
    }
  });

  it('redirects protocol errors back to the client with the state', async () => {
    const cases: [Record<string, string | undefined>, string][] = [
      [{ code_challenge: undefined }, 'invalid_request'],
      [{ code_challenge_method: 'plain' }, 'invalid_request'],
      [{ response_type: 'token' }, 'unsupported_response_type'],
      [{ prompt: 'none' }, 'login_required'],
    ];
    for (const [over, error] of cases) {
      const res = await t.http().get('/dev-oidc/authorize').query(authorizeQuery(over)).expect(303);
      const loc = new URL(res.headers.location);
      expect(`${loc.origin}${loc.pathname}`).toBe(REDIRECT);
      expect(loc.searchParams.get('error')).toBe(error);
      expect(loc.searchParams.get('state')).toBe('st-1');
      expect(loc.searchParams.get('code')).toBeNull();
    }
  });

  it('refuses a sign-in form without the CSRF cookie or with a forged value', async () => {
    const form = await openForm(newVerifier());
    const body = {
      request: form.request,
      csrf: form.csrf,
      tenant: 'acme',
      role: 'qa',
      subject: 'x',
      action: 'sign-in',
    };
    const noCookie = await t.http().post('/dev-oidc/authorize').type('form').send(body).expect(400);
    expect(noCookie.headers.location).toBeUndefined();
    const forged = await t
      .http()
      .post('/dev-oidc/authorize')
      .set('Cookie', 'vault_dev_oidc_csrf=forged')
      .type('form')
      .send({ ...body, csrf: 'forged' })
      .expect(400);
    expect(forged.headers.location).toBeUndefined();
    // The forged attempts consumed the request: even the right pair no longer works.
    await t.http().post('/dev-oidc/authorize').set('Cookie', form.cookie).type('form').send(body).expect(400);
  });

  it('shows the form again for an unknown tenant, and cancelling redirects with access_denied', async () => {
    const form = await openForm(newVerifier());
    const base = { request: form.request, csrf: form.csrf, role: 'qa', subject: 'x' };
    const send = (extra: Record<string, string>) =>
      t
        .http()
        .post('/dev-oidc/authorize')
        .set('Cookie', form.cookie)
        .type('form')
        .send({ ...base, ...extra });
    const unknown = await send({ tenant: 'nobody', action: 'sign-in' }).expect(400);
    expect(unknown.text).toContain('There is no tenant named &quot;nobody&quot;');
    const cancel = await send({ tenant: 'acme', action: 'cancel' }).expect(303);
    expect(new URL(cancel.headers.location).searchParams.get('error')).toBe('access_denied');
  });

  it('rotates refresh tokens, and a replayed one ends the session', async () => {
    const first = (await redeem(await signIn('qa')).expect(200)).body;
    const refresh = (rt: string) => token({ grant_type: 'refresh_token', client_id: CLIENT, refresh_token: rt });
    const second = await refresh(first.refresh_token).expect(200);
    expect(second.body.refresh_token).not.toBe(first.refresh_token);
    const me = await t.http().get('/v1/tenants/current').set('Authorization', `Bearer ${second.body.access_token}`);
    expect(me.body.principal.role).toBe('qa');
    expect((await refresh(first.refresh_token).expect(400)).body.error).toBe('invalid_grant');
    expect((await refresh(second.body.refresh_token).expect(400)).body.error).toBe('invalid_grant');
  });

  it('ends the session at end-session: refresh tokens stop working, and only registered URIs are redirected to', async () => {
    const tokens = (await redeem(await signIn()).expect(200)).body;
    const out = await t
      .http()
      .get('/dev-oidc/end-session')
      .query({ id_token_hint: tokens.id_token, post_logout_redirect_uri: SIGNED_OUT, state: 'bye' })
      .expect(303);
    expect(out.headers.location).toBe(`${SIGNED_OUT}?state=bye`);
    const refresh = await token({
      grant_type: 'refresh_token',
      client_id: CLIENT,
      refresh_token: tokens.refresh_token,
    });
    expect(refresh.body.error).toBe('invalid_grant');
    const evil = await t
      .http()
      .get('/dev-oidc/end-session')
      .query({ client_id: CLIENT, post_logout_redirect_uri: 'http://evil.test/' })
      .expect(200);
    expect(evil.headers.location).toBeUndefined();
  });

  it('tells the console where to sign in, without paste-token sign-in by default', async () => {
    const res = await t.http().get('/console/settings.json').set('Host', 'vault.test').expect(200);
    expect(res.body).toEqual({
      issuer: 'http://vault.test/dev-oidc',
      clientId: CLIENT,
      scope: 'openid offline_access',
      tokenSignIn: false,
      roleClaim: 'vault_role',
      tenantClaim: 'vault_tenant',
    });
  });

  it('is absent when a real issuer is configured, whose origin the console may then reach', async () => {
    const real = await startTestApp({ OIDC_ISSUER: 'https://id.example.com/realms/cc', OIDC_AUDIENCE: 'vault' });
    try {
      const settings = await real.http().get('/console/settings.json').expect(200);
      expect(settings.body.issuer).toBe('https://id.example.com/realms/cc');
      expect(settings.headers['content-security-policy']).toContain("connect-src 'self' https://id.example.com;");
      for (const p of ['/dev-oidc/.well-known/openid-configuration', '/dev-oidc/authorize', '/dev-oidc/jwks.json'])
        await real.http().get(p).expect(404);
      await real.http().post('/dev-oidc/token').type('form').send({ grant_type: 'refresh_token' }).expect(404);
    } finally {
      await real.close();
    }
  });
});
