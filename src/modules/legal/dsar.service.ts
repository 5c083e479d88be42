import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { AuditService } from '../audit/audit.service';
import type { Principal } from '../../common/access/permissions';
import { E164, maskPhone, PhoneHasher } from '../tenants/phone-hasher';
import { actorOf, DeletionService } from './deletion.service';
import { EvidenceBuilder } from './evidence.builder';

const phone = z.string().regex(E164, 'must be an E.164 number, e.g. +14155550134');
export const DsarLookupSchema = z.strictObject({ phone });
export const DsarEraseSchema = z.strictObject({ phone, reason: z.string().trim().min(1).max(2000) });

interface Match {
  id: string;
  externalCallId: string;
  status: string;
  startedAt: Date | null;
  legalHold: boolean;
  participants: { id: string; role: string }[];
}

/**
 * Data-subject requests by phone number. The number is looked up only through
 * the tenant's keyed hash and never stored or logged: audit details carry the
 * masked form.
 */
@Injectable()
export class DsarService {
  constructor(
    @Inject(DataSource) private readonly ds: DataSource,
    private readonly hasher: PhoneHasher,
    private readonly evidence: EvidenceBuilder,
    private readonly deletion: DeletionService,
    private readonly audit: AuditService,
  ) {}

  async search(p: Principal, e164: string): Promise<{ phone: string; items: Match[] }> {
    const hmac = await this.hasher.hash(p.tenantId, e164);
    const rows = await this.ds.query(
      `SELECT r.id, r.external_call_id, r.status, r.started_at, r.legal_hold,
              json_agg(json_build_object('id', pt.ref, 'role', pt.role) ORDER BY pt.ref) AS participants
         FROM participants pt JOIN recordings r ON r.id = pt.recording_id AND r.tenant_id = pt.tenant_id
        WHERE pt.tenant_id = $1 AND pt.phone_hmac = $2
        GROUP BY r.id ORDER BY r.started_at NULLS LAST, r.created_at, r.id`,
      [p.tenantId, hmac],
    );
    return {
      phone: maskPhone(e164),
      items: rows.map((r: Record<string, unknown>) => ({
        id: r.id,
        externalCallId: r.external_call_id,
        status: r.status,
        startedAt: r.started_at,
        legalHold: r.legal_hold,
        participants: r.participants,
      })),
    };
  }

  /** Every recording's signed evidence, and where its audio can be played while it exists. */
  async export(p: Principal, e164: string) {
    const found = await this.search(p, e164);
    const items = [];
    for (const m of found.items) {
      const bundle = await this.evidence.build(p, m.id);
      // Each bundle is an evidence read of that recording, so it shows in the recording's own access history.
      await this.audit.append({
        actor: { kind: p.kind, id: p.id, role: p.role, tenant: p.tenantId },
        action: 'recording.evidence',
        resource: { type: 'recording', id: m.id },
        outcome: 'success',
        purpose: 'data-subject access request',
        details: { via: 'dsar.export', phone: found.phone },
      });
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

  /** Crypto-shreds every recording with the number, except held ones (refusal recorded) and ones still in the pipeline (`pending`: retry). */
  async erase(p: Principal, e164: string, reason: string) {
    const found = await this.search(p, e164);
    const erased: { id: string; certificateId: string }[] = [];
    const held: { id: string; holdIds: string[] }[] = [];
    const alreadyDeleted: string[] = [];
    const pending: string[] = [];
    const detail = `data-subject erasure request: ${reason}`;
    for (const m of found.items) {
      const out = await this.deletion.shred(p.tenantId, m.id, 'erasure', actorOf(p), detail);
      if (out.outcome === 'deleted') erased.push({ id: m.id, certificateId: out.certificateId });
      else if (out.outcome === 'blocked') held.push({ id: m.id, holdIds: out.holdIds });
      else if (out.outcome === 'already-deleted') alreadyDeleted.push(m.id);
      else pending.push(m.id);
    }
    return { phone: found.phone, erased, held, alreadyDeleted, pending };
  }
}
