import { Controller, HttpCode, Post, Req } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import type { z } from 'zod';
import { CurrentPrincipal, RequirePermission } from '../../common/access/access.decorators';
import type { Principal } from '../../common/access/permissions';
import { Returns, ValidBody } from '../../common/contract/contract.decorators';
import { DsarEraseSchema, DsarLookupSchema, DsarService } from './dsar.service';
import { DsarEraseResult, DsarExportResult, DsarSearchResult } from './legal.contract';

const phone = { phone: '+14155550134' };

/** The audit details name the masked number and the recordings touched, never the number itself. */
@ApiTags('legal')
@Controller('v1/dsar')
export class DsarController {
  constructor(private readonly dsar: DsarService) {}

  @Post('search')
  @HttpCode(200)
  @RequirePermission('dsar.manage', 'Recordings of the tenant in which a phone number took part', ['VALIDATION_FAILED'])
  @Returns(200, DsarSearchResult, { description: 'the recordings found' })
  async search(
    @CurrentPrincipal() p: Principal,
    @ValidBody(DsarLookupSchema, { example: phone }) input: z.infer<typeof DsarLookupSchema>,
    @Req() req: Request,
  ) {
    const out = await this.dsar.search(p, input.phone);
    req.auditDetails = { phone: out.phone, recordings: out.items.map((i) => i.id) };
    return out;
  }

  @Post('export')
  @HttpCode(200)
  @RequirePermission('dsar.manage', 'Signed evidence and audio links for every recording with a phone number', [
    'VALIDATION_FAILED',
  ])
  @Returns(200, DsarExportResult, { description: 'one signed evidence bundle per recording' })
  async export(
    @CurrentPrincipal() p: Principal,
    @ValidBody(DsarLookupSchema, { example: phone }) input: z.infer<typeof DsarLookupSchema>,
    @Req() req: Request,
  ) {
    const out = await this.dsar.export(p, input.phone);
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
  @Returns(200, DsarEraseResult, { description: 'what was erased, refused (held) or is still in the pipeline' })
  async erase(
    @CurrentPrincipal() p: Principal,
    @ValidBody(DsarEraseSchema, { example: { ...phone, reason: 'erasure request ER-2026-44' } })
    input: z.infer<typeof DsarEraseSchema>,
    @Req() req: Request,
  ) {
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
