import { z } from 'zod';
import { Id } from '../../common/contract/shapes';
import { RecordingStatus } from '../recordings/recording.contract';
import { UploadMetadataSchema } from '../recordings/upload-metadata.schema';

/** What the ingest routes take and answer with; the OpenAPI document and the typed client are generated from these. */
export const ConsentBody = z.object({ consent: UploadMetadataSchema.shape.consent.unwrap().min(1) }).strict();

export const UploadAccepted = z
  .object({
    id: Id,
    status: RecordingStatus,
    links: z.object({ self: z.string(), audio: z.string(), redactions: z.string(), consent: z.string() }),
    cardDataMasked: z
      .array(z.string())
      .describe('paths of free-text fields whose card data was masked before anything was stored'),
  })
  .meta({ id: 'UploadAccepted' });

export const ConsentAdded = z.object({
  id: Id,
  status: RecordingStatus,
  added: z.int(),
  cardDataMasked: z.array(z.string()).describe('paths of evidence fields whose card data was masked'),
});

export const UploadMetadata = UploadMetadataSchema.meta({ id: 'UploadMetadata' });
