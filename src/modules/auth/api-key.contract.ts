import { z } from 'zod';
import { Id, Timestamp } from '../../common/contract/shapes';
import { freeText } from '../../common/validation';

export const CreateApiKeyBody = z
  .object({
    role: z.enum(['ingest', 'admin']).describe('ingest: platforms uploading recordings; admin: tenant settings'),
    label: freeText(100).optional().describe('what the key is for'),
  })
  .strict();

export const ApiKeyView = z
  .object({
    id: Id,
    role: z.enum(['ingest', 'admin']),
    prefix: z.string().describe('the key’s first characters, enough to recognise it'),
    label: z.string().nullable(),
    createdAt: Timestamp,
    revokedAt: Timestamp.nullable(),
  })
  .meta({ id: 'ApiKey' });

export const ApiKeyList = z.object({ items: z.array(ApiKeyView) });

export const CreatedApiKey = ApiKeyView.extend({
  key: z.string().describe('the secret; shown once, store it now'),
}).meta({ id: 'CreatedApiKey' });
