import {
  lookupRule,
  mergeOverrides,
  ParticipantRole,
  ResolvedRule,
  RuleOverrides,
  RuleSet,
  strictestOf,
} from './consent.rules';

/**
 * Decides whether a call may be kept, and which audio must be cut, before any
 * audio is touched. Pure: same input and rules, same decision; the decision
 * carries the rule-set and override versions so it can be replayed.
 *
 * Semantics where the law leaves room, always choosing the reading that keeps
 * less audio:
 * - The strictest rule among all parties' jurisdictions governs the whole call
 *   and is applied to every party (see `strictness` in consent.rules.ts).
 * - All-party and lawful-basis-notice rules need every party; one-party rules
 *   need any party at each moment. Roles in `deemedConsentRoles` (the tenant's
 *   agents) consent from offset 0 by recording, unless they decline or revoke.
 * - A notice (`notified`, or `granted` by `announcement`) counts only under a
 *   rule that accepts notice, only by announcement or verbal notice in the
 *   call, and only if given before the call ended.
 * - A decline by a required party rejects the call, whenever it happened.
 * - A revocation is final: audio from it to the end is cut and later grants
 *   are ignored. A revocation before any consent rejects the call.
 * - Consent given at t > 0 cuts [0, t).
 * - Event time: `offsetMs`, else `at` minus the call's `startedAt`; an event
 *   before the call starts counts from 0. An undated grant or notice proves
 *   nothing about which audio it covers and is ignored; an undated revocation
 *   is taken to be at 0.
 * - Malformed input (no participants, bad duration, duplicate ids, events for
 *   unknown participants) rejects the call rather than guessing.
 */

export type ConsentEventKind = 'granted' | 'declined' | 'revoked' | 'notified';
export type ConsentMethod = 'ivr-keypress' | 'verbal' | 'announcement' | 'written' | 'agent-attested';

/** Participant id for a notice given to everyone on the call. */
export const ALL_PARTICIPANTS = '*';

export interface ConsentInput {
  startedAt?: string;
  durationMs: number;
  participants: { id: string; role: ParticipantRole; jurisdiction?: string }[];
  consent: {
    participant: string;
    kind: ConsentEventKind;
    method: ConsentMethod;
    at?: string;
    offsetMs?: number;
    evidence?: unknown;
  }[];
}

export type ConsentOutcome = 'allowed' | 'allowed_trimmed' | 'rejected';

export type ParticipantStatus =
  | 'consented'
  | 'notified'
  | 'deemed'
  | 'missing'
  | 'declined'
  | 'revoked'
  | 'not-required';

export type AppliedRule = Omit<ResolvedRule, 'lookup' | 'note'>;

export interface ConsentTrim {
  startMs: number;
  endMs: number;
  reason: 'CONSENT_NOT_YET_GIVEN' | 'CONSENT_REVOKED';
}

export interface Reason {
  code: string;
  message: string;
}

export interface ParticipantDecision {
  participant: string;
  role: ParticipantRole;
  /** As given on the input; null if none. */
  jurisdiction: string | null;
  /** The participant's own jurisdiction rule; the governing rule is what was enforced. */
  rule: AppliedRule;
  status: ParticipantStatus;
  /** Index into `input.consent` of the event that satisfied the rule. */
  satisfiedBy?: number;
  /** Index into `input.consent` of the decline or revocation. */
  blockedBy?: number;
  /** The part of the call this participant's consent covers. */
  covered?: { startMs: number; endMs: number };
  reasonCode: string;
  message: string;
}

export interface ConsentDecision {
  outcome: ConsentOutcome;
  ruleSetVersion: string;
  overrideVersion?: string;
  governingRule: AppliedRule;
  trims: ConsentTrim[];
  participants: ParticipantDecision[];
  reasons: Reason[];
}

type Participant = ConsentInput['participants'][number];
type ConsentEvent = ConsentInput['consent'][number];

interface TimedEvent {
  index: number;
  event: ConsentEvent;
  offsetMs: number | undefined;
}

interface Standing {
  status: ParticipantStatus;
  reasonCode: string;
  message: string;
  satisfiedBy?: number;
  blockedBy?: number;
  covered?: { startMs: number; endMs: number };
}

interface Span {
  startMs: number;
  endMs: number;
}

