import type { Declarations, ParticipantRole, ResolvedRule } from './consent.rules';

/**
 * One participant against one rule: which part of the call their consent
 * covers under that rule, and which event (or tenant declaration) shows it.
 * Events are taken in offset order; the rule decides which of them count.
 */

export type ConsentEventKind = 'granted' | 'declined' | 'revoked' | 'notified';
export type ConsentMethod = 'ivr-keypress' | 'verbal' | 'announcement' | 'written' | 'agent-attested';

/** Participant id for a notice given to everyone on the call. */
export const ALL_PARTICIPANTS = '*';

export interface ConsentEvent {
  participant: string;
  kind: ConsentEventKind;
  method: ConsentMethod;
  at?: string;
  offsetMs?: number;
  evidence?: unknown;
  /** The caller's id for the event (a database id), echoed in the decision so evidence can cite it. */
  id?: string;
}

export interface Participant {
  id: string;
  role: ParticipantRole;
  jurisdiction?: string;
}

export type ParticipantStatus =
  'consented' | 'notified' | 'deemed' | 'declared' | 'missing' | 'declined' | 'revoked' | 'not-required';

/** What made the participant's consent valid under the rule. */
export type ConsentBasis = 'explicit-consent' | 'notice' | 'implied-by-knowledge' | 'deemed' | 'tenant-declaration';

export interface Span {
  startMs: number;
  endMs: number;
}

export interface Standing {
  status: ParticipantStatus;
  reasonCode: string;
  message: string;
  basis?: ConsentBasis;
  /** Index into `input.consent` of the event that satisfied the rule. */
  satisfiedBy?: number;
  /** Index into `input.consent` of the decline or revocation. */
  blockedBy?: number;
  /** The part of the call this participant's consent covers under the rule. */
  covered?: Span;
}

/** An event placed on the call's time line; `rawOffsetMs` may be negative (before the recording started). */
export interface TimedEvent {
  index: number;
  event: ConsentEvent;
  rawOffsetMs: number | undefined;
}

export interface StandingContext {
  durationMs: number;
  /** The participant's role is deemed to consent (the tenant's agents). */
  deemed: boolean;
  employeeConsent?: Declarations['employeeConsent'];
}

const NOTICE_METHODS: ReadonlySet<ConsentMethod> = new Set(['announcement', 'verbal']);

export function isNotice(event: ConsentEvent): boolean {
  return event.kind === 'notified' || (event.kind === 'granted' && event.method === 'announcement');
}

export function eventsFor(events: TimedEvent[], p: Participant): TimedEvent[] {
  return events.filter(
    (e) => e.event.participant === p.id || (e.event.participant === ALL_PARTICIPANTS && isNotice(e.event)),
  );
}

