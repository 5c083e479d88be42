import { Controller, Get, NotFoundException, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeEndpoint, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Public } from '../../common/access/access.decorators';
import { STAFF_ROLES } from '../../common/access/permissions';
import { z } from 'zod';
import { Returns } from '../../common/contract/contract.decorators';
import { TenantService } from '../tenants/tenant.service';
import { DEV_ISSUER } from './dev-issuer';
import { DevIssuerGrants, type AuthorizationRequest } from './dev-issuer.grants';
import { messagePage, pageCsp, SIGN_IN_CSS, signInPage } from './dev-issuer.page';
import { DevIssuerService } from './dev-issuer.service';
import { TokenService } from './token.service';

const Jwks = z.object({ issuer: z.string(), keys: z.array(z.looseObject({ kty: z.string() })) });

const CSRF_COOKIE = 'vault_dev_oidc_csrf';
const FORM_LIMIT_BYTES = 16 * 1024;

type Params = Record<string, string | undefined>;

/**
 * The development OpenID provider: discovery, JWKS, an authorization endpoint
 * with a sign-in page (tenant, role, user name), a token endpoint (authorization
 * code with PKCE S256, refresh tokens) and RP-initiated logout. Every route
 * answers 404 when a real OIDC issuer is configured, which production requires.
 * Its issuer URL is this service's origin + /dev-oidc, as the browser reaches it.
 */
@ApiTags('auth')
@Controller('dev-oidc')
export class DevIssuerController {
  constructor(
    private readonly tokens: TokenService,
    private readonly grants: DevIssuerGrants,
    private readonly issuer: DevIssuerService,
    private readonly tenants: TenantService,
  ) {}

  @Get('jwks.json')
  @Public('Development issuer JWKS (embedded default only)', ['ROUTE_NOT_FOUND'])
  @Returns(200, Jwks, { description: 'the issuer and its public key' })
  async jwks() {
    this.devOnly();
    return { issuer: DEV_ISSUER, keys: [(await this.tokens.devIssuerKey()).publicJwk] };
  }

  @Get('.well-known/openid-configuration')
  @Public('Development issuer discovery document (embedded default only)', ['ROUTE_NOT_FOUND'])
  @Returns(200, z.looseObject({ issuer: z.string() }), {
    description: 'OpenID Provider metadata (OpenID Connect Discovery 1.0)',
  })
  discovery(@Req() req: Request) {
    this.devOnly();
    const issuer = issuerUrl(req);
    return {
      issuer,
      authorization_endpoint: `${issuer}/authorize`,
      token_endpoint: `${issuer}/token`,
      end_session_endpoint: `${issuer}/end-session`,
      jwks_uri: `${issuer}/jwks.json`,
      response_types_supported: ['code'],
      response_modes_supported: ['query'],
      grant_types_supported: ['authorization_code', 'refresh_token'],
      code_challenge_methods_supported: ['S256'],
      token_endpoint_auth_methods_supported: ['none'],
      subject_types_supported: ['public'],
      id_token_signing_alg_values_supported: ['ES256'],
      scopes_supported: ['openid', 'offline_access'],
      authorization_response_iss_parameter_supported: true,
    };
  }

  @Get('sign-in.css')
  @ApiExcludeEndpoint()
  @Public('Development issuer sign-in page style')
  css(@Res() res: Response) {
    this.devOnly();
    res.type('text/css').setHeader('Cache-Control', 'no-cache');
    res.send(SIGN_IN_CSS);
  }