const NOTICE_METHODS: ReadonlySet<ConsentMethod> = new Set(['announcement', 'verbal']);

export function decideConsent(input: ConsentInput, ruleSet: RuleSet, overrides?: RuleOverrides): ConsentDecision {
  const rules = mergeOverrides(ruleSet, overrides);
  const reasons: Reason[] = [];
  const invalid = inputProblems(input);
  reasons.push(...invalid);

  const resolved = input.participants.map((p) => ({ p, rule: lookupRule(rules, p.jurisdiction) }));
  for (const { p, rule } of resolved) {
    const note = jurisdictionNote(p, rule);
    if (note) reasons.push(note);
  }
  const governing = strictestOf(resolved.map((r) => r.rule)) ?? lookupRule(rules, undefined);
  const everyone = governing.kind !== 'one-party';
  const durationMs = input.durationMs;
  const events = timeEvents(input);

  const decisions: ParticipantDecision[] = resolved.map(({ p, rule }) => {
    const own = events.filter(
      (e) => e.event.participant === p.id || (e.event.participant === ALL_PARTICIPANTS && isNotice(e.event)),
    );
    const deemed = rules.deemedConsentRoles.includes(p.role);
    let standing = evaluate(p, own, governing, durationMs, deemed);
    if (!everyone) standing = asOptional(standing);
    return {
      participant: p.id,
      role: p.role,
      jurisdiction: p.jurisdiction ?? null,
      rule: applied(rule),
      ...standing,
    };
  });

  const base = {
    ruleSetVersion: rules.version,
    ...(rules.override && { overrideVersion: rules.override.version }),
    governingRule: applied(governing),
    participants: decisions,
  };
  const reject = (why: Reason[]): ConsentDecision => ({
    outcome: 'rejected',
    ...base,
    trims: [],
    reasons: [...reasons, ...why],
  });

  if (invalid.length > 0) return reject([]);

  let kept: Span[];
  if (everyone) {
    const blockers = decisions.filter((d) => d.covered === undefined).map(blockerReason);
    if (blockers.length > 0) return reject(blockers);
    kept = intersect(decisions.map((d) => d.covered!));
    if (kept.length === 0) {
      return reject([{ code: 'WHOLE_CALL_TRIMMED', message: 'No part of the call is covered by the consent of every required party.' }]);
    }
  } else {
    kept = union(decisions.flatMap((d) => (d.covered ? [d.covered] : [])));
    if (kept.length === 0) {
      return reject([{ code: 'NO_CONSENTING_PARTY', message: 'One-party rule: no party consented at any point in the call.' }]);
    }
  }

  const trims = complement(kept, durationMs).map(
    (s): ConsentTrim => ({ ...s, reason: s.startMs === 0 ? 'CONSENT_NOT_YET_GIVEN' : 'CONSENT_REVOKED' }),
  );
  const satisfied: Reason = everyone
    ? { code: 'ALL_REQUIRED_PARTIES_CONSENTED', message: `Every party consented or was validly notified under ${describe(governing)}.` }
    : { code: 'ONE_PARTY_CONSENTED', message: `At least one party consented under ${describe(governing)}.` };
  const trimmed: Reason[] =
    trims.length > 0
      ? [{ code: 'CONSENT_TRIMMED', message: `Audio outside consent is removed: ${trims.map((t) => `[${t.startMs}, ${t.endMs}) ms`).join(', ')}.` }]
      : [];
  return {
    outcome: trims.length > 0 ? 'allowed_trimmed' : 'allowed',
    ...base,
    trims,
    reasons: [...reasons, satisfied, ...trimmed],
  };
}

