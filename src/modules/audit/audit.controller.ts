import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { parseInput } from '../../common/validation';
import { CurrentPrincipal, RequirePermission } from '../../common/access/access.decorators';
import type { Principal } from '../../common/access/permissions';
import { AuditQuerySchema, AuditQueryService } from './audit.query';
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
  @ApiQuery({ name: 'from', required: false, description: 'ISO 8601, inclusive' })
  @ApiQuery({ name: 'to', required: false, description: 'ISO 8601, exclusive' })
  @ApiQuery({ name: 'actor', required: false })
  @ApiQuery({ name: 'action', required: false })
  @ApiQuery({ name: 'resourceType', required: false })
  @ApiQuery({ name: 'resource', required: false })
  @ApiQuery({ name: 'afterSeq', required: false, description: 'page after this sequence number' })
  @ApiQuery({ name: 'limit', required: false, description: '1-1000, default 100' })
  @ApiQuery({ name: 'format', required: false, enum: ['json', 'jsonl'] })
  async events(@CurrentPrincipal() p: Principal, @Query() raw: unknown, @Res({ passthrough: true }) res: Response) {
    const q = parseInput(AuditQuerySchema, raw, 'query');
    const items = await this.query.find(p.tenantId, q);
    if (q.format === 'jsonl') {
      res.type('application/x-ndjson');
      return items.map((i: unknown) => JSON.stringify(i)).join('\n') + (items.length ? '\n' : '');
    }
    return { items, nextAfterSeq: items.length === q.limit ? items[items.length - 1].seq : null };
  }

  @Get('verify')
  @RequirePermission(
    'audit.verify',
    'Verify the whole hash chain, its signed checkpoints and their object-store anchors. The chain is shared by every tenant, so its size is not shown (use `vault audit:verify` as the operator)',
  )
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
