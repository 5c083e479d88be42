import { Injectable } from '@nestjs/common';
import { z } from 'zod';
import { AuditService } from '../audit/audit.service';
import type { Principal } from '../../common/access/permissions';
import { freeText } from '../../common/validation';
import { RecordingRepository, type SubjectMatch } from '../recordings/recording.repository';
import { E164, maskPhone, PhoneHasher } from '../tenants/phone-hasher';
import { actorOf, DeletionService, type DeletionResult } from './deletion.service';
import { EvidenceBuilder, type EvidenceBundle } from './evidence.builder';

const phone = z.string().regex(E164, 'must be an E.164 number, e.g. +14155550134');
export const DsarLookupSchema = z.strictObject({ phone });
export const DsarEraseSchema = z.strictObject({ phone, reason: freeText(2000) });

/**
 * Data-subject requests by phone number. The number is looked up only through
 * the tenant's keyed hash and never stored or logged: audit details carry the
 * masked form.
 */
@Injectable()
export class DsarService {
  constructor(
    private readonly recordings: RecordingRepository,
    private readonly hasher: PhoneHasher,
    private readonly evidence: EvidenceBuilder,
    private readonly deletion: DeletionService,
    private readonly audit: AuditService,
  ) {}

  async search(p: Principal, e164: string): Promise<{ phone: string; items: SubjectMatch[] }> {
    const hmac = await this.hasher.hash(p.tenantId, e164);
    return { phone: maskPhone(e164), items: await this.recordings.findBySubject(p.tenantId, hmac) };
  }

  /** Every recording's signed evidence, and where its audio can be played while it exists. */
  async export(p: Principal, e164: string) {
    const found = await this.search(p, e164);
    const items = [];
    for (const m of found.items) {
      const bundle = await this.exportOne(p, m.id, found.phone, 'dsar.export');
      const playable = m.status === 'available';
      items.push({
        recording: m,
        evidence: bundle,
        links: {
          audio: playable ? `/v1/recordings/${m.id}/audio` : null,
          playback: playable ? `/v1/recordings/${m.id}/playback` : null,
        },
      });
    }
    return { phone: found.phone, items };
  }

  /** One recording's signed evidence for a request about `maskedPhone`, audited as an evidence read of it. */
  async exportOne(p: Principal, recordingId: string, maskedPhone: string, via: string): Promise<EvidenceBundle> {
    const bundle = await this.evidence.build(p, recordingId);
    // Each bundle is an evidence read of that recording, so it shows in the recording's own access history.
    await this.audit.append({
      actor: { kind: p.kind, id: p.id, role: p.role, tenant: p.tenantId },
      action: 'recording.evidence',
      resource: { type: 'recording', id: recordingId },
      outcome: 'success',
      purpose: 'data-subject access request',
      details: { via, phone: maskedPhone },
    });
    return bundle;
  }

  /** Crypto-shred one recording of an erasure request (the one deletion path: holds refuse it). */
  eraseOne(p: Principal, recordingId: string, reason: string): Promise<DeletionResult> {
    return this.deletion.delete(p.tenantId, recordingId, 'erasure', actorOf(p), erasureDetail(reason));
  }

  /** Crypto-shreds every recording with the number, except held ones (refusal recorded) and ones still in the pipeline (`pending`: retry). */
  async erase(p: Principal, e164: string, reason: string) {
    const found = await this.search(p, e164);
    const erased: { id: string; certificateId: string }[] = [];
    const held: { id: string; holdIds: string[] }[] = [];
    const alreadyDeleted: string[] = [];
    const pending: string[] = [];
    for (const m of found.items) {
      const out = await this.eraseOne(p, m.id, reason);
      if (out.outcome === 'deleted') erased.push({ id: m.id, certificateId: out.certificateId });
      else if (out.outcome === 'blocked') held.push({ id: m.id, holdIds: out.holdIds });
      else if (out.outcome === 'already-deleted') alreadyDeleted.push(m.id);
      else pending.push(m.id);
    }
    return { phone: found.phone, erased, held, alreadyDeleted, pending };
  }
}

const erasureDetail = (reason: string) => `data-subject erasure request: ${reason}`;
