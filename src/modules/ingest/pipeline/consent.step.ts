import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { APP_CONFIG } from '../../../config/config.module';
import type { AppConfig } from '../../../config/config';
import { decideConsent, type ConsentDecision } from '../../consent/consent.decision';
import { ConsentRulesService } from '../../legal/consent-rules.service';
import type { RecordingEntity } from '../../recordings/recording.entity';
import { PipelineSupport } from './pipeline.support';

/**
 * Step 1: may this call be kept at all? Runs before any audio is touched.
 * When the decision says late consent could still save the call (nobody has
 * consented yet under a one-party rule, a required party's consent is
 * missing), the recording waits in `awaiting_consent` for `POST …/consent`
 * until `CONSENT_WAIT` has passed; a refusal that leaves nothing to keep is final.
 */
@Injectable()
export class ConsentStep implements OnModuleInit {
  constructor(
    private readonly pipeline: PipelineSupport,
    private readonly rules: ConsentRulesService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.pipeline.jobs.handle('recording.consent', ({ recordingId }) => this.run(recordingId));
  }

  async run(recordingId: string): Promise<void> {
    const rec = await this.pipeline.load(recordingId);
    if (!rec || (rec.status !== 'received' && rec.status !== 'awaiting_consent')) return;
    const provisionalMs = rec.metadata?.endedAt
      ? Date.parse(rec.metadata.endedAt) - Date.parse(rec.metadata.startedAt)
      : this.config.upload.maxDurationSec * 1000;
    const decision = await this.decide(rec, Math.max(1, provisionalMs));
    if (decision.outcome !== 'rejected') {
      const moved = await this.pipeline.fenced(async (m) => {
        const ok = await this.pipeline.transition(m, rec.id, ['received', 'awaiting_consent'], {
          status: 'processing',
          consentDecision: decision,
          processingStartedAt: new Date(),
        });
        if (!ok) return false;
        await this.pipeline.jobs.send('recording.redact', { recordingId: rec.id }, { manager: m });
        await this.pipeline.events.record(m, rec.tenantId, 'recording.processing', {
          recordingId: rec.id,
          externalCallId: rec.externalCallId,
          status: 'processing',
        });
        return true;
      });
      if (!moved) return;
      this.pipeline.moved(rec, 'processing', `consent ${decision.outcome}`);
      await this.pipeline.record(rec, 'recording.consent', 'success', { outcome: decision.outcome });
      return;
    }
    const waitUntil = rec.createdAt.getTime() + this.config.consentWaitMs;
    if (decision.waitForConsent && Date.now() < waitUntil) {
      const reason = decision.reasons.at(0)?.code ?? 'CONSENT_MISSING';
      const waiting = await this.pipeline.fenced(async (m) => {
        const ok = await this.pipeline.transition(m, rec.id, ['received', 'awaiting_consent'], {
          status: 'awaiting_consent',
          consentDecision: decision,
        });
        if (!ok) return false;
        await this.pipeline.jobs.send(
          'recording.consent',
          { recordingId: rec.id },
          { manager: m, startAfter: new Date(waitUntil) },
        );
        // Each consent check while waiting moves it again: the platform hears of the wait once.
        if (rec.status !== 'awaiting_consent')
          await this.pipeline.events.record(m, rec.tenantId, 'recording.awaiting_consent', {
            recordingId: rec.id,
            externalCallId: rec.externalCallId,
            status: 'awaiting_consent',
            reasonCode: reason,
          });
        return true;
      });
      if (waiting)
        this.pipeline.moved(
          rec,
          'awaiting_consent',
          `${reason}: waiting for consent until ${new Date(waitUntil).toISOString()}`,
        );
      return;
    }
    const reason = decision.reasons.at(0);
    await this.pipeline.end(
      rec,
      'rejected',
      reason?.code ?? 'CONSENT_INSUFFICIENT',
      reason?.message ?? 'consent is insufficient',
      {
        consentDecision: decision,
      },
    );
  }

  /** The decision for `durationMs` of audio; the redaction step decides again with the measured duration. */
  async decide(rec: RecordingEntity, durationMs: number): Promise<ConsentDecision> {
    const [participants, events] = await Promise.all([
      this.pipeline.recordings.findParticipants(rec.id),
      this.pipeline.recordings.findConsentEvents(rec.id, 'received'),
    ]);
    const { ruleSet, overrides } = await this.rules.forTenant(rec.tenantId);
    return decideConsent(
      {
        startedAt: rec.startedAt?.toISOString(),
        durationMs,
        participants: participants.map((p) => ({ id: p.ref, role: p.role, jurisdiction: p.jurisdiction ?? undefined })),
        consent: events.map((e) => ({
          id: e.id,
          participant: e.participantRef,
          kind: e.kind,
          method: e.method as never,
          at: e.at?.toISOString(),
          offsetMs: e.offsetMs ?? undefined,
          evidence: e.evidence,
        })),
      },
      ruleSet,
      overrides,
    );
  }
}