  @Get('authorize')
  @ApiExcludeEndpoint() // an OpenID Connect protocol endpoint of the development issuer, not part of the API
  @Public('Development issuer authorization endpoint: the sign-in page (embedded default only)', ['ROUTE_NOT_FOUND'])
  authorize(@Req() req: Request, @Res() res: Response) {
    this.devOnly();
    const q = queryParams(req);
    // RFC 6749 §4.1.2.1: with an unknown client or redirect URI, tell the user, never redirect.
    if (q.client_id !== this.grants.clientId) {
      this.page(res, 400, messagePage('Sign-in refused', 'Unknown client_id.'));
      return;
    }
    if (!this.grants.isAllowedRedirect(q.redirect_uri)) {
      this.page(res, 400, messagePage('Sign-in refused', 'redirect_uri is not registered for this client.'));
      return;
    }
    const redirect = (error: string, description: string) =>
      redirectWith(res, q.redirect_uri as string, {
        error,
        error_description: description,
        state: q.state,
        iss: issuerUrl(req),
      });
    if (q.response_type !== 'code') {
      redirect('unsupported_response_type', 'only response_type=code is supported');
      return;
    }
    if (!q.code_challenge || !/^[A-Za-z0-9_-]{43}$/.test(q.code_challenge) || q.code_challenge_method !== 'S256') {
      redirect('invalid_request', 'PKCE with code_challenge_method=S256 is required');
      return;
    }
    // No single sign-on session here: a silent request always needs the page.
    if (q.prompt === 'none') {
      redirect('login_required', 'the development issuer keeps no sign-in session');
      return;
    }
    const request: AuthorizationRequest = {
      clientId: q.client_id,
      redirectUri: q.redirect_uri,
      scope: q.scope ?? 'openid',
      codeChallenge: q.code_challenge,
    };
    if (q.state) request.state = q.state;
    if (q.nonce) request.nonce = q.nonce;
    const { requestId, csrf } = this.grants.begin(request);
    res.cookie(CSRF_COOKIE, csrf, { httpOnly: true, sameSite: 'strict', path: '/dev-oidc', secure: req.secure });
    this.page(res, 200, signInPage({ requestId, csrf, clientId: request.clientId }));
  }

  @Post('authorize')
  @ApiExcludeEndpoint() // an OpenID Connect protocol endpoint of the development issuer, not part of the API
  @Public('Development issuer sign-in form submission (embedded default only)', ['ROUTE_NOT_FOUND'])
  async signIn(@Req() req: Request, @Res() res: Response) {
    this.devOnly();
    const f = await formParams(req);
    const requestId = f.request ?? '';
    const pending = this.grants.peekPending(requestId);
    const tenant = f.tenant?.trim() ?? '';
    const subject = f.subject?.trim() ?? '';
    const role = f.role ?? '';
    let problem: string | null = null;
    if (f.action !== 'cancel') {
      if (!(STAFF_ROLES as readonly string[]).includes(role)) problem = 'Choose one of the roles.';
      else if (!subject || subject.length > 100) problem = 'Enter a user name (at most 100 characters).';
      else if (!tenant || !(await this.tenants.find({ name: tenant })))
        problem = `There is no tenant named "${tenant}".`;
    }
    if (problem && pending && f.csrf === pending.csrf && sameCookie(req, pending.csrf)) {
      this.page(
        res,
        400,
        signInPage({
          requestId,
          csrf: pending.csrf,
          clientId: pending.request.clientId,
          tenant,
          role,
          subject,
          error: problem,
        }),
      );
      return;
    }
    const request = this.grants.takePending(requestId, f.csrf ?? '', cookie(req, CSRF_COOKIE));
    if (!request || problem) {
      this.page(
        res,
        400,
        messagePage('Sign-in expired', 'This sign-in form is no longer valid; start again from the console.'),
      );
      return;
    }
    res.clearCookie(CSRF_COOKIE, { path: '/dev-oidc' });
    const iss = issuerUrl(req);
    if (f.action === 'cancel') {
      redirectWith(res, request.redirectUri, {
        error: 'access_denied',
        error_description: 'sign-in cancelled',
        state: request.state,
        iss,
      });
      return;
    }
    const code = this.grants.issueCode(request, { subject, role, tenant });
    redirectWith(res, request.redirectUri, { code, state: request.state, iss });
  }

