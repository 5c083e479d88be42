import { z } from 'zod';

/** Shapes many routes share. Timestamps are sent as ISO 8601 in UTC. */
export const Timestamp = z.iso.datetime().meta({ examples: ['2026-11-30T14:03:12.345Z'] });
export const Id = z.uuid().meta({ examples: ['3d6f0a4e-8b1c-4f5e-9a7d-2c1b0e9f8a76'] });

/** The instants an input datetime may name: from the Unix epoch to the last millisecond of year 9999. */
export const DATETIME_MIN = '1970-01-01T00:00:00Z';
export const DATETIME_MAX = '9999-12-31T23:59:59.999Z';

/**
 * Every datetime the API takes (filters, call times, consent times): ISO 8601 with `Z` or an offset, and
 * an instant in [DATETIME_MIN, DATETIME_MAX]. A well-formed date PostgreSQL cannot store or compare
 * (year 0000: there is no year 0 in its calendar) is a 400 naming the field, not a database error;
 * nothing the vault records starts before 1970, and four-digit years keep every instant printable as given.
 */
export const InputDateTime = z.iso
  .datetime({ offset: true })
  .refine(
    (v) => {
      const t = Date.parse(v);
      return t >= Date.parse(DATETIME_MIN) && t <= Date.parse(DATETIME_MAX);
    },
    { error: `must be between ${DATETIME_MIN} and ${DATETIME_MAX}` },
  )
  .meta({
    description: `ISO 8601 with Z or an offset, ${DATETIME_MIN} to ${DATETIME_MAX}`,
    examples: ['2026-11-30T14:03:12Z'],
  });
