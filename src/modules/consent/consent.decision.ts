import { appliedRules, ownRule, RECORDING_LOCATION, type Applied } from './consent.applicable';
import {
  mergeOverrides,
  type Declarations,
  type ResolvedRule,
  type RuleOverrides,
  type RuleSet,
} from './consent.rules';
import {
  ALL_PARTICIPANTS,
  asOptional,
  describe,
  eventsFor,
  isNotice,
  isRefused,
  standingUnder,
  type ConsentEvent,
  type Participant,
  type Span,
  type Standing,
} from './consent.standing';
import { complement, intersect, timeEvents, union } from './consent.timeline';

export { ALL_PARTICIPANTS } from './consent.standing';
export type { ConsentEventKind, ConsentMethod, ParticipantStatus, ConsentBasis } from './consent.standing';

/**
 * Decides whether a call may be kept, and which audio must be cut, before any
 * audio is touched. Pure: same input and rules, same decision; the decision
 * carries the rule-set and override versions so it can be replayed.
 *
 * Every rule that applies to the call is checked, for every participant: the
 * rule of each participant's jurisdiction, and the rule of the place where the
 * tenant declares its recordings are made. An all-party rule needs every
 * participant covered under it; a one-party rule needs one at each moment.
 * The kept audio is what every rule allows. Where the law leaves room, the
 * reading that keeps less audio is taken:
 * - Roles in `deemedConsentRoles` (the tenant's agents) consent from offset 0
 *   by recording, unless they decline or revoke, or a rule requires the
 *   agent's own consent (`agentMustConsent`; a tenant declaration of employee
 *   consent then stands in for it).
 * - A notice (`notified`, or `granted` by `announcement`) counts only under a
 *   rule that accepts notice, only by announcement or verbal notice in the
 *   call, only before the call ended and, where the rule says so, only if it
 *   is inside the recording. Consent given before the call counts from 0,
 *   unless the rule requires such prior consent to be written.
 * - A revocation is final: audio from it on is cut and later grants are
 *   ignored. A decline is final too: it rejects the call under a rule whose
 *   objection covers the whole call (GDPR), and elsewhere cuts from the
 *   decline, since the audio before it was recorded with valid consent.
 * - Consent given at t > 0 cuts [0, t).
 * - Event time: `offsetMs`, else `at` minus the call's `startedAt`. An undated
 *   grant or notice proves nothing; an undated refusal is taken to be at 0.
 * - Malformed input (no participants, bad duration, duplicate ids, events for
 *   unknown participants) rejects the call rather than guessing.
 */

export interface ConsentInput {
  startedAt?: string;
  durationMs: number;
  participants: Participant[];
  consent: ConsentEvent[];
}

export type ConsentOutcome = 'allowed' | 'allowed_trimmed' | 'rejected';

export type AppliedRule = Omit<ResolvedRule, 'lookup' | 'note'>;

export interface ConsentTrim {
  startMs: number;
  endMs: number;
  reason: 'CONSENT_NOT_YET_GIVEN' | 'CONSENT_REVOKED' | 'CONSENT_DECLINED';
}

export interface Reason {
  code: string;
  message: string;
}

/** A tenant declaration the decision relied on, as it stood in the override document. */
export type ReliedDeclaration =
  | { kind: 'employee-consent'; reference: string; worksCouncilAgreement?: string; jurisdictions: string[] }
  | { kind: 'lawful-basis'; jurisdiction: string; basis: string; reference: string }
  | { kind: 'recording-location'; jurisdiction: string; reference: string };

/** A participant's standing under one of the call's rules. */
export type RuleCheck = Standing & {
  /** The rule's jurisdiction key (null for the default rule). */
  rule: string | null;
  /** Whether this rule needs this participant (all-party rules need everyone). */
  required: boolean;
};

export interface ParticipantDecision extends Standing {
  participant: string;
  role: Participant['role'];
  /** As given on the input; null if none. */
  jurisdiction: string | null;
  /** The participant's own jurisdiction rule. */
  rule: AppliedRule;
  /** The rule whose check decided this participant's status (the narrowest requirement they face). */
  decidedBy: AppliedRule;
  /** Standing under every rule applied to the call, in `rules` order. */
  checks: RuleCheck[];
  declarations: ReliedDeclaration[];
}