export function standingUnder(
  p: Participant,
  events: TimedEvent[],
  rule: ResolvedRule,
  ctx: StandingContext,
): Standing {
  const { durationMs } = ctx;
  const agentMustConsent = ctx.deemed && rule.agentMustConsent;
  const declaration = agentMustConsent ? declarationCovering(p, ctx.employeeConsent) : undefined;
  let startMs: number | undefined = (ctx.deemed && !agentMustConsent) || declaration ? 0 : undefined;
  let basis: ConsentBasis | undefined =
    startMs === undefined ? undefined : declaration ? 'tenant-declaration' : 'deemed';
  let satisfiedBy: number | undefined;
  let unusable: { code: string; message: string } | undefined = agentMustConsent
    ? {
        code: 'AGENT_CONSENT_REQUIRED',
        message: `${describe(rule)} protects the agent's own words: the agent's consent or a tenant declaration of employee consent is required`,
      }
    : undefined;

  for (const { index, event, rawOffsetMs } of events) {
    const own = event.participant === p.id;
    if (own && (event.kind === 'declined' || event.kind === 'revoked')) {
      const blocked = block(p, index, event.kind, rawOffsetMs, rule, durationMs, startMs);
      if (blocked === 'after-end') continue;
      return { ...blocked, ...(blocked.covered && { basis, ...(satisfiedBy !== undefined && { satisfiedBy }) }) };
    }
    if (startMs !== undefined || event.kind === 'declined' || event.kind === 'revoked') continue;

    if (rawOffsetMs === undefined) {
      unusable = {
        code: 'EVENT_TIME_UNKNOWN',
        message: `event ${index} has neither offsetMs nor a usable at/startedAt, so it cannot show which audio it covers`,
      };
      continue;
    }
    const why = unusableUnder(event, index, rawOffsetMs, rule, durationMs, agentMustConsent);
    if (why) {
      if (unusable?.code !== 'AGENT_CONSENT_REQUIRED' || why.code !== 'NOTICE_NOT_ACCEPTED') unusable = why;
      continue;
    }
    startMs = Math.max(0, rawOffsetMs);
    satisfiedBy = index;
    basis = !isNotice(event) ? 'explicit-consent' : rule.impliedByKnowledge ? 'implied-by-knowledge' : 'notice';
  }

  if (startMs === undefined || basis === undefined) {
    const why = unusable ?? { code: 'CONSENT_MISSING', message: 'no consent event' };
    return { status: 'missing', reasonCode: why.code, message: `${p.id}: ${why.message}.` };
  }
  const covered = { startMs, endMs: durationMs };
  const at = satisfiedBy !== undefined ? ` (event ${satisfiedBy})` : '';
  switch (basis) {
    case 'deemed':
      return {
        status: 'deemed',
        basis,
        covered,
        reasonCode: 'DEEMED_CONSENT',
        message: `${p.id} is the tenant's ${p.role} and consents by recording the call.`,
      };
    case 'tenant-declaration':
      // Set above only from the declaration that covers this participant.
      if (!declaration) throw new Error('a tenant-declaration basis without the declaration');
      return {
        status: 'declared',
        basis,
        covered,
        reasonCode: 'EMPLOYEE_CONSENT_DECLARED',
        message: `${p.id}: the tenant declared its employees' consent (${declaration.reference}).`,
      };
    case 'notice':
    case 'implied-by-knowledge':
      return {
        status: 'notified',
        basis,
        satisfiedBy,
        covered,
        reasonCode: startMs > 0 ? 'NOTICE_ACCEPTED_LATE' : 'NOTICE_ACCEPTED',
        message: `${p.id} was notified at ${startMs} ms and continued the call${at}.`,
      };
    default:
      return {
        status: 'consented',
        basis,
        satisfiedBy,
        covered,
        reasonCode: startMs > 0 ? 'CONSENT_GRANTED_LATE' : 'CONSENT_GRANTED',
        message: `${p.id} consented at ${startMs} ms${at}.`,
      };
  }
}

/** Under a one-party rule a participant who did not consent is not an obstacle. */
export function asOptional(s: Standing): Standing {
  if (s.covered !== undefined) return s;
  const suffix = ' Not required under a one-party rule.';
  switch (s.status) {
    case 'missing':
      return { ...s, status: 'not-required', reasonCode: 'CONSENT_NOT_REQUIRED', message: s.message + suffix };
    case 'declined':
      return { ...s, reasonCode: 'DECLINED_NOT_REQUIRED', message: s.message + suffix };
    case 'revoked':
      return { ...s, reasonCode: 'REVOKED_NOT_REQUIRED', message: s.message + suffix };
    default:
      return s;
  }
}

/** A refusal that leaves the participant nothing to give, whatever arrives later. */
export function isRefused(s: Standing): boolean {
  return (s.status === 'declined' || s.status === 'revoked') && s.covered === undefined;
}

export function describe(rule: ResolvedRule): string {
  const where = rule.jurisdiction ?? 'an unknown jurisdiction';
  return `the ${rule.partyConsent === 'all' ? 'all-party' : 'one-party'} rule for ${where}${rule.source === 'override' ? ' (tenant override)' : ''}`;
}

