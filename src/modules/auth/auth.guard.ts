import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { AppException } from '../../common/errors/app.exception';
import { correlationId, routePath } from '../../common/request';
import { AuditService } from '../audit/audit.service';
import { requestOrigin } from '../audit/audit.interceptor';
import { AuthFailureThrottle } from './auth-failure.throttle';
import { PERMISSION_KEY, PLAYBACK_TOKEN_KEY, PUBLIC_KEY, type LinkTarget } from '../../common/access/access.decorators';
import { Authenticator } from './authenticator';
import { PlaybackTokenService } from './playback-token.service';
import { roleHas, type Permission, type Principal } from '../../common/access/permissions';

/**
 * Global guard, deny by default: a route needs `@RequirePermission` or
 * `@Public`. Every refusal is audited before it is answered.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly authenticator: Authenticator,
    private readonly throttle: AuthFailureThrottle,
    private readonly audit: AuditService,
    private readonly playback: PlaybackTokenService,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const targets = [ctx.getHandler(), ctx.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;
    const req = ctx.switchToHttp().getRequest<Request>();
    const permission = this.reflector.getAllAndOverride<Permission | undefined>(PERMISSION_KEY, targets);
    if (!permission) {
      await this.deny(req, 'route.undeclared', 'FORBIDDEN', 'route has no declared permission');
      throw new AppException('FORBIDDEN', 'Route has no declared permission');
    }
    const credential = bearer(req);
    const token = typeof req.query.token === 'string' ? req.query.token : undefined;
    const linkTarget = this.reflector.getAllAndOverride<LinkTarget | undefined>(PLAYBACK_TOKEN_KEY, targets);
    let result: Principal | { failure: string };
    if (credential) result = await this.authenticator.authenticate(credential);
    else if (token && linkTarget) {
      const playback = await this.playback.verify(token, req.params.id, linkTarget);
      result = playback?.principal ?? { failure: 'invalid or expired playback token' };
      req.tokenPurpose = playback?.purpose;
      if (playback)
        req.auditDetails = {
          ...req.auditDetails,
          playbackLink: { id: playback.principal.id, issuer: playback.issuer },
        };
    } else result = { failure: 'no credentials' };
    if ('failure' in result) {
      // Only a failed attempt is throttled: a valid credential is never refused for others' failures.
      const verdict = await this.throttle.fail(req, credential ?? token);
      if (verdict.limited) {
        await this.deny(
          req,
          permission,
          'TOO_MANY_AUTH_FAILURES',
          `too many failed authentications: ${result.failure}`,
        );
        throw new AppException('TOO_MANY_AUTH_FAILURES', 'Too many failed authentication attempts; retry later', {
          headers: verdict.headers,
        });
      }
      await this.deny(req, permission, 'UNAUTHENTICATED', result.failure);
      throw new AppException('UNAUTHENTICATED', 'Missing or invalid credentials', {
        headers: { 'WWW-Authenticate': 'Bearer', ...verdict.headers },
      });
    }
    req.principal = result;
    if (!roleHas(result.role, permission)) {
      await this.deny(req, permission, 'FORBIDDEN', `role ${result.role} lacks ${permission}`);
      throw new AppException('FORBIDDEN', `Role ${result.role} may not ${permission}`);
    }
    return true;
  }

  private async deny(req: Request, action: string, code: string, reason: string): Promise<void> {
    const p = req.principal;
    await this.audit.append({
      actor: p
        ? { kind: p.kind, id: p.id, role: p.role, tenant: p.tenantId }
        : { kind: 'anonymous', id: null, role: null, tenant: null },
      action,
      resource: { type: 'route', id: `${req.method} ${routePath(req) ?? req.path}` },
      outcome: 'denied',
      origin: requestOrigin(req),
      correlationId: correlationId(req),
      details: { code, reason },
    });
  }
}

function bearer(req: Request): string | undefined {
  const h = req.headers.authorization;
  if (!h) return undefined;
  const m = /^Bearer\s+(\S+)$/i.exec(h);
  return m?.[1];
}
