import type { Principal } from './common/access/permissions';

declare module 'express-serve-static-core' {
  interface Request {
    principal?: Principal;
    /** Set by the stream endpoint so the request's audit event records what was served. */
    auditDetails?: Record<string, unknown>;
    /** The resource a route created (it had no id in the path), for the request's audit event. */
    auditResourceId?: string;
    /** Paths of the body's free text whose card data was masked (`ValidBody` with a `cardData` guard). */
    cardDataMasked?: string[];
    /** The purpose a playback token was issued for. */
    tokenPurpose?: string;
  }
}
