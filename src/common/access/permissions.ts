/** Roles and what each may do. Anything not listed is denied. */
export const ROLES = ['ingest', 'qa', 'legal', 'admin', 'auditor'] as const;
export type Role = (typeof ROLES)[number];
export const STAFF_ROLES = ['qa', 'legal', 'admin', 'auditor'] as const;

export const PERMISSIONS = {
  'recording.create': ['ingest'],
  'recording.consent.add': ['ingest'],
  'recording.redactions': ['qa', 'legal', 'admin'],
  'recording.read': ['ingest', 'qa', 'legal', 'admin'],
  'recording.list': ['qa', 'legal', 'admin'],
  'recording.stream': ['qa', 'legal'],
  'recording.waveform': ['qa', 'legal'],
  'tenant.read': ['admin', 'ingest', 'qa', 'legal', 'auditor'],
  'recording.delete': ['legal', 'admin'],
  'apikey.manage': ['admin'],
  'tenant.keys.rotate': ['admin'],
  'audit.read': ['auditor'],
  'audit.verify': ['auditor'],
  'recording.evidence': ['legal'],
  'recording.hold': ['legal'],
  'matter.read': ['legal'],
  'matter.create': ['legal'],
  'matter.hold': ['legal'],
  'dsar.manage': ['legal'],
  'tenant.policy': ['admin'],
  'webhook.manage': ['admin'],
  'evidence.verify': ['legal', 'auditor'],
  // Bulk jobs: the route needs job.create / job.read; each kind then needs its own permission,
  // and a job is visible only to roles that may start its kind.
  'job.create': ['qa', 'legal', 'admin'],
  'job.read': ['qa', 'legal', 'admin'],
  // Cancel or delete: the route needs job.cancel / job.delete, then the job must be the caller's own,
  // unless they hold job.manage-any.
  'job.cancel': ['qa', 'legal', 'admin'],
  'job.delete': ['qa', 'legal', 'admin'],
  'job.manage-any': ['admin'],
  'job.evidence-export': ['legal'],
  'job.audio-export': ['qa', 'legal'],
  'job.dsar-export': ['legal'],
  'job.dsar-erase': ['legal'],
  'job.import': ['admin'],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

export function roleHas(role: Role, permission: Permission): boolean {
  return (PERMISSIONS[permission] as readonly Role[]).includes(role);
}

export interface Principal {
  kind: 'api-key' | 'user' | 'playback-link';
  /** API key id, the token's subject, or a playback link's id (`pbl_…`, from the token's hash). */
  id: string;
  role: Role;
  tenantId: string;
  tenantName: string;
}