/** One participant against the governing rule, events in offset order. */
function evaluate(
  p: Participant,
  events: TimedEvent[],
  rule: ResolvedRule,
  durationMs: number,
  deemed: boolean,
): Standing {
  const declined = events.find((e) => e.event.kind === 'declined' && e.event.participant === p.id);
  if (declined) {
    return {
      status: 'declined',
      blockedBy: declined.index,
      reasonCode: 'CONSENT_DECLINED',
      message: `${p.id} declined recording (event ${declined.index}).`,
    };
  }

  let startMs: number | undefined = deemed ? 0 : undefined;
  let status: ParticipantStatus | undefined = deemed ? 'deemed' : undefined;
  let satisfiedBy: number | undefined;
  let unusable: { code: string; message: string } | undefined;

  for (const { index, event, offsetMs } of events) {
    if (event.kind === 'revoked') {
      // Worst case for an undated revocation: it covered the whole call.
      const at = offsetMs ?? 0;
      if (at >= durationMs) continue;
      if (startMs === undefined) {
        return {
          status: 'revoked',
          blockedBy: index,
          reasonCode: 'CONSENT_REVOKED_BEFORE_GRANT',
          message: `${p.id} revoked consent at ${at} ms before any consent was given (event ${index}).`,
        };
      }
      return {
        status: 'revoked',
        ...(satisfiedBy !== undefined && { satisfiedBy }),
        blockedBy: index,
        covered: { startMs, endMs: Math.max(startMs, at) },
        reasonCode: 'CONSENT_REVOKED',
        message: `${p.id} revoked consent at ${at} ms (event ${index}); audio from there on is not covered.`,
      };
    }
    if (startMs !== undefined || event.kind === 'declined') continue;

    const notice = isNotice(event);
    if (offsetMs === undefined) {
      unusable ??= { code: 'EVENT_TIME_UNKNOWN', message: `event ${index} has neither offsetMs nor a usable at/startedAt, so it cannot show which audio it covers` };
      continue;
    }
    if (notice && !rule.acceptsNotice) {
      unusable = { code: 'NOTICE_NOT_ACCEPTED', message: `${describe(rule)} does not accept a recorded-line notice as consent (event ${index})` };
      continue;
    }
    if (notice && !NOTICE_METHODS.has(event.method)) {
      unusable = { code: 'NOTICE_METHOD_NOT_ACCEPTED', message: `a ${event.method} notice is not given in the call itself (event ${index})` };
      continue;
    }
    if (offsetMs >= durationMs) {
      unusable = notice
        ? { code: 'NOTICE_AFTER_CALL_END', message: `the notice came at ${offsetMs} ms, after the call ended (event ${index})` }
        : { code: 'CONSENT_AFTER_CALL_END', message: `consent came at ${offsetMs} ms, after the call ended (event ${index})` };
      continue;
    }
    startMs = offsetMs;
    status = notice ? 'notified' : 'consented';
    satisfiedBy = index;
  }

  if (startMs === undefined || status === undefined) {
    const why = unusable ?? { code: 'CONSENT_MISSING', message: 'no consent event' };
    return { status: 'missing', reasonCode: why.code, message: `${p.id}: ${why.message}.` };
  }
  const covered = { startMs, endMs: durationMs };
  const at = satisfiedBy !== undefined ? ` (event ${satisfiedBy})` : '';
  switch (status) {
    case 'deemed':
      return {
        status,
        covered,
        reasonCode: 'DEEMED_CONSENT',
        message: `${p.id} is the tenant's ${p.role} and consents by recording the call.`,
      };
    case 'notified':
      return {
        status,
        satisfiedBy,
        covered,
        reasonCode: startMs > 0 ? 'NOTICE_ACCEPTED_LATE' : 'NOTICE_ACCEPTED',
        message: `${p.id} was notified at ${startMs} ms and continued the call${at}.`,
      };
    default:
      return {
        status,
        satisfiedBy,
        covered,
        reasonCode: startMs > 0 ? 'CONSENT_GRANTED_LATE' : 'CONSENT_GRANTED',
        message: `${p.id} consented at ${startMs} ms${at}.`,
      };
  }
}

