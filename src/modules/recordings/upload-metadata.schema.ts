import { z } from 'zod';
import { InputDateTime } from '../../common/contract/shapes';
import { CAPTION_FORMATS, VENDOR_FORMATS, type TranscriptFormat } from '../redaction/transcript/transcript.parser';
import { E164 } from '../tenants/phone-hasher';

const JURISDICTION = /^[A-Z]{2}(-[A-Z0-9]{1,3})?$/;
const REF = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9._:-]+$/, 'use letters, digits and . _ : -');
const ms = z
  .number()
  .int()
  .min(0)
  .max(24 * 3600 * 1000);
/** What was spoken: a BCP 47 tag ("de-DE") or a language name ("german"); overrides what the document says. */
const LANGUAGE = z
  .string()
  .max(35)
  .regex(/^[A-Za-z]{2,}([-_][A-Za-z0-9]{1,8})*$/, 'must be a language tag like de-DE');

const word = z
  .object({
    text: z.string().max(100),
    startMs: ms,
    endMs: ms,
    channel: z.number().int().min(0).max(7).nullable().optional(),
    confidence: z.number().min(0).max(1).optional(),
    speaker: z.string().max(64).optional(),
  })
  .strict()
  .refine((w) => w.endMs >= w.startMs, { error: 'endMs must not be before startMs', path: ['endMs'] });

/**
 * The upload's `metadata` part (docs/ARCHITECTURE.md, "The upload contract").
 * Cross-field rules report the JSON path of the offending field.
 */
export const UploadMetadataSchema = z
  .object({
    externalCallId: z
      .string()
      .min(1)
      .max(200)
      .regex(/^[A-Za-z0-9._:/-]+$/, 'use letters, digits and . _ : / -'),
    startedAt: InputDateTime,
    endedAt: InputDateTime.optional(),
    direction: z.enum(['inbound', 'outbound', 'internal']).optional(),
    callbackUrl: z
      .string()
      .max(2000)
      .optional()
      .describe(
        'where to post this recording’s webhook events as well (Standard Webhooks, signed with the tenant’s webhook secret); ' +
          'https, public addresses only — the same policy as the tenant webhook',
      ),
    participants: z
      .array(
        z
          .object({
            id: REF,
            role: z.enum(['customer', 'agent', 'third-party']),
            phone: z.string().regex(E164, 'must be an E.164 number like +14155550134').optional(),
            jurisdiction: z.string().regex(JURISDICTION, 'must be ISO 3166-1 alpha-2 or 3166-2 like US-CA').optional(),
          })
          .strict(),
      )
      .min(1)
      .max(20),
    channels: z
      .array(z.object({ index: z.number().int().min(0).max(7), participant: REF }).strict())
      .max(8)
      .optional(),
    consent: z
      .array(
        z
          .object({
            participant: z.union([REF, z.literal('*')]),
            kind: z.enum(['granted', 'declined', 'revoked', 'notified']),
            method: z.enum(['ivr-keypress', 'verbal', 'announcement', 'written', 'agent-attested']),
            at: InputDateTime.optional(),
            offsetMs: ms.optional(),
            evidence: z.record(z.string(), z.unknown()).optional(),
          })
          .strict(),
      )
      .max(100)
      .optional(),
    markers: z
      .array(
        z
          .object({ kind: z.enum(['pause', 'secure-flow']), startMs: ms, endMs: ms })
          .strict()
          .refine((m) => m.endMs > m.startMs, { error: 'endMs must be after startMs', path: ['endMs'] }),
      )
      .max(1000)
      .optional(),
    // Vendor documents and captions are checked field by field by the transcript parser after this.
    transcript: z
      .discriminatedUnion('format', [
        z
          .object({ format: z.literal('words'), words: z.array(word).max(200_000), language: LANGUAGE.optional() })
          .strict(),
        z
          .object({
            format: z.enum(VENDOR_FORMATS),
            document: z.record(z.string(), z.unknown()),
            language: LANGUAGE.optional(),
          })
          .strict(),
        z
          .object({
            format: z.enum(CAPTION_FORMATS),
            text: z.string().max(32 * 1024 * 1024),
            language: LANGUAGE.optional(),
          })
          .strict(),
      ])
      .optional(),
  })
  .strict()
  .superRefine((m, ctx) => {
    const ids = new Set<string>();
    m.participants.forEach((p, i) => {
      if (ids.has(p.id))
        ctx.addIssue({ code: 'custom', path: ['participants', i, 'id'], message: 'duplicate participant id' });
      ids.add(p.id);
    });
    const known = (ref: string) => ref === '*' || ids.has(ref);
    m.channels?.forEach((c, i, all) => {
      if (!ids.has(c.participant))
        ctx.addIssue({ code: 'custom', path: ['channels', i, 'participant'], message: 'unknown participant' });
      if (all.findIndex((o) => o.index === c.index) !== i)
        ctx.addIssue({ code: 'custom', path: ['channels', i, 'index'], message: 'duplicate channel index' });
    });
    m.consent?.forEach((c, i) => {
      if (!known(c.participant))
        ctx.addIssue({ code: 'custom', path: ['consent', i, 'participant'], message: 'unknown participant' });
    });
    if (m.endedAt && Date.parse(m.endedAt) < Date.parse(m.startedAt))
      ctx.addIssue({ code: 'custom', path: ['endedAt'], message: 'must not be before startedAt' });
    if (m.transcript?.format === 'words') {
      const words = m.transcript.words;
      const callMs = m.endedAt ? Date.parse(m.endedAt) - Date.parse(m.startedAt) : undefined;
      for (let i = 0; i < words.length; i++) {
        if (i > 0 && words[i].startMs < words[i - 1].startMs) {
          ctx.addIssue({
            code: 'custom',
            path: ['transcript', 'words', i, 'startMs'],
            message: 'words must be in time order',
          });
          break;
        }
        if (callMs !== undefined && words[i].endMs > callMs) {
          ctx.addIssue({
            code: 'custom',
            path: ['transcript', 'words', i, 'endMs'],
            message: 'word ends after the call ended',
          });
          break;
        }
      }
    }
  });

export type UploadMetadata = z.infer<typeof UploadMetadataSchema>;

/** What the database keeps of the metadata: no transcript (it may contain card digits), no phone numbers. */
export type UploadMetadataStored = Pick<
  UploadMetadata,
  'startedAt' | 'endedAt' | 'direction' | 'channels' | 'markers' | 'callbackUrl'
> & {
  transcriptFormat: TranscriptFormat | null;
  /** JSON paths of free-text fields in which card data was masked before storing, e.g. `metadata.consent[0].evidence.note`. */
  cardDataMasked?: string[];
};