export interface RuleOutcome {
  rule: AppliedRule;
  /** Participant ids whose jurisdiction brought the rule in, or `recording-location`. */
  appliesBecause: string[];
  satisfied: boolean;
  /** The audio this rule allows to be kept. */
  kept: Span[];
  note?: string;
}

export interface ConsentDecision {
  outcome: ConsentOutcome;
  ruleSetVersion: string;
  overrideVersion?: string;
  /** Every rule applied to the call and what it allows. */
  rules: RuleOutcome[];
  trims: ConsentTrim[];
  participants: ParticipantDecision[];
  reasons: Reason[];
  /**
   * Rejected only because consent is missing, and late consent could still
   * save the call: the pipeline waits `CONSENT_WAIT` for it.
   */
  waitForConsent: boolean;
  /** `input.consent[i].id` by index, where the caller gave ids, so `satisfiedBy`/`blockedBy` can be cited. */
  eventIds?: (string | null)[];
  declarations: ReliedDeclaration[];
}

export function decideConsent(input: ConsentInput, ruleSet: RuleSet, overrides?: RuleOverrides): ConsentDecision {
  const rules = mergeOverrides(ruleSet, overrides);
  const declarations = rules.declarations ?? {};
  const reasons: Reason[] = [];
  const invalid = inputProblems(input);
  reasons.push(...invalid);

  const own = input.participants.map((p) => ({ p, rule: ownRule(rules, p, declarations, reasons) }));
  const applied = appliedRules(rules, own, declarations);
  const events = timeEvents(input);
  const relied: ReliedDeclaration[] = [];
  const rely = (d: ReliedDeclaration) => {
    if (!relied.some((r) => JSON.stringify(r) === JSON.stringify(d))) relied.push(d);
  };
  if (declarations.recordingLocation) {
    const location = declarations.recordingLocation;
    if (
      applied.some((a) => a.because.includes(RECORDING_LOCATION)) ||
      reasons.some((r) => r.code === 'RULE_NOT_EXTRATERRITORIAL')
    ) {
      rely({ kind: 'recording-location', ...location });
    }
  }

  const checks = input.participants.map((p) =>
    applied.map(({ rule }): RuleCheck => {
      const standing = standingUnder(p, eventsFor(events, p), rule, {
        durationMs: input.durationMs,
        deemed: rules.deemedConsentRoles.includes(p.role),
        employeeConsent: declarations.employeeConsent,
      });
      const required = rule.partyConsent === 'all';
      return { rule: rule.jurisdiction, required, ...(required ? standing : asOptional(standing)) };
    }),
  );

  const outcomes: RuleOutcome[] = applied.map(({ rule, because }, r) => {
    const standings = checks.map((c) => c[r]);
    const kept = keptUnder(
      rule,
      standings.map((s) => s.covered),
      input.durationMs,
    );
    const note = rule.decidablePerCall ? undefined : rule.note;
    return {
      rule: appliedRule(rule),
      appliesBecause: because,
      satisfied: kept.length > 0,
      kept,
      ...(note && { note }),
    };
  });

  const participants: ParticipantDecision[] = own.map(({ p, rule }, i) => {
    const mine = checks[i];
    const deciding = decidingCheck(mine, applied, rule);
    const decl: ReliedDeclaration[] = [];
    if (mine[deciding].status === 'declared' && declarations.employeeConsent) {
      decl.push({ kind: 'employee-consent', ...declarations.employeeConsent });
    }
    for (const a of applied) {
      const basis = lawfulBasisDeclared(a.rule, declarations);
      if (basis && a.because.includes(p.id)) decl.push(basis);
    }
    for (const d of decl) rely(d);
    const { rule: _key, required: _required, ...standing } = mine[deciding];
    return {
      participant: p.id,
      role: p.role,
      jurisdiction: p.jurisdiction ?? null,
      rule: appliedRule(rule),
      decidedBy: appliedRule(applied[deciding].rule),
      ...standing,
      checks: mine,
      declarations: decl,
    };
  });

  for (const { rule } of applied) {
    if (rule.decidablePerCall) continue;
    const basis = lawfulBasisDeclared(rule, declarations);
    reasons.push(
      basis
        ? {
            code: 'TENANT_BASIS_DECLARED',
            message: `${describe(rule)} cannot be decided from one call; the tenant declared its legal basis: ${basis.basis} (${basis.reference}).`,
          }
        : {
            code: 'NOT_DECIDABLE_PER_CALL',
            message: `${describe(rule)} cannot be decided from one call: ${rule.note ?? rule.citation}`,
          },
    );
  }

  const eventIds = input.consent.some((e) => e.id !== undefined) ? input.consent.map((e) => e.id ?? null) : undefined;
  const base = {
    ruleSetVersion: rules.version,
    ...(rules.override && { overrideVersion: rules.override.version }),
    rules: outcomes,
    participants,
    ...(eventIds && { eventIds }),
    declarations: relied,
  };
  // The cause of a rejection comes first: the pipeline records reasons[0] as the recording's status reason.
  const reject = (why: Reason[], waitForConsent = false): ConsentDecision => ({
    outcome: 'rejected',
    ...base,
    trims: [],
    reasons: [...why, ...reasons],
    waitForConsent,
  });

  if (invalid.length > 0) return reject([]);

  const failures: Reason[] = [];
  applied.forEach(({ rule }, r) => {
    if (outcomes[r].satisfied) return;
    if (rule.partyConsent === 'one') {
      failures.push({
        code: 'NO_CONSENTING_PARTY',
        message: `Under ${describe(rule)} no party consented at any point in the call.`,
      });
      return;
    }
    const blockers = participants.filter((_, i) => checks[i][r].covered === undefined);
    if (blockers.length === 0) {
      failures.push({
        code: 'WHOLE_CALL_TRIMMED',
        message: `Under ${describe(rule)} no part of the call is covered by the consent of every party.`,
      });
    }
    for (const d of blockers) failures.push(blockerReason(d.participant, checks[participants.indexOf(d)][r], rule));
  });
  const kept = outcomes.reduce<Span[]>((acc, o) => intersect(acc, o.kept), [{ startMs: 0, endMs: input.durationMs }]);
  if (failures.length === 0 && kept.length === 0) {
    failures.push({
      code: 'WHOLE_CALL_TRIMMED',
      message: 'No part of the call is allowed by every rule that applies to it.',
    });
  }
  if (failures.length > 0) return reject(failures, couldLateConsentSave(applied, checks, input.durationMs));

  const trims = complement(kept, input.durationMs).map((s): ConsentTrim => ({ ...s, reason: trimReason(s, checks) }));
  const satisfied: Reason = {
    code: applied.some((a) => a.rule.partyConsent === 'all') ? 'ALL_REQUIRED_PARTIES_CONSENTED' : 'ONE_PARTY_CONSENTED',
    message: `Every rule that applies is met: ${applied.map((a) => describe(a.rule)).join('; ')}.`,
  };
  const trimmed: Reason[] =
    trims.length > 0
      ? [
          {
            code: 'CONSENT_TRIMMED',
            message: `Audio outside consent is removed: ${trims.map((t) => `[${t.startMs}, ${t.endMs}) ms`).join(', ')}.`,
          },
        ]
      : [];
  return {
    outcome: trims.length > 0 ? 'allowed_trimmed' : 'allowed',
    ...base,
    trims,
    reasons: [...reasons, satisfied, ...trimmed],
    waitForConsent: false,
  };
}

