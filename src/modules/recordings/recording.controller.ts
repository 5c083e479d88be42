import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiQuery, ApiTags } from '@nestjs/swagger';
import { parseInput } from '../../common/validation';
import { CurrentPrincipal, RequirePermission } from '../../common/access/access.decorators';
import type { Principal } from '../../common/access/permissions';
import { detail, ListRecordingsSchema, RecordingService } from './recording.service';

@ApiTags('recordings')
@Controller('v1/recordings')
export class RecordingController {
  constructor(private readonly recordings: RecordingService) {}

  @Get()
  @RequirePermission('recording.list', 'List the tenant’s recordings by date received (newest first unless sort=asc)', [
    'VALIDATION_FAILED',
  ])
  @ApiQuery({ name: 'status', required: false })
  @ApiQuery({ name: 'externalCallId', required: false })
  @ApiQuery({ name: 'from', required: false, description: 'call start, ISO 8601' })
  @ApiQuery({ name: 'to', required: false })
  @ApiQuery({
    name: 'phone',
    required: false,
    description: 'a participant’s number, E.164 (matched by its keyed hash)',
  })
  @ApiQuery({ name: 'jurisdiction', required: false, description: 'a participant’s jurisdiction, e.g. US-CA' })
  @ApiQuery({ name: 'hasRedactions', required: false, enum: ['true', 'false'] })
  @ApiQuery({ name: 'onHold', required: false, enum: ['true', 'false'] })
  @ApiQuery({
    name: 'q',
    required: false,
    description:
      'words said (qa and legal only): full-text search over the redacted transcripts, web-search syntax ("exact phrase", or, -word); redacted card data is never indexed',
  })
  @ApiQuery({ name: 'sort', required: false, enum: ['desc', 'asc'], description: 'by date received; default desc' })
  @ApiQuery({ name: 'before', required: false, description: 'page (sort=desc): nextBefore of the previous page' })
  @ApiQuery({ name: 'after', required: false, description: 'page (sort=asc): nextAfter of the previous page' })
  @ApiQuery({ name: 'limit', required: false })
  list(@CurrentPrincipal() p: Principal, @Query() raw: unknown) {
    return this.recordings.list(p, parseInput(ListRecordingsSchema, raw, 'query'));
  }

  @Get(':id')
  @RequirePermission('recording.read', 'One recording: status, decision and report summary', ['RECORDING_NOT_FOUND'])
  async get(@CurrentPrincipal() p: Principal, @Param('id') id: string) {
    return detail(await this.recordings.get(p, id));
  }

  @Get(':id/redactions')
  @RequirePermission(
    'recording.redactions',
    'The redaction report: spans muted (notes: luhn-failed, misheard-digits, joined-across-interruptions, unexpected-length, ' +
      'segment-level), detectors run and not run, transcript format, granularity and language (and why), the stored output ' +
      'codec (and its FLAC fallback reason), verification; metadataMasked lists free-text metadata fields whose card data was masked at upload',
    ['RECORDING_NOT_FOUND'],
  )
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
