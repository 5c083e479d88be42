import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBody, ApiTags } from '@nestjs/swagger';
import { parseInput } from '../../common/validation';
import { CurrentPrincipal, RequirePermission } from '../../common/access/access.decorators';
import type { Principal } from '../../common/access/permissions';
import { LegalHoldService, PlaceHoldSchema, ReleaseHoldSchema } from './legal-hold.service';

@ApiTags('legal')
@Controller('v1/recordings/:id/holds')
export class LegalHoldController {
  constructor(private readonly holds: LegalHoldService) {}

  @Get()
  @RequirePermission('recording.hold', 'Every legal hold ever placed on the recording', ['RECORDING_NOT_FOUND'])
  async list(@CurrentPrincipal() p: Principal, @Param('id') id: string) {
    return { items: await this.holds.list(p, id) };
  }

  @Post()
  @HttpCode(201)
  @RequirePermission(
    'recording.hold',
    'Place a legal hold: no retention, erasure or manual deletion until every hold is released',
    ['VALIDATION_FAILED', 'RECORDING_NOT_FOUND', 'CONFLICT'],
  )
  @ApiBody({
    schema: {
      type: 'object',
      required: ['matter', 'reason'],
      properties: { matter: { type: 'string' }, reason: { type: 'string' } },
    },
  })
  place(@CurrentPrincipal() p: Principal, @Param('id') id: string, @Body() body: unknown) {
    return this.holds.place(p, id, parseInput(PlaceHoldSchema, body));
  }

  @Delete(':holdId')
  @HttpCode(200)
  @RequirePermission('recording.hold', 'Release one hold; the recording stays held while any other hold is active', [
    'VALIDATION_FAILED',
    'RECORDING_NOT_FOUND',
    'HOLD_NOT_FOUND',
    'HOLD_RELEASED',
  ])
  @ApiBody({ schema: { type: 'object', required: ['reason'], properties: { reason: { type: 'string' } } } })
  release(
    @CurrentPrincipal() p: Principal,
    @Param('id') id: string,
    @Param('holdId') holdId: string,
    @Body() body: unknown,
  ) {
    return this.holds.release(p, id, holdId, parseInput(ReleaseHoldSchema, body ?? {}).reason);
  }
}
