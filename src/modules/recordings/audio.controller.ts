import { Controller, Get, Head, HttpCode, Param, Post, Req, Res, StreamableFile } from '@nestjs/common';
import { ApiHeader, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { z } from 'zod';
import { Returns, ReturnsContent, ValidBody } from '../../common/contract/contract.decorators';
import { AllowPlaybackToken, CurrentPrincipal, RequirePermission } from '../../common/access/access.decorators';
import type { Principal } from '../../common/access/permissions';
import { AudioService } from './audio.service';
import { TranscriptService } from './transcript.service';
import { PlaybackBody, PlaybackLink, RedactedTranscript, Waveform } from './recording.contract';

const audio = { schema: { type: 'string', contentMediaType: 'audio/*' } };
const audioHeaders = {
  'Accept-Ranges': { description: 'bytes' },
  'Content-Length': { description: 'bytes in this response' },
  ETag: { description: 'changes when the stored object changes (If-Range)' },
};

@ApiTags('recordings')
@Controller('v1/recordings/:id')
export class AudioController {
  constructor(
    private readonly audio: AudioService,
    private readonly transcripts: TranscriptService,
  ) {}

  @Get('transcript')
  @RequirePermission(
    'recording.stream',
    'The redacted transcript: word timings, card data shown only as its kind ("[card number]", "[cvv]", "[expiry]"), consent-trimmed words left out',
    ['RECORDING_NOT_FOUND', 'RECORDING_NOT_AVAILABLE', 'TRANSCRIPT_NOT_FOUND'],
  )
  @ApiHeader({ name: 'X-Access-Purpose', required: false, description: 'why the transcript is read; audited' })
  @Returns(200, RedactedTranscript, { description: 'the redacted word timeline' })
  transcript(@CurrentPrincipal() p: Principal, @Param('id') id: string) {
    return this.transcripts.read(p, id);
  }

  @Get('audio')
  @AllowPlaybackToken()
  @RequirePermission('recording.stream', 'Stream the redacted audio (HTTP Range; 206 for a range)', [
    'RECORDING_NOT_FOUND',
    'RECORDING_NOT_AVAILABLE',
    'RANGE_NOT_SATISFIABLE',
  ])
  @ApiHeader({ name: 'Range', required: false, description: 'one range: bytes=a-b, bytes=a- or bytes=-n' })
  @ApiHeader({ name: 'X-Access-Purpose', required: false, description: 'why the audio is accessed; audited' })
  @ApiQuery({
    name: 'token',
    required: false,
    description: 'playback token from POST …/playback, instead of Authorization',
    schema: { type: 'string' },
  })
  @ReturnsContent(200, {
    description: 'the whole redacted audio',
    content: { 'audio/*': audio },
    headers: audioHeaders,
  })
  @ReturnsContent(206, {
    description: 'the requested range',
    content: { 'audio/*': audio },
    headers: { ...audioHeaders, 'Content-Range': { description: 'bytes a-b/total' } },
  })
  async stream(
    @CurrentPrincipal() p: Principal,
    @Param('id') id: string,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    const out = await this.audio.prepare(p, id, req.headers.range, req.headers['if-range']);
    this.writeHeaders(res, out);
    req.auditDetails = {
      ...req.auditDetails,
      range: out.range ? `bytes=${out.range.start}-${out.range.end}` : 'full',
      bytes: out.length,
    };
    const body = await out.open();
    return new StreamableFile(body).setErrorHandler((_err, response) => response.destroy?.());
  }

  @Head('audio')
  @AllowPlaybackToken()
  @RequirePermission('recording.stream', 'Headers of the redacted audio (size, type, ETag)', [
    'RECORDING_NOT_FOUND',
    'RECORDING_NOT_AVAILABLE',
  ])
  @ReturnsContent(200, { description: 'the headers a GET would send, no body', headers: audioHeaders })
  async head(
    @CurrentPrincipal() p: Principal,
    @Param('id') id: string,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    const out = await this.audio.prepare(p, id, req.headers.range, req.headers['if-range']);
    this.writeHeaders(res, out);
    res.end();
  }

  @Get('waveform')
  @RequirePermission(
    'recording.waveform',
    'The redacted audio’s waveform: the peak of every msPerPeak milliseconds (0–255, base64 bytes), ' +
      'computed once from the verified output; shredded with the recording',
    ['RECORDING_NOT_FOUND', 'RECORDING_NOT_AVAILABLE', 'WAVEFORM_NOT_FOUND'],
  )
  @Returns(200, Waveform, { description: 'the peaks of the redacted audio' })
  async waveform(@CurrentPrincipal() p: Principal, @Param('id') id: string, @Res({ passthrough: true }) res: Response) {
    res.setHeader('Cache-Control', 'private, no-store');
    return this.audio.waveform(p, id);
  }

  @Post('playback')
  @HttpCode(201)
  @RequirePermission(
    'recording.stream',
    'A playback URL for an <audio> element, valid ≤ 5 minutes, bound to you, the recording and the purpose',
    ['VALIDATION_FAILED', 'RECORDING_NOT_FOUND', 'RECORDING_NOT_AVAILABLE'],
  )
  @Returns(201, PlaybackLink, {
    description: 'the URL to play',
    example: {
      url: '/v1/recordings/3d6f0a4e-8b1c-4f5e-9a7d-2c1b0e9f8a76/audio?token=eyJhbGciOi…',
      expiresAt: '2026-11-30T14:08:12.000Z',
    },
  })
  async playback(
    @CurrentPrincipal() p: Principal,
    @Param('id') id: string,
    @ValidBody(PlaybackBody, { example: { purpose: 'QA review' } }) { purpose }: z.infer<typeof PlaybackBody>,
    @Req() req: Request,
  ) {
    req.auditDetails = { purpose };
    return this.audio.playbackLink(p, id, purpose);
  }

  private writeHeaders(res: Response, out: Awaited<ReturnType<AudioService['prepare']>>): void {
    res.status(out.range ? 206 : 200);
    res.setHeader('Accept-Ranges', 'bytes');
    res.setHeader('Content-Type', out.contentType);
    res.setHeader('Content-Length', String(out.length));
    res.setHeader('ETag', out.etag);
    res.setHeader('Cache-Control', 'private, no-store');
    if (out.range) res.setHeader('Content-Range', `bytes ${out.range.start}-${out.range.end}/${out.total}`);
  }
}