function keptUnder(rule: ResolvedRule, covered: (Span | undefined)[], durationMs: number): Span[] {
  if (rule.partyConsent === 'one') return union(covered.filter((c): c is Span => c !== undefined));
  const spans = covered.filter((c): c is Span => c !== undefined);
  if (spans.length < covered.length) return [];
  return spans.reduce<Span[]>((acc, c) => intersect(acc, [c]), [{ startMs: 0, endMs: durationMs }]);
}

/**
 * The check that decided the participant: among the rules that require them,
 * the one that leaves them least (a refusal, then missing consent, then the
 * shortest coverage); on a tie the one that asked more of them (a declaration
 * or explicit consent over a notice, a notice over deemed consent), then
 * their own rule. Where no rule requires them, their own rule's.
 */
function decidingCheck(checks: RuleCheck[], applied: Applied[], own: ResolvedRule): number {
  const ownIndex = Math.max(
    0,
    applied.findIndex((a) => a.rule.jurisdiction === own.jurisdiction && a.rule.source === own.source),
  );
  const demand = {
    'tenant-declaration': 0,
    'explicit-consent': 0,
    notice: 1,
    'implied-by-knowledge': 1,
    deemed: 2,
  } as const;
  const weight = (c: RuleCheck): [number, number] => [
    isRefused(c) ? -2 : c.covered === undefined ? -1 : c.covered.endMs - c.covered.startMs,
    c.basis === undefined ? 0 : demand[c.basis],
  ];
  const lighter = (a: RuleCheck, b: RuleCheck) => {
    const [x, y] = [weight(a), weight(b)];
    return x[0] < y[0] || (x[0] === y[0] && x[1] < y[1]);
  };
  let best = checks[ownIndex]?.required ? ownIndex : -1;
  checks.forEach((c, i) => {
    if (c.required && (best < 0 || lighter(c, checks[best]))) best = i;
  });
  return best >= 0 ? best : ownIndex;
}

