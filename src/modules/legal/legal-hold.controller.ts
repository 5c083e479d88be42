import { Controller, Delete, Get, HttpCode, Param, Post, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { z } from 'zod';
import { CurrentPrincipal, RequirePermission } from '../../common/access/access.decorators';
import type { Principal } from '../../common/access/permissions';
import { Returns, ValidBody } from '../../common/contract/contract.decorators';
import { LegalHoldList, LegalHoldView } from './legal.contract';
import { LegalHoldService, PlaceHoldSchema, ReleaseHoldSchema } from './legal-hold.service';

@ApiTags('legal')
@Controller('v1/recordings/:id/holds')
export class LegalHoldController {
  constructor(private readonly holds: LegalHoldService) {}

  @Get()
  @RequirePermission('recording.hold', 'Every legal hold ever placed on the recording', ['RECORDING_NOT_FOUND'])
  @Returns(200, LegalHoldList, { description: 'active and released holds' })
  async list(@CurrentPrincipal() p: Principal, @Param('id') id: string) {
    return { items: await this.holds.list(p, id) };
  }

  @Post()
  @HttpCode(201)
  @RequirePermission(
    'recording.hold',
    'Place a legal hold: no retention, erasure or manual deletion until every hold is released; a deleted recording is 409 `RECORDING_DELETED`',
    ['VALIDATION_FAILED', 'RECORDING_NOT_FOUND', 'RECORDING_DELETED'],
  )
  @Returns(201, LegalHoldView, { description: 'the hold placed' })
  @Returns(200, LegalHoldView, {
    description: 'the matter already holds the recording: its hold, unchanged (one hold per matter per recording)',
  })
  async place(
    @CurrentPrincipal() p: Principal,
    @Param('id') id: string,
    @ValidBody(PlaceHoldSchema, { example: { matter: 'Smith v. Acme 2026-113', reason: 'litigation hold notice' } })
    input: z.infer<typeof PlaceHoldSchema>,
    @Res({ passthrough: true }) res: Response,
  ) {
    const { hold, placed } = await this.holds.place(p, id, input);
    if (!placed) res.status(200);
    return hold;
  }

  @Delete(':holdId')
  @HttpCode(200)
  @RequirePermission('recording.hold', 'Release one hold; the recording stays held while any other hold is active', [
    'VALIDATION_FAILED',
    'RECORDING_NOT_FOUND',
    'HOLD_NOT_FOUND',
    'HOLD_RELEASED',
  ])
  @Returns(200, LegalHoldView, { description: 'the released hold' })
  release(
    @CurrentPrincipal() p: Principal,
    @Param('id') id: string,
    @Param('holdId') holdId: string,
    @ValidBody(ReleaseHoldSchema, { optional: true, example: { reason: 'matter settled' } })
    { reason }: z.infer<typeof ReleaseHoldSchema>,
  ) {
    return this.holds.release(p, id, holdId, reason);
  }
}
