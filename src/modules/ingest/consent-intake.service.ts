import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { z } from 'zod';
import { AppException } from '../../common/errors/app.exception';
import { auditRequestIn } from '../../common/request-audit';
import { guardCardData } from '../../common/validation';
import type { Principal } from '../../common/access/permissions';
import { JobService } from '../jobs/job.service';
import { RecordingRepository } from '../recordings/recording.repository';
import { RecordingService } from '../recordings/recording.service';
import type { ConsentBody } from './ingest.contract';

/** Consent that arrives after the upload, while the recording is still undecided. */
@Injectable()
export class ConsentIntakeService {
  constructor(
    private readonly ds: DataSource,
    private readonly recordings: RecordingService,
    private readonly recordingRows: RecordingRepository,
    private readonly jobs: JobService,
  ) {}

  async add(p: Principal, id: string, body: z.infer<typeof ConsentBody>) {
    // Card data typed into evidence is masked before anything is stored (an id holding one is refused).
    const guarded = guardCardData(body, '');
    const { consent } = guarded.value as z.infer<typeof ConsentBody>;
    const rec = await this.recordings.get(p, id);
    if (rec.status !== 'received' && rec.status !== 'awaiting_consent') {
      throw new AppException('CONFLICT', `Consent can no longer change the decision: the recording is ${rec.status}`);
    }
    const refs = new Set((await this.recordingRows.findParticipants(rec.id)).map((x) => x.ref));
    const unknown = consent.findIndex((c) => c.participant !== '*' && !refs.has(c.participant));
    if (unknown >= 0) {
      throw new AppException('VALIDATION_FAILED', `consent[${unknown}].participant: unknown participant`, {
        details: [{ path: `consent[${unknown}].participant`, message: 'unknown participant' }],
      });
    }
    await this.ds.transaction(async (m) => {
      await this.recordingRows.insertConsentEvents(m, rec, consent, 'api');
      await this.jobs.send('recording.consent', { recordingId: rec.id }, { manager: m });
      await auditRequestIn(m);
    });
    return { id: rec.id, status: rec.status, added: consent.length, cardDataMasked: guarded.masked };
  }
}
