import type {
  AppliedRule,
  ConsentDecision,
  ParticipantDecision,
  ReliedDeclaration,
  RuleOutcome,
} from './consent.decision';
import { RULE_ATTRIBUTES } from './consent.rules';

/** A consent event as the evidence bundle lists it. */
export interface EvidenceEvent {
  id: string;
  participant: string;
  kind: string;
  method: string;
  at: unknown;
  offsetMs: unknown;
}

export interface ParticipantEvidence {
  participant: string;
  role: string;
  jurisdiction: string | null;
  status: string;
  reasonCode: string;
  explanation: string;
  /** The rule that decided this participant, with the attributes it was held to. */
  ruleApplied: {
    jurisdiction: string | null;
    citation: string;
    source: string;
    attributes: Record<string, unknown>;
    lawfulBasis?: string;
    tenantOverride?: unknown;
  };
  /** Every rule of the call and the participant's standing under it. */
  checks: { rule: string | null; required: boolean; status: string; reasonCode: string }[];
  /** The events that satisfied the rule (consent or notice), and any that ended it. */
  satisfiedBy: (EvidenceEvent | { index: number; id: null })[];
  blockedBy: (EvidenceEvent | { index: number; id: null })[];
  /** On what the consent rests: explicit consent, notice, implied by knowledge, deemed, or a tenant declaration. */
  basis: string | null;
  declarationsRelied: ReliedDeclaration[];
  /** Said where the law cannot be decided from one call (France). */
  notDecidablePerCall: string[];
}

/** Fields that decisions stored before the second pass of the consent rules (per-rule checks, declarations) lack. */
type SecondPassFields = 'decidedBy' | 'checks' | 'declarations';

/** A consent decision as it may be stored on an older recording. */
export type StoredConsentDecision = Omit<ConsentDecision, 'rules' | 'participants'> & {
  rules?: RuleOutcome[];
  participants: (Omit<ParticipantDecision, SecondPassFields> & Partial<Pick<ParticipantDecision, SecondPassFields>>)[];
};

/**
 * The per-participant section of the evidence bundle: for each participant,
 * the rule applied, the events that satisfied it and the tenant declarations
 * relied on, read from the decision as it was taken (never re-decided) and
 * tied to the stored events by id.
 */
export function participantEvidence(
  decision: StoredConsentDecision | null,
  events: EvidenceEvent[],
): ParticipantEvidence[] {
  if (!decision) return [];
  const byId = new Map(events.map((e) => [e.id, e]));
  const cite = (index: number | undefined) => {
    if (index === undefined) return [];
    const id = decision.eventIds?.[index] ?? null;
    return [(id !== null && byId.get(id)) || { index, id: null }];
  };
  const undecidable = (decision.rules ?? []).filter((r) => !r.rule.decidablePerCall);
  return decision.participants.map((p) => {
    const rule = p.decidedBy ?? p.rule;
    return {
      participant: p.participant,
      role: p.role,
      jurisdiction: p.jurisdiction,
      status: p.status,
      reasonCode: p.reasonCode,
      explanation: p.message,
      ruleApplied: ruleView(rule),
      checks: (p.checks ?? []).map((c) => ({
        rule: c.rule,
        required: c.required,
        status: c.status,
        reasonCode: c.reasonCode,
      })),
      satisfiedBy: cite(p.satisfiedBy),
      blockedBy: cite(p.blockedBy),
      basis: p.basis ?? null,
      declarationsRelied: p.declarations ?? [],
      notDecidablePerCall: undecidable
        .filter((r) => r.appliesBecause.includes(p.participant))
        .map((r) => `${r.rule.jurisdiction}: ${r.note ?? r.rule.citation}`),
    };
  });
}

function ruleView(rule: AppliedRule): ParticipantEvidence['ruleApplied'] {
  const attributes = Object.fromEntries(RULE_ATTRIBUTES.filter((a) => a in rule).map((a) => [a, rule[a]]));
  return {
    jurisdiction: rule.jurisdiction,
    citation: rule.citation,
    source: rule.source,
    attributes,
    ...(rule.lawfulBasis !== undefined && { lawfulBasis: rule.lawfulBasis }),
    ...(rule.override !== undefined && { tenantOverride: rule.override }),
  };
}