/** Under a one-party rule a party who did not consent is not an obstacle. */
function asOptional(s: Standing): Standing {
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

function isNotice(event: ConsentEvent): boolean {
  return event.kind === 'notified' || (event.kind === 'granted' && event.method === 'announcement');
}

function blockerReason(d: ParticipantDecision): Reason {
  switch (d.status) {
    case 'declined':
      return { code: 'REQUIRED_PARTY_DECLINED', message: `Required party ${d.participant} declined recording.` };
    case 'revoked':
      return { code: 'REQUIRED_PARTY_REVOKED', message: `Required party ${d.participant} revoked consent before giving it.` };
    default:
      return { code: 'REQUIRED_PARTY_MISSING', message: `Required party ${d.participant} did not validly consent (${d.reasonCode}).` };
  }
}

function timeEvents(input: ConsentInput): TimedEvent[] {
  const startedAt = input.startedAt !== undefined ? Date.parse(input.startedAt) : NaN;
  const timed = input.consent.map((event, index): TimedEvent => ({ index, event, offsetMs: offsetOf(event, startedAt) }));
  // Undated events sort last; the stable sort keeps input order on ties.
  return timed.sort((a, b) => (a.offsetMs ?? Infinity) - (b.offsetMs ?? Infinity));
}

function offsetOf(event: ConsentEvent, startedAt: number): number | undefined {
  if (event.offsetMs !== undefined) {
    return Number.isFinite(event.offsetMs) ? Math.max(0, event.offsetMs) : undefined;
  }
  if (event.at === undefined || !Number.isFinite(startedAt)) return undefined;
  const at = Date.parse(event.at);
  return Number.isFinite(at) ? Math.max(0, at - startedAt) : undefined;
}

function inputProblems(input: ConsentInput): Reason[] {
  const problems: Reason[] = [];
  if (!Number.isFinite(input.durationMs) || input.durationMs <= 0) {
    problems.push({ code: 'INVALID_DURATION', message: `durationMs must be a positive number, got ${input.durationMs}.` });
  }
  if (input.participants.length === 0) {
    problems.push({ code: 'NO_PARTICIPANTS', message: 'The call lists no participants.' });
  }
  const ids = new Set<string>();
  for (const p of input.participants) {
    if (ids.has(p.id) || p.id === ALL_PARTICIPANTS) {
      problems.push({ code: 'INVALID_PARTICIPANT_ID', message: `Participant id ${JSON.stringify(p.id)} is duplicated or reserved.` });
    }
    ids.add(p.id);
  }
  input.consent.forEach((e, i) => {
    if (e.participant === ALL_PARTICIPANTS) {
      if (!isNotice(e)) {
        problems.push({ code: 'WILDCARD_EVENT_NOT_NOTICE', message: `Event ${i}: only a notice can be addressed to every participant.` });
      }
    } else if (!ids.has(e.participant)) {
      problems.push({ code: 'UNKNOWN_EVENT_PARTICIPANT', message: `Event ${i} names a participant who is not on the call.` });
    }
  });
  return problems;
}

function jurisdictionNote(p: Participant, rule: ResolvedRule): Reason | undefined {
  switch (rule.lookup) {
    case 'JURISDICTION_MISSING':
      return { code: rule.lookup, message: `${p.id} has no jurisdiction; the strictest rule applies.` };
    case 'JURISDICTION_INVALID':
      return { code: rule.lookup, message: `${p.id} has a malformed jurisdiction ${JSON.stringify(p.jurisdiction)}; the strictest rule applies.` };
    case 'JURISDICTION_UNKNOWN':
      return { code: rule.lookup, message: `No rule on file for ${p.jurisdiction} (${p.id}); the strictest rule applies.` };
    default:
      return undefined;
  }
}

function applied(rule: ResolvedRule): AppliedRule {
  const { lookup: _lookup, note: _note, ...rest } = rule;
  return rest;
}

function describe(rule: ResolvedRule): string {
  const where = rule.jurisdiction ?? 'an unknown jurisdiction';
  return `the ${rule.kind} rule for ${where}${rule.source === 'override' ? ' (tenant override)' : ''}`;
}

function intersect(spans: Span[]): Span[] {
  const startMs = Math.max(...spans.map((s) => s.startMs));
  const endMs = Math.min(...spans.map((s) => s.endMs));
  return startMs < endMs ? [{ startMs, endMs }] : [];
}

function union(spans: Span[]): Span[] {
  const merged: Span[] = [];
  for (const s of [...spans].filter((x) => x.startMs < x.endMs).sort((a, b) => a.startMs - b.startMs)) {
    const last = merged[merged.length - 1];
    if (last && s.startMs <= last.endMs) last.endMs = Math.max(last.endMs, s.endMs);
    else merged.push({ ...s });
  }
  return merged;
}

function complement(kept: Span[], durationMs: number): Span[] {
  const gaps: Span[] = [];
  let cursor = 0;
  for (const s of kept) {
    if (s.startMs > cursor) gaps.push({ startMs: cursor, endMs: s.startMs });
    cursor = Math.max(cursor, s.endMs);
  }
  if (cursor < durationMs) gaps.push({ startMs: cursor, endMs: durationMs });
  return gaps;
}
