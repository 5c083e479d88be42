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
  @RequirePermission('audit.verify', 'Verify the whole hash chain and its signed checkpoints')
  verify() {
    return this.verifier.verify();
  }
}
