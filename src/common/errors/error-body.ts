import { z } from 'zod';
import { ERROR_CODES, type ErrorCode } from './error-codes';

/** The one error shape every failure answers with. */
export const ErrorBody = z
  .object({
    code: z.enum(Object.keys(ERROR_CODES) as [ErrorCode, ...ErrorCode[]]).describe('stable error code'),
    message: z.string().describe('for people; names the offending field where there is one'),
    correlationId: z.string().describe('quote it to support; also in the X-Request-Id header'),
    details: z.unknown().optional().describe('e.g. every field that failed validation, as { path, message }'),
  })
  .meta({ id: 'Error' });
