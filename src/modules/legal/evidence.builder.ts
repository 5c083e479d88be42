import { Injectable } from '@nestjs/common';
import type { Principal } from '../../common/access/permissions';
import { AuditQueryService } from '../audit/audit.query';
import { participantEvidence } from '../consent/consent.evidence';
import { maskDigits } from '../redaction/card-number';
import { maskCardData } from '../redaction/card-text';
import type { RedactionReport } from '../redaction/redaction.types';
import type { RecordingEntity } from '../recordings/recording.entity';
import { RecordingRepository } from '../recordings/recording.repository';
import { RecordingService } from '../recordings/recording.service';
import { TenantService } from '../tenants/tenant.service';
import { DeletionCertificateService } from './deletion-certificate.service';
import { DeletionRepository } from './deletion.repository';
import { DocumentSigner, type DetachedSignature } from './document.signer';
import { BUNDLE_KIND } from './evidence.verifier';
import { LegalHoldService } from './legal-hold.service';

/** Enough for years of normal access; a bundle says when it was cut short. */
const MAX_ACCESS_EVENTS = 5000;

export type EvidenceBundle = Record<string, unknown> & { signature: DetachedSignature };

/**
 * Everything legal needs to show that a recording was lawfully made, kept and
 * accessed, in one JSON document signed through KMS. The document is built as
 * plain JSON (dates as ISO strings) before it is signed, so the bytes a
 * verifier canonicalises are the ones we signed.
 */
@Injectable()
export class EvidenceBuilder {
  constructor(
    private readonly recordings: RecordingService,
    private readonly recordingRows: RecordingRepository,
    private readonly deletions: DeletionRepository,
    private readonly auditLog: AuditQueryService,
    private readonly tenants: TenantService,
    private readonly holds: LegalHoldService,
    private readonly certificates: DeletionCertificateService,
    private readonly signer: DocumentSigner,
  ) {}

  async build(p: Principal, recordingId: string): Promise<EvidenceBundle> {
    const rec = await this.recordings.get(p, recordingId);
    const [tenant, participants, events, holds, blocks, certificate, access] = await Promise.all([
      this.tenants.byId(p.tenantId),
      this.recordingRows.findParticipants(rec.id, p.tenantId),
      this.recordingRows.findConsentEvents(rec.id, 'timeline', p.tenantId),
      this.holds.history(rec.id, p.tenantId),
      this.deletions.findBlocks(rec.id, p.tenantId),
      this.certificates.forRecording(rec.id, p.tenantId),
      this.auditLog.about(rec.id, p.tenantId, MAX_ACCESS_EVENTS + 1),
    ]);
    const consentEvents = events.map((e) => ({
      id: e.id,
      participant: e.participantRef,
      kind: e.kind,
      method: e.method,
      at: e.at,
      offsetMs: e.offsetMs,
      // Masked on the way in; masked again for rows stored before that (and CVV/expiry next to a card).
      evidence: maskCardData(e.evidence ?? null).value,
      source: e.source,
      receivedAt: e.receivedAt,
    }));

    const document = plainJson({
      kind: BUNDLE_KIND,
      formatVersion: 1,
      generatedAt: new Date(),
      generatedBy: { kind: p.kind, id: p.id, role: p.role },
      tenant: { id: tenant.id, name: tenant.name },
      recording: recordingFacts(rec),
      participants: participants.map((r) => ({
        id: r.ref,
        role: r.role,
        phone: r.phoneMasked,
        jurisdiction: r.jurisdiction,
      })),
      consent: {
        events: consentEvents,
        decision: rec.consentDecision ?? null,
        participants: participantEvidence(rec.consentDecision ?? null, consentEvents),
      },
      redaction: redactionSummary(rec.redactionReport),
      legalHolds: holds,
      deletionBlocks: blocks.map((b) => ({
        id: b.id,
        attemptedBy: b.attemptedBy,
        requestedBy: b.requestedBy,
        reason: b.reason,
        holdIds: b.holdIds,
        blockedAt: b.blockedAt,
      })),
      deletionCertificate: certificate,
      accessHistory: {
        source: 'audit_events (hash-chained; verify the chain with GET /v1/audit/verify)',
        truncated: access.length > MAX_ACCESS_EVENTS,
        events: access.slice(0, MAX_ACCESS_EVENTS).map((a) => ({
          seq: Number(a.seq),
          at: a.at,
          actor: { kind: a.actorKind, id: a.actorId, role: a.actorRole },
          action: a.action,
          outcome: a.outcome,
          purpose: a.purpose,
          ip: a.ip,
          details: a.details,
          hash: a.hash.toString('hex'),
        })),
      },
    });
    return { ...document, signature: await this.signer.sign('evidence-bundle', document) };
  }
}

function recordingFacts(r: RecordingEntity) {
  return {
    id: r.id,
    externalCallId: r.externalCallId,
    status: r.status,
    statusReason: r.statusReason,
    direction: r.direction,
    startedAt: r.startedAt,
    durationMs: r.durationMs,
    mediaFormat: r.mediaFormat,
    sampleRate: r.sampleRate,
    channels: r.channels,
    objectSize: r.objectSize,
    objectSha256: r.objectSha256 ? r.objectSha256.toString('hex') : null,
    legalHold: r.legalHold,
    retainUntil: r.retainUntil,
    createdAt: r.createdAt,
  };
}

/** The report without anything that is not needed to judge it; masked values re-checked on the way out. */
function redactionSummary(report: RedactionReport | null) {
  if (!report) return null;
  return {
    mode: report.mode,
    paddingMs: report.paddingMs,
    durationMs: report.durationMs,
    spans: report.spans.map((s) => ({
      startMs: s.startMs,
      endMs: s.endMs,
      channel: s.channel,
      kind: s.kind,
      detector: s.detector,
      confidence: s.confidence,
      masked: safeMasked(s.masked),
    })),
    detectors: report.detectors,
    verification: report.verification,
  };
}

/** At most the last four digits survive, whatever a detector stored. */
function safeMasked(masked: unknown): string {
  const s = typeof masked === 'string' ? masked : '';
  const digits = s.replace(/\D/g, '');
  return digits.length > 4 ? maskDigits(digits) : s;
}

function plainJson(value: unknown): Record<string, unknown> {
  return JSON.parse(JSON.stringify(value)) as Record<string, unknown>;
}