  @Post('token')
  @ApiExcludeEndpoint() // an OpenID Connect protocol endpoint of the development issuer, not part of the API
  @Public(
    'Development issuer token endpoint: authorization_code (PKCE) and refresh_token grants (embedded default only)',
    ['ROUTE_NOT_FOUND'],
  )
  async token(@Req() req: Request, @Res() res: Response) {
    this.devOnly();
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('Pragma', 'no-cache');
    const fail = (status: number, error: string, description: string) =>
      res.status(status).json({ error, error_description: description });
    if (!req.is('application/x-www-form-urlencoded'))
      return fail(400, 'invalid_request', 'the body must be application/x-www-form-urlencoded');
    let f: Params;
    try {
      f = await formParams(req);
    } catch {
      return fail(400, 'invalid_request', 'the body is too large or unreadable');
    }
    if (f.client_id !== this.grants.clientId) return fail(401, 'invalid_client', 'unknown client_id');
    let grant;
    if (f.grant_type === 'authorization_code') {
      if (!f.code) return fail(400, 'invalid_request', 'code is required');
      grant = this.grants.redeemCode(f.code, f.client_id, f.redirect_uri, f.code_verifier);
    } else if (f.grant_type === 'refresh_token') {
      if (!f.refresh_token) return fail(400, 'invalid_request', 'refresh_token is required');
      grant = this.grants.redeemRefreshToken(f.refresh_token, f.client_id);
    } else {
      return fail(400, 'unsupported_grant_type', 'grant_type must be authorization_code or refresh_token');
    }
    if ('error' in grant) return fail(400, grant.error, grant.description);
    return res
      .status(200)
      .json(await this.issuer.tokenResponse(grant, issuerUrl(req), f.grant_type === 'authorization_code'));
  }

  @Get('end-session')
  @ApiExcludeEndpoint() // an OpenID Connect protocol endpoint of the development issuer, not part of the API
  @Public('Development issuer logout: ends the sign-in session and its refresh tokens (embedded default only)', [
    'ROUTE_NOT_FOUND',
  ])
  async endSession(@Req() req: Request, @Res() res: Response) {
    this.devOnly();
    const q = queryParams(req);
    const session = q.id_token_hint ? await this.issuer.sessionOf(q.id_token_hint, issuerUrl(req)) : null;
    if (session) this.grants.revokeSession(session);
    // Redirect only to a registered URI, and only for a request that proves which client asked.
    const knownClient = session !== null || q.client_id === this.grants.clientId;
    if (q.post_logout_redirect_uri && knownClient && this.grants.isAllowedRedirect(q.post_logout_redirect_uri)) {
      redirectWith(res, q.post_logout_redirect_uri, { state: q.state });
      return;
    }
    this.page(res, 200, messagePage('Signed out', 'You are signed out of the development issuer.'));
  }

  private devOnly(): void {
    if (!this.tokens.usesDevIssuer) throw new NotFoundException();
  }

  private page(res: Response, status: number, html: string): void {
    const targets = [...new Set(this.grants.redirectUris.map((u) => new URL(u).origin))];
    res.setHeader('Content-Security-Policy', pageCsp(targets));
    res.setHeader('Cache-Control', 'no-store');
    res.status(status).type('html').send(html);
  }
}

function issuerUrl(req: Request): string {
  return `${req.protocol}://${req.get('host') ?? 'localhost'}/dev-oidc`;
}

function queryParams(req: Request): Params {
  const out: Params = {};
  for (const [k, v] of Object.entries(req.query)) if (typeof v === 'string') out[k] = v;
  return out;
}

/** The form body (this service parses only JSON globally); a repeated parameter counts as absent. */
async function formParams(req: Request): Promise<Params> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > FORM_LIMIT_BYTES) throw new Error('form too large');
    chunks.push(chunk);
  }
  const out: Params = {};
  const form = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
  for (const k of new Set(form.keys())) if (form.getAll(k).length === 1) out[k] = form.get(k) ?? undefined;
  return out;
}

function cookie(req: Request, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return decodeURIComponent(v.join('='));
  }
  return undefined;
}

function sameCookie(req: Request, csrf: string): boolean {
  return cookie(req, CSRF_COOKIE) === csrf;
}

function redirectWith(res: Response, uri: string, params: Params): void {
  const url = new URL(uri);
  for (const [k, v] of Object.entries(params)) if (v !== undefined) url.searchParams.set(k, v);
  res.setHeader('Cache-Control', 'no-store');
  res.redirect(303, url.toString());
}
