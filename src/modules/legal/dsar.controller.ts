import { Body, Controller, HttpCode, Post, Req } from '@nestjs/common';
import { ApiBody, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { parseInput } from '../../common/validation';
import { CurrentPrincipal, RequirePermission } from '../../common/access/access.decorators';
import type { Principal } from '../../common/access/permissions';
import { DsarEraseSchema, DsarLookupSchema, DsarService } from './dsar.service';

const phoneBody = {
  type: 'object',
  required: ['phone'],
  properties: { phone: { type: 'string', example: '+14155550134' } },
};

/** The audit details name the masked number and the recordings touched, never the number itself. */
@ApiTags('legal')
@Controller('v1/dsar')
export class DsarController {
  constructor(private readonly dsar: DsarService) {}

  @Post('search')
  @HttpCode(200)
  @RequirePermission('dsar.manage', 'Recordings of the tenant in which a phone number took part', ['VALIDATION_FAILED'])
  @ApiBody({ schema: phoneBody })
  async search(@CurrentPrincipal() p: Principal, @Body() body: unknown, @Req() req: Request) {
    const out = await this.dsar.search(p, parseInput(DsarLookupSchema, body).phone);
    req.auditDetails = { phone: out.phone, recordings: out.items.map((i) => i.id) };
    return out;
  }

  @Post('export')
  @HttpCode(200)
  @RequirePermission('dsar.manage', 'Signed evidence and audio links for every recording with a phone number', [
    'VALIDATION_FAILED',
  ])
  @ApiBody({ schema: phoneBody })
  async export(@CurrentPrincipal() p: Principal, @Body() body: unknown, @Req() req: Request) {
    const out = await this.dsar.export(p, parseInput(DsarLookupSchema, body).phone);
    req.auditDetails = { phone: out.phone, recordings: out.items.map((i) => i.recording.id) };
    return out;
  }

  @Post('erase')
  @HttpCode(200)
  @RequirePermission(
    'dsar.manage',
    'Crypto-shred every recording with a phone number; held ones are refused and listed',
    ['VALIDATION_FAILED'],
  )
  @ApiBody({
    schema: {
      ...phoneBody,
      required: ['phone', 'reason'],
      properties: { ...phoneBody.properties, reason: { type: 'string' } },
    },
  })
  async erase(@CurrentPrincipal() p: Principal, @Body() body: unknown, @Req() req: Request) {
    const input = parseInput(DsarEraseSchema, body);
    const out = await this.dsar.erase(p, input.phone, input.reason);
    req.auditDetails = {
      phone: out.phone,
      erased: out.erased.map((e) => e.id),
      held: out.held.map((h) => h.id),
      pending: out.pending,
    };
    return out;
  }
}