/** The tenant's declaration of employee consent, if it covers the participant's jurisdiction. */
function declarationCovering(
  p: Participant,
  declaration: Declarations['employeeConsent'],
): Declarations['employeeConsent'] {
  if (!declaration || !p.jurisdiction) return undefined;
  const where = p.jurisdiction;
  return declaration.jurisdictions.some((j) => j === where || where.startsWith(`${j}-`)) ? declaration : undefined;
}

/**
 * A decline or revocation. A revocation (GDPR Art. 7(3) too) and a decline
 * under a `from-decline` rule end the participant's consent where they
 * happen; a decline under a `whole-call` rule (an Art. 21 objection) covers
 * the whole call. An undated refusal is taken to be at 0, the worst case.
 */
function block(
  p: Participant,
  index: number,
  kind: 'declined' | 'revoked',
  rawOffsetMs: number | undefined,
  rule: ResolvedRule,
  durationMs: number,
  startMs: number | undefined,
): Standing | 'after-end' {
  const at = Math.max(0, rawOffsetMs ?? 0);
  if (kind === 'declined' && rule.declineScope === 'whole-call') {
    return {
      status: 'declined',
      blockedBy: index,
      reasonCode: 'CONSENT_DECLINED',
      message: `${p.id} declined recording (event ${index}); under ${describe(rule)} an objection covers the whole call.`,
    };
  }
  if (at >= durationMs) return 'after-end';
  if (kind === 'declined' && (startMs === undefined || at <= startMs)) {
    return {
      status: 'declined',
      blockedBy: index,
      reasonCode: 'CONSENT_DECLINED',
      message: `${p.id} declined recording at ${at} ms, before any valid consent covered the call (event ${index}).`,
    };
  }
  if (startMs === undefined) {
    return {
      status: 'revoked',
      blockedBy: index,
      reasonCode: 'CONSENT_REVOKED_BEFORE_GRANT',
      message: `${p.id} revoked consent at ${at} ms before any consent was given (event ${index}).`,
    };
  }
  return {
    status: kind,
    blockedBy: index,
    covered: { startMs, endMs: Math.max(startMs, at) },
    reasonCode: kind === 'declined' ? 'CONSENT_DECLINED_MID_CALL' : 'CONSENT_REVOKED',
    message: `${p.id} ${kind === 'declined' ? 'declined recording' : 'revoked consent'} at ${at} ms (event ${index}); the audio before it was covered, the rest is not.`,
  };
}

function unusableUnder(
  event: ConsentEvent,
  index: number,
  rawOffsetMs: number,
  rule: ResolvedRule,
  durationMs: number,
  agentMustConsent: boolean,
): { code: string; message: string } | undefined {
  const notice = isNotice(event);
  if (notice && (!rule.acceptsNotice || agentMustConsent)) {
    return {
      code: 'NOTICE_NOT_ACCEPTED',
      message: `${describe(rule)} does not accept a recorded-line notice as consent (event ${index})`,
    };
  }
  if (notice && !NOTICE_METHODS.has(event.method)) {
    return {
      code: 'NOTICE_METHOD_NOT_ACCEPTED',
      message: `a ${event.method} notice is not given in the call itself (event ${index})`,
    };
  }
  if (rawOffsetMs < 0 && notice && rule.noticeMustBeRecorded) {
    return {
      code: 'NOTICE_NOT_RECORDED',
      message: `the notice came ${-rawOffsetMs} ms before the recording started, and ${describe(rule)} requires the notice to be recorded (event ${index})`,
    };
  }
  if (rawOffsetMs < 0 && !notice && rule.priorConsentMustBeWritten && event.method !== 'written') {
    return {
      code: 'PRIOR_CONSENT_NOT_WRITTEN',
      message: `${event.method} consent given before the recording started counts under ${describe(rule)} only in writing (event ${index})`,
    };
  }
  if (rawOffsetMs >= durationMs) {
    return notice
      ? {
          code: 'NOTICE_AFTER_CALL_END',
          message: `the notice came at ${rawOffsetMs} ms, after the call ended (event ${index})`,
        }
      : {
          code: 'CONSENT_AFTER_CALL_END',
          message: `consent came at ${rawOffsetMs} ms, after the call ended (event ${index})`,
        };
  }
  return undefined;
}
