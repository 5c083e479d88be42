import { Controller, Get, Param } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { z } from 'zod';
import { Returns, ValidQuery } from '../../common/contract/contract.decorators';
import { CurrentPrincipal, RequirePermission } from '../../common/access/access.decorators';
import type { Principal } from '../../common/access/permissions';
import { RecordingDetail, RecordingPage, RedactionsView } from './recording.contract';
import { detail, ListRecordingsSchema, RecordingService } from './recording.service';

@ApiTags('recordings')
@Controller('v1/recordings')
export class RecordingController {
  constructor(private readonly recordings: RecordingService) {}

  @Get()
  @RequirePermission('recording.list', 'List the tenant’s recordings by date received (newest first unless sort=asc)', [
    'VALIDATION_FAILED',
  ])
  @Returns(200, RecordingPage, { description: 'one page of recordings' })
  list(@CurrentPrincipal() p: Principal, @ValidQuery(ListRecordingsSchema) q: z.infer<typeof ListRecordingsSchema>) {
    return this.recordings.list(p, q);
  }

  @Get(':id')
  @RequirePermission('recording.read', 'One recording: status, decision and report summary', ['RECORDING_NOT_FOUND'])
  @Returns(200, RecordingDetail, { description: 'the recording' })
  async get(@CurrentPrincipal() p: Principal, @Param('id') id: string) {
    return detail(await this.recordings.get(p, id));
  }

  @Get(':id/redactions')
  @RequirePermission(
    'recording.redactions',
    'The redaction report: spans muted (notes: luhn-failed, misheard-digits, joined-across-interruptions, unexpected-length, ' +
      'segment-level, found-after-redaction), detectors run and not run, transcript format, granularity and language (and why), the stored output ' +
      'codec (and its FLAC fallback reason), verification; metadataMasked lists free-text metadata fields whose card data was masked at upload',
    ['RECORDING_NOT_FOUND'],
  )
  @Returns(200, RedactionsView, { description: 'the report, null until the recording has been redacted' })
  async redactions(@CurrentPrincipal() p: Principal, @Param('id') id: string) {
    const rec = await this.recordings.get(p, id);
    return {
      recordingId: rec.id,
      status: rec.status,
      report: rec.redactionReport,
      // Card data typed into free-text metadata (consent evidence), masked before it was stored.
      metadataMasked: rec.metadata?.cardDataMasked ?? [],
    };
  }
}
