import { Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { z } from 'zod';
import { CurrentPrincipal, RequirePermission } from '../../common/access/access.decorators';
import type { Principal } from '../../common/access/permissions';
import { Returns, ValidBody, ValidQuery } from '../../common/contract/contract.decorators';
import { AuditPage } from '../audit/audit.contract';
import { AttachOutcome, MatterHoldList, MatterList, MatterReleaseOutcome, MatterView } from './legal.contract';
import {
  AttachSchema,
  CreateMatterSchema,
  MatterAuditQuery,
  MatterListQuery,
  MatterService,
  ReleaseMatterSchema,
} from './matter.service';

/**
 * Legal's matters. Every request about a matter is audited with the matter as
 * its resource, so the matter's audit trail is those events; attach and
 * release add what they changed.
 */
@ApiTags('legal')
@Controller('v1/matters')
export class MatterController {
  constructor(private readonly matters: MatterService) {}

  @Post()
  @HttpCode(201)
  @RequirePermission('matter.create', 'Open a matter (a case) to hold recordings under', [
    'VALIDATION_FAILED',
    'CONFLICT',
  ])
  @Returns(201, MatterView, { description: 'the matter' })
  async create(
    @CurrentPrincipal() p: Principal,
    @ValidBody(CreateMatterSchema, {
      example: { name: 'Smith v. Acme', reference: 'Smith v. Acme 2026-113', description: 'billing dispute' },
    })
    input: z.infer<typeof CreateMatterSchema>,
  ) {
    return this.matters.create(p, input);
  }

  @Get()
  @RequirePermission('matter.read', 'The tenant’s matters, newest first, with their hold counts', ['VALIDATION_FAILED'])
  @Returns(200, MatterList, { description: 'the matters' })
  async list(@CurrentPrincipal() p: Principal, @ValidQuery(MatterListQuery) q: z.infer<typeof MatterListQuery>) {
    return { items: await this.matters.list(p, q.limit) };
  }

  @Get(':id')
  @RequirePermission('matter.read', 'One matter with its hold counts', ['MATTER_NOT_FOUND'])
  @Returns(200, MatterView, { description: 'the matter' })
  get(@CurrentPrincipal() p: Principal, @Param('id') id: string) {
    return this.matters.get(p, id);
  }

  @Get(':id/holds')
  @RequirePermission('matter.read', 'Every hold the matter placed, active and released, oldest first', [
    'MATTER_NOT_FOUND',
  ])
  @Returns(200, MatterHoldList, { description: 'the holds, each with its call' })
  async holds(@CurrentPrincipal() p: Principal, @Param('id') id: string) {
    return { items: await this.matters.holdList(p, id) };
  }

  @Post(':id/recordings')
  @HttpCode(201)
  @RequirePermission(
    'matter.hold',
    'Attach recordings to the matter — by the filter of GET /v1/recordings (at most 1000) or by ids — placing a hold that names the matter on each it does not hold yet; idempotent',
    ['VALIDATION_FAILED', 'MATTER_NOT_FOUND'],
  )
  @Returns(201, AttachOutcome, {
    description:
      'the holds placed, and what was already held, deleted or not found (201 also when a repeat places none)',
  })
  async attach(
    @CurrentPrincipal() p: Principal,
    @Param('id') id: string,
    @ValidBody(AttachSchema, {
      example: { filter: { from: '2026-11-01T00:00:00Z', to: '2026-12-01T00:00:00Z' }, reason: 'litigation hold' },
    })
    input: z.infer<typeof AttachSchema>,
  ) {
    // The request's audit event, with what was placed, is written in the holds' transaction.
    return this.matters.attach(p, id, input);
  }

  @Post(':id/release')
  @HttpCode(200)
  @RequirePermission('matter.hold', 'Release every hold the matter has in force, with one reason', [
    'VALIDATION_FAILED',
    'MATTER_NOT_FOUND',
  ])
  @Returns(200, MatterReleaseOutcome, { description: 'holds released; recordings another matter still holds' })
  async release(
    @CurrentPrincipal() p: Principal,
    @Param('id') id: string,
    @ValidBody(ReleaseMatterSchema, { example: { reason: 'matter settled' } })
    { reason }: z.infer<typeof ReleaseMatterSchema>,
  ) {
    return this.matters.release(p, id, reason);
  }

  @Get(':id/audit')
  @RequirePermission('matter.read', 'The matter’s audit trail: every request about it, in chain order', [
    'VALIDATION_FAILED',
    'MATTER_NOT_FOUND',
  ])
  @Returns(200, AuditPage, { description: 'one page of events' })
  trail(
    @CurrentPrincipal() p: Principal,
    @Param('id') id: string,
    @ValidQuery(MatterAuditQuery) q: z.infer<typeof MatterAuditQuery>,
  ) {
    return this.matters.auditTrail(p, id, q);
  }
}
