import { z } from 'zod';

/** Shapes many routes share. Timestamps are sent as ISO 8601 in UTC. */
export const Timestamp = z.iso.datetime().meta({ examples: ['2026-11-30T14:03:12.345Z'] });
export const Id = z.uuid().meta({ examples: ['3d6f0a4e-8b1c-4f5e-9a7d-2c1b0e9f8a76'] });
