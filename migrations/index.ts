import { CreateFoundation1764097200000 } from './1764097200000-CreateFoundation';
import { CreatePlaybackAndRotation1764100800000 } from './1764100800000-CreatePlaybackAndRotation';
import { AddTenantPhoneKey1764104400000 } from './1764104400000-AddTenantPhoneKey';
import { CreateLegal1764108000000 } from './1764108000000-CreateLegal';
import { CreateIngest1764111600000 } from './1764111600000-CreateIngest';
import { AddTenantWebhook1764115200000 } from './1764115200000-AddTenantWebhook';
import { AddTenantTranscription1764118800000 } from './1764118800000-AddTenantTranscription';
import { CreateJobLeases1764119000000 } from './1764119000000-CreateJobLeases';
import { CreateRecordingTranscripts1764122400000 } from './1764122400000-CreateRecordingTranscripts';
import { CreateAuthFailures1764900000000 } from './1764900000000-CreateAuthFailures';
import { CreateTenantAllowedKeys1764900100000 } from './1764900100000-CreateTenantAllowedKeys';
import { TranscriptSearchWithoutPendingList1764900200000 } from './1764900200000-TranscriptSearchWithoutPendingList';
import { CreateMatters1764900400000 } from './1764900400000-CreateMatters';
import { CreateWebhooks1765000000000 } from './1765000000000-CreateWebhooks';
import { CreateBulkJobs1765000100000 } from './1765000100000-CreateBulkJobs';
import { AddWebhookEventsCreatedIndex1765000200000 } from './1765000200000-AddWebhookEventsCreatedIndex';
import { AddBulkJobTombstones1765100000000 } from './1765100000000-AddBulkJobTombstones';
import { AddRecordingWarnings1765200000000 } from './1765200000000-AddRecordingWarnings';

/** Every migration, in order. Never edit one that has landed; add a new one. */
export const migrations = [
  CreateFoundation1764097200000,
  CreatePlaybackAndRotation1764100800000,
  AddTenantPhoneKey1764104400000,
  CreateLegal1764108000000,
  CreateIngest1764111600000,
  AddTenantWebhook1764115200000,
  AddTenantTranscription1764118800000,
  CreateJobLeases1764119000000,
  CreateRecordingTranscripts1764122400000,
  CreateAuthFailures1764900000000,
  CreateTenantAllowedKeys1764900100000,
  TranscriptSearchWithoutPendingList1764900200000,
  CreateMatters1764900400000,
  CreateWebhooks1765000000000,
  CreateBulkJobs1765000100000,
  AddWebhookEventsCreatedIndex1765000200000,
  AddBulkJobTombstones1765100000000,
  AddRecordingWarnings1765200000000,
];
