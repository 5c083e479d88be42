import { z } from 'zod';
import bundledRules from './rules/consent-rules.json';

/**
 * Consent rules are data (rules/consent-rules.json), versioned, and stored
 * with every decision so a recording can always be traced to the exact rules
 * that let it through. This file validates that data, merges tenant overrides
 * over it and answers "which rule applies to this jurisdiction".
 */

export const JURISDICTION_PATTERN = /^[A-Z]{2}(-[A-Z0-9]{1,3})?$/;

export const RULE_KINDS = ['all-party', 'lawful-basis-notice', 'one-party'] as const;
export type RuleKind = (typeof RULE_KINDS)[number];

export const PARTICIPANT_ROLES = ['customer', 'agent', 'third-party'] as const;
export type ParticipantRole = (typeof PARTICIPANT_ROLES)[number];

export function isValidJurisdiction(code: unknown): code is string {
  return typeof code === 'string' && JURISDICTION_PATTERN.test(code);
}

const jurisdictionKeySchema = z
  .string()
  .regex(JURISDICTION_PATTERN, 'must be ISO 3166-1 alpha-2 or ISO 3166-2, e.g. "GB" or "US-CA"');

const ruleSchema = z
  .strictObject({
    kind: z.enum(RULE_KINDS),
    acceptsNotice: z.boolean(),
    citation: z.string().trim().min(1),
    basis: z.string().trim().min(1).optional(),
    note: z.string().trim().min(1).optional(),
    // Only on country entries: what a subdivision that is not listed gets.
    // US states each have their own law, so an unlisted one must not inherit
    // the lenient federal rule; GDPR countries legislate nationally.
    unlistedSubdivisions: z.enum(['inherit', 'strictest']).optional(),
  })
  .refine((r) => r.kind !== 'lawful-basis-notice' || (r.acceptsNotice && r.basis !== undefined), {
    message: 'a lawful-basis-notice rule names its legal basis and accepts notice',
  });

export type Rule = z.infer<typeof ruleSchema>;

const rulesByJurisdictionSchema = z
  .record(jurisdictionKeySchema, ruleSchema)
  .superRefine((rules, ctx) => {
    for (const [code, rule] of Object.entries(rules)) {
      if (rule.unlistedSubdivisions !== undefined && code.includes('-')) {
        ctx.addIssue({ code: 'custom', path: [code], message: 'unlistedSubdivisions is only valid on a country entry' });
      }
    }
  });

export const ruleSetDocumentSchema = z.strictObject({
  version: z.string().regex(/^\d{4}-\d{2}-\d{2}\.\d+$/, 'must look like 2026-11-25.1'),
  description: z.string().optional(),
  deemedConsent: z.strictObject({
    roles: z.array(z.enum(PARTICIPANT_ROLES)),
    note: z.string().trim().min(1),
  }),
  jurisdictions: rulesByJurisdictionSchema,
});

/** A tenant's override document, as the admin endpoint will accept it. */
export const ruleOverridesSchema = z.strictObject({
  version: z.string().trim().min(1).max(100),
  rules: rulesByJurisdictionSchema,
});

export type RuleOverrides = z.infer<typeof ruleOverridesSchema>;

export interface RuleSet {
  readonly version: string;
  /** Roles deemed to consent by recording the call (the tenant's own agents). */
  readonly deemedConsentRoles: readonly ParticipantRole[];
  readonly jurisdictions: Readonly<Record<string, Rule>>;
  /** Present once tenant overrides have been merged in. */
  readonly override?: { readonly version: string; readonly jurisdictions: ReadonlySet<string> };
}

export type RuleSource = 'rule-set' | 'override' | 'default';

/** How a jurisdiction code was matched; anything but a match is worth reporting. */
export type LookupResult =
  | 'MATCHED'
  | 'SUBDIVISION_INHERITED'
  | 'JURISDICTION_MISSING'
  | 'JURISDICTION_INVALID'
  | 'JURISDICTION_UNKNOWN';

export interface ResolvedRule {
  /** The rule-set key that matched, or the requested code when the default applied (null if none was given). */
  readonly jurisdiction: string | null;
  readonly kind: RuleKind;
  readonly acceptsNotice: boolean;
  readonly citation: string;
  readonly basis?: string;
  readonly note?: string;
  readonly source: RuleSource;
  readonly lookup: LookupResult;
}

/** Fail closed: no rule on file means every party must explicitly consent. */
export const STRICTEST_RULE: Rule = Object.freeze({
  kind: 'all-party',
  acceptsNotice: false,
  citation: 'No rule on file for this jurisdiction: strictest rule applied (all-party, explicit consent)',
});

export class ConsentRulesInvalidError extends Error {
  readonly code = 'CONSENT_RULES_INVALID';

