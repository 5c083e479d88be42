import { z } from 'zod';
import { Id, Timestamp } from '../../common/contract/shapes';
import { RecordingStatus } from '../recordings/recording.contract';

/** What the legal routes answer with; the OpenAPI document and the typed client are generated from these. */
export const LegalHoldView = z
  .object({
    id: Id,
    recordingId: Id,
    matterId: Id.describe('the matter the hold belongs to'),
    matter: z.string().describe('the matter’s reference'),
    reason: z.string(),
    placedBy: z.string(),
    placedAt: Timestamp,
    releasedBy: z.string().nullable(),
    releasedAt: Timestamp.nullable(),
    releaseReason: z.string().nullable(),
    active: z.boolean(),
  })
  .meta({ id: 'LegalHold' });

export const LegalHoldList = z.object({ items: z.array(LegalHoldView) });

export const MatterView = z
  .object({
    id: Id,
    name: z.string(),
    reference: z.string().describe('the case’s own reference; unique in the tenant'),
    description: z.string().nullable(),
    createdBy: z.string(),
    createdAt: Timestamp,
    holds: z.object({
      active: z.int().describe('holds in force: the recordings the matter holds now'),
      released: z.int(),
    }),
  })
  .meta({ id: 'Matter' });

export const MatterList = z.object({ items: z.array(MatterView) });

export const MatterHoldList = z.object({
  items: z.array(LegalHoldView.extend({ externalCallId: z.string() })),
});

export const AttachOutcome = z
  .object({
    placed: z.array(Id).describe('recordings the matter now holds that it did not before'),
    alreadyHeld: z.array(Id).describe('recordings the matter already held (nothing changed)'),
    deleted: z.array(Id).describe('recordings already deleted: nothing left to hold'),
    notFound: z.array(z.string()).describe('ids that are not recordings of this tenant'),
  })
  .meta({ id: 'MatterAttachOutcome' });

export const MatterReleaseOutcome = z
  .object({
    released: z.int().describe('holds released'),
    stillHeld: z.array(Id).describe('recordings that stay on hold under another matter'),
  })
  .meta({ id: 'MatterReleaseOutcome' });

export const DetachedSignature = z
  .object({
    algorithm: z.string(),
    keyId: z.string(),
    signedAt: Timestamp,
    digest: z.string(),
    signature: z.string().describe('DER-encoded ECDSA signature, base64'),
    publicKey: z.string(),
  })
  .meta({ id: 'DetachedSignature' });

const Participant = z.object({
  id: z.string(),
  role: z.string(),
  phone: z.string().nullable().describe('masked'),
  jurisdiction: z.string().nullable(),
});

const ConsentEvent = z.looseObject({
  id: z.string(),
  participant: z.string(),
  kind: z.string(),
  method: z.string(),
  at: Timestamp.nullable(),
  offsetMs: z.number().nullable(),
  source: z.string().nullable(),
});

/** The signed bundle: the parts a reader relies on are typed; the rest is passed through as signed. */
export const EvidenceBundle = z
  .looseObject({
    kind: z.literal('call-recording-evidence'),
    formatVersion: z.literal(1),
    generatedAt: Timestamp,
    tenant: z.object({ id: Id, name: z.string() }),
    recording: z.looseObject({ id: Id, externalCallId: z.string(), status: RecordingStatus }),
    participants: z.array(Participant),
    consent: z.looseObject({ events: z.array(ConsentEvent) }),
    legalHolds: z.array(LegalHoldView),
    signature: DetachedSignature,
  })
  .meta({ id: 'EvidenceBundle' });

export const EvidenceQuery = z.object({
  format: z.enum(['json', 'html']).default('json').describe('html: a printable page'),
});

/** Only the envelope is checked here; everything inside is the verifier's business. */
export const VerifyBody = z.looseObject({ signature: z.record(z.string(), z.unknown()) });

export const VerifyOutcome = z
  .object({ valid: z.boolean(), reason: z.string().optional().describe('why it is not valid') })
  .meta({ id: 'VerifyOutcome' });

const SubjectMatch = z
  .object({
    id: Id,
    externalCallId: z.string(),
    status: RecordingStatus,
    startedAt: Timestamp.nullable(),
    legalHold: z.boolean(),
    participants: z.array(z.object({ id: z.string(), role: z.string() })),
  })
  .meta({ id: 'DsarMatch' });

const masked = z.string().describe('the number, masked');

export const DsarSearchResult = z.object({ phone: masked, items: z.array(SubjectMatch) });

export const DsarExportResult = z.object({
  phone: masked,
  items: z.array(
    z.object({
      recording: SubjectMatch,
      evidence: EvidenceBundle,
      links: z.object({ audio: z.string().nullable(), playback: z.string().nullable() }),
    }),
  ),
});

export const DsarEraseResult = z.object({
  phone: masked,
  erased: z.array(z.object({ id: Id, certificateId: Id })),
  held: z.array(z.object({ id: Id, holdIds: z.array(Id) })).describe('refused: under legal hold'),
  alreadyDeleted: z.array(Id),
  pending: z.array(Id).describe('still in the pipeline: retry'),
});

export const RetentionPolicyView = z
  .object({
    defaultDays: z.int().nullable().describe('null: kept until deleted'),
    byJurisdiction: z.record(z.string(), z.int()),
    updatedAt: Timestamp.nullable(),
    updatedBy: z.string().nullable(),
  })
  .meta({ id: 'RetentionPolicy' });

const StoredOverride = z.object({
  version: z.int().describe('our sequence number for the tenant (1, 2, …)'),
  document: z.looseObject({ version: z.string() }).describe('the override as submitted'),
  createdAt: Timestamp,
  createdBy: z.string(),
});

export const ConsentRulesView = z
  .object({ ruleSet: z.object({ version: z.string() }), override: StoredOverride.nullable() })
  .meta({ id: 'ConsentRules' });

export const ConsentRulesStored = ConsentRulesView.extend({
  cardDataMasked: z
    .array(z.string())
    .describe('paths of citations, notes and references whose card data was masked before anything was stored'),
}).meta({ id: 'ConsentRulesStored' });
