import { Injectable } from '@nestjs/common';
import { TenantService } from '../tenants/tenant.service';
import { ApiKeyService } from './api-key.service';
import { STAFF_ROLES, type Principal, type Role } from '../../common/access/permissions';
import { TokenService } from './token.service';

/** Turns a bearer credential into a principal, or a reason it could not. */
@Injectable()
export class Authenticator {
  constructor(
    private readonly tenants: TenantService,
    private readonly apiKeys: ApiKeyService,
    private readonly tokens: TokenService,
  ) {}

  async authenticate(credential: string): Promise<Principal | { failure: string }> {
    if (credential.startsWith('crv_')) {
      const key = await this.apiKeys.verify(credential);
      if (!key) return { failure: 'unknown or revoked API key' };
      const tenant = await this.tenants.find({ id: key.tenantId });
      if (!tenant) return { failure: 'unknown tenant' };
      return { kind: 'api-key', id: key.id, role: key.role, tenantId: tenant.id, tenantName: tenant.name };
    }
    let token;
    try {
      token = await this.tokens.verify(credential);
    } catch (e) {
      return { failure: `invalid token (${(e as { code?: string }).code ?? 'unverifiable'})` };
    }
    if (typeof token.role !== 'string' || !(STAFF_ROLES as readonly string[]).includes(token.role)) {
      return { failure: 'token carries no staff role' };
    }
    if (typeof token.tenant !== 'string') return { failure: 'token carries no tenant' };
    const tenant = await this.tenants.find({ name: token.tenant });
    if (!tenant) return { failure: 'unknown tenant' };
    return { kind: 'user', id: token.subject, role: token.role as Role, tenantId: tenant.id, tenantName: tenant.name };
  }
}