  constructor(what: string, detail: string) {
    super(`${what} is invalid:\n${detail}`);
    this.name = 'ConsentRulesInvalidError';
  }
}

/** Validates a rule-set document (the bundled JSON by default) and freezes it. */
export function loadRuleSet(document: unknown = bundledRules): RuleSet {
  const parsed = ruleSetDocumentSchema.safeParse(document);
  if (!parsed.success) throw new ConsentRulesInvalidError('consent rule set', z.prettifyError(parsed.error));
  const { version, deemedConsent, jurisdictions } = parsed.data;
  return deepFreeze({ version, deemedConsentRoles: deemedConsent.roles, jurisdictions });
}

export function parseRuleOverrides(document: unknown): RuleOverrides {
  const parsed = ruleOverridesSchema.safeParse(document);
  if (!parsed.success) throw new ConsentRulesInvalidError('consent rule override', z.prettifyError(parsed.error));
  return parsed.data;
}

/**
 * Overrides replace (or add) whole entries: a partially merged rule would pair
 * one jurisdiction's kind with another's citation.
 */
export function mergeOverrides(ruleSet: RuleSet, overrides?: RuleOverrides): RuleSet {
  if (!overrides) return ruleSet;
  const { version, rules } = parseRuleOverrides(overrides);
  return deepFreeze({
    version: ruleSet.version,
    deemedConsentRoles: ruleSet.deemedConsentRoles,
    jurisdictions: { ...ruleSet.jurisdictions, ...rules },
    override: { version, jurisdictions: new Set(Object.keys(rules)) },
  });
}

export function lookupRule(ruleSet: RuleSet, jurisdiction: string | null | undefined): ResolvedRule {
  if (jurisdiction === undefined || jurisdiction === null || jurisdiction === '') {
    return resolved(null, STRICTEST_RULE, 'default', 'JURISDICTION_MISSING');
  }
  // Exact format only: guessing what "california" or "us-ga" meant is how a
  // lenient rule ends up applied to the wrong call.
  if (!isValidJurisdiction(jurisdiction)) {
    return resolved(jurisdiction, STRICTEST_RULE, 'default', 'JURISDICTION_INVALID');
  }
  const exact = ruleFor(ruleSet, jurisdiction);
  if (exact) return resolved(jurisdiction, exact, sourceOf(ruleSet, jurisdiction), 'MATCHED');

  const country = jurisdiction.slice(0, 2);
  const parent = country !== jurisdiction ? ruleFor(ruleSet, country) : undefined;
  if (parent?.unlistedSubdivisions === 'inherit') {
    return resolved(country, parent, sourceOf(ruleSet, country), 'SUBDIVISION_INHERITED');
  }
  return resolved(jurisdiction, STRICTEST_RULE, 'default', 'JURISDICTION_UNKNOWN');
}

/**
 * Strictness, highest first. Each level demands at least what the next one
 * does, so the strictest rule among a call's parties satisfies all of them:
 *   all-party, explicit consent only     5
 *   all-party, notice counts as consent  4
 *   lawful basis with notice to everyone 3
 *   one-party, explicit consent only     2
 *   one-party, notice counts             1
 */
export function strictness(rule: Pick<Rule, 'kind' | 'acceptsNotice'>): number {
  switch (rule.kind) {
    case 'all-party':
      return rule.acceptsNotice ? 4 : 5;
    case 'lawful-basis-notice':
      return 3;
    case 'one-party':
      return rule.acceptsNotice ? 1 : 2;
  }
}

/** The strictest rule; on a tie the first one wins, so the result is stable. */
export function strictestOf<T extends Pick<Rule, 'kind' | 'acceptsNotice'>>(rules: readonly T[]): T | undefined {
  let best: T | undefined;
  for (const rule of rules) {
    if (best === undefined || strictness(rule) > strictness(best)) best = rule;
  }
  return best;
}

function ruleFor(ruleSet: RuleSet, code: string): Rule | undefined {
  return Object.hasOwn(ruleSet.jurisdictions, code) ? ruleSet.jurisdictions[code] : undefined;
}

function sourceOf(ruleSet: RuleSet, code: string): RuleSource {
  return ruleSet.override?.jurisdictions.has(code) ? 'override' : 'rule-set';
}

function resolved(
  jurisdiction: string | null,
  rule: Rule,
  source: RuleSource,
  lookup: LookupResult,
): ResolvedRule {
  const { kind, acceptsNotice, citation, basis, note } = rule;
  return {
    jurisdiction,
    kind,
    acceptsNotice,
    citation,
    ...(basis !== undefined && { basis }),
    ...(note !== undefined && { note }),
    source,
    lookup,
  };
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value) && !(value instanceof Set)) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}
