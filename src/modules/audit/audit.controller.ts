import { Controller, Get, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Returns, ReturnsContent, ValidQuery } from '../../common/contract/contract.decorators';
import { openApiSchema } from '../../common/contract/openapi-schema';
import { CurrentPrincipal, RequirePermission } from '../../common/access/access.decorators';
import type { Principal } from '../../common/access/permissions';
import { AuditPage, AuditVerification } from './audit.contract';
import { AuditQuerySchema, AuditQueryService, type AuditQuery } from './audit.query';
import { AuditVerifier } from './audit.verifier';

@ApiTags('audit')
@Controller('v1/audit')
export class AuditController {
  constructor(
    private readonly query: AuditQueryService,
    private readonly verifier: AuditVerifier,
  ) {}

  @Get('events')
  @RequirePermission('audit.read', 'Query the tenant’s audit events (JSON, or JSONL export)', ['VALIDATION_FAILED'])
  @ReturnsContent(200, {
    description: 'one page of events (format=json), or one event per line (format=jsonl)',
    headers: { 'Next-Cursor': { description: 'format=jsonl: the cursor of the next page; absent at the end' } },
    content: {
      'application/json': { schema: openApiSchema(AuditPage, 'output') },
      'application/x-ndjson': { schema: { type: 'string' } },
    },
  })
  async events(
    @CurrentPrincipal() p: Principal,
    @ValidQuery(AuditQuerySchema) q: AuditQuery,
    @Res({ passthrough: true }) res: Response,
  ) {
    const page = await this.query.find(p.tenantId, q);
    if (q.format === 'jsonl') {
      res.type('application/x-ndjson');
      if (page.nextCursor) res.setHeader('Next-Cursor', page.nextCursor);
      return page.items.map((i: unknown) => JSON.stringify(i)).join('\n') + (page.items.length ? '\n' : '');
    }
    return page;
  }

  @Get('verify')
  @RequirePermission(
    'audit.verify',
    'Verify the whole hash chain, its signed checkpoints and their object-store anchors. The chain is shared by every tenant, so its size is not shown (use `vault audit:verify` as the operator)',
  )
  @Returns(200, AuditVerification, {
    description: 'valid, or the problem found; the chain is shared, so no counts are shown',
  })
  async verify() {
    const r = await this.verifier.verify();
    return {
      valid: r.valid,
      ok: r.ok,
      ...(r.problem ? { problem: r.problem } : {}),
      message: r.valid ? 'the audit chain verified' : `the audit chain does not verify (${r.problem})`,
      anchors: { objectLock: r.anchors.objectLock, note: r.anchors.note },
    };
  }
}