/**
 * Could consent that has not arrived yet still make the call keepable? Each
 * participant is given the most that late events could add (consent from 0
 * up to any refusal already on file); refusals stay final.
 */
function couldLateConsentSave(applied: Applied[], checks: RuleCheck[][], durationMs: number): boolean {
  const kept = applied.map(({ rule }, r) =>
    keptUnder(
      rule,
      checks.map((c) => {
        const s = c[r];
        if (isRefused(s)) return undefined;
        return { startMs: 0, endMs: s.covered?.endMs ?? durationMs };
      }),
      durationMs,
    ),
  );
  return kept.reduce<Span[]>((acc, k) => intersect(acc, k), [{ startMs: 0, endMs: durationMs }]).length > 0;
}

function trimReason(gap: Span, checks: RuleCheck[][]): ConsentTrim['reason'] {
  if (gap.startMs === 0) return 'CONSENT_NOT_YET_GIVEN';
  const ended = checks.flat().find((c) => c.covered?.endMs === gap.startMs && c.blockedBy !== undefined);
  return ended?.status === 'declined' ? 'CONSENT_DECLINED' : 'CONSENT_REVOKED';
}

function lawfulBasisDeclared(
  rule: ResolvedRule,
  declarations: Declarations,
): Extract<ReliedDeclaration, { kind: 'lawful-basis' }> | undefined {
  if (rule.decidablePerCall || rule.jurisdiction === null) return undefined;
  const declared = declarations.lawfulBasis?.[rule.jurisdiction];
  return declared && { kind: 'lawful-basis' as const, jurisdiction: rule.jurisdiction, ...declared };
}

function blockerReason(participant: string, c: RuleCheck, rule: ResolvedRule): Reason {
  const under = `under ${describe(rule)}`;
  switch (c.status) {
    case 'declined':
      return {
        code: 'REQUIRED_PARTY_DECLINED',
        message: `Required party ${participant} declined recording (${under}).`,
      };
    case 'revoked':
      return {
        code: 'REQUIRED_PARTY_REVOKED',
        message: `Required party ${participant} revoked consent before giving it (${under}).`,
      };
    default:
      return {
        code: 'REQUIRED_PARTY_MISSING',
        message: `Required party ${participant} did not validly consent ${under} (${c.reasonCode}).`,
      };
  }
}

function inputProblems(input: ConsentInput): Reason[] {
  const problems: Reason[] = [];
  if (!Number.isFinite(input.durationMs) || input.durationMs <= 0) {
    problems.push({
      code: 'INVALID_DURATION',
      message: `durationMs must be a positive number, got ${input.durationMs}.`,
    });
  }
  if (input.participants.length === 0) {
    problems.push({ code: 'NO_PARTICIPANTS', message: 'The call lists no participants.' });
  }
  const ids = new Set<string>();
  for (const p of input.participants) {
    if (ids.has(p.id) || p.id === ALL_PARTICIPANTS) {
      problems.push({
        code: 'INVALID_PARTICIPANT_ID',
        message: `Participant id ${JSON.stringify(p.id)} is duplicated or reserved.`,
      });
    }
    ids.add(p.id);
  }
  input.consent.forEach((e, i) => {
    if (e.participant === ALL_PARTICIPANTS) {
      if (!isNotice(e)) {
        problems.push({
          code: 'WILDCARD_EVENT_NOT_NOTICE',
          message: `Event ${i}: only a notice can be addressed to every participant.`,
        });
      }
    } else if (!ids.has(e.participant)) {
      problems.push({
        code: 'UNKNOWN_EVENT_PARTICIPANT',
        message: `Event ${i} names a participant who is not on the call.`,
      });
    }
  });
  return problems;
}

function appliedRule(rule: ResolvedRule): AppliedRule {
  const { lookup: _lookup, note: _note, ...rest } = rule;
  return rest;
}
