import { z } from 'zod';
import { stripControlCharacters } from '../../common/validation';
import bundledRules from './rules/consent-rules.json';

/**
 * Consent rules are data (rules/consent-rules.json), versioned, and stored
 * with every decision so a recording can always be traced to the exact rules
 * that let it through. This file validates that data, merges a tenant's
 * override document over it (tightening only) and answers "which rule applies
 * to this jurisdiction".
 *
 * A rule is a set of attributes rather than one strictness rank: a rank put
 * "notice counts" above "one party, explicit consent only", so a call that met
 * the higher-ranked rule was never checked against the other one.
 */

export const JURISDICTION_PATTERN = /^[A-Z]{2}(-[A-Z0-9]{1,3})?$/;

export const PARTICIPANT_ROLES = ['customer', 'agent', 'third-party'] as const;
export type ParticipantRole = (typeof PARTICIPANT_ROLES)[number];

export function isValidJurisdiction(code: unknown): code is string {
  return typeof code === 'string' && JURISDICTION_PATTERN.test(code);
}

const jurisdictionKeySchema = z
  .string()
  .regex(JURISDICTION_PATTERN, 'must be ISO 3166-1 alpha-2 or ISO 3166-2, e.g. "GB" or "US-CA"');

/**
 * What a jurisdiction demands. Each attribute has a stricter value, so a
 * tenant can only move an attribute towards it (`stricterValue`).
 */
const attributeShape = {
  /** `all`: every participant must be covered; `one`: at least one, at every moment. */
  partyConsent: z.enum(['all', 'one']),
  /** An in-call notice (announcement or verbal) followed by continuing the call counts as consent. */
  acceptsNotice: z.boolean(),
  /** Why notice counts: courts (or a statutory presumption) infer consent from knowing of the recording. */
  impliedByKnowledge: z.boolean(),
  /** A notice counts only if it is inside the recording (not before it started). */
  noticeMustBeRecorded: z.boolean(),
  /** Consent given before the recording started counts only if it was written. */
  priorConsentMustBeWritten: z.boolean(),
  /** The tenant's agent is not deemed to consent: an agent consent event or a tenant declaration is needed. */
  agentMustConsent: z.boolean(),
  /** The rule reaches recordings made outside the jurisdiction. */
  extraterritorial: z.boolean(),
  /** What a decline covers: the rest of the call from the decline, or the whole call (a GDPR objection). */
  declineScope: z.enum(['from-decline', 'whole-call']),
  /** false: lawfulness depends on facts outside the call (e.g. whether recording is systematic). */
  decidablePerCall: z.boolean(),
};

export type RuleAttributes = { [K in keyof typeof attributeShape]: z.infer<(typeof attributeShape)[K]> };
export type RuleAttribute = keyof RuleAttributes;
export const RULE_ATTRIBUTES = Object.keys(attributeShape) as RuleAttribute[];

const STRICTER: { [K in RuleAttribute]: RuleAttributes[K] } = {
  partyConsent: 'all',
  acceptsNotice: false,
  impliedByKnowledge: false,
  noticeMustBeRecorded: true,
  priorConsentMustBeWritten: true,
  agentMustConsent: true,
  extraterritorial: true,
  declineScope: 'whole-call',
  decidablePerCall: false,
};

const text = z.string().trim().min(1);

const ruleSchema = z
  .strictObject({
    ...attributeShape,
    /** The data-protection legal basis, where one is needed (GDPR and the like). */
    lawfulBasis: text.optional(),
    citation: text,
    note: text.optional(),
    // Only on country entries: what a subdivision that is not listed gets.
    // US states each have their own law, so an unlisted one must not inherit
    // the lenient federal rule; GDPR countries legislate nationally.
    unlistedSubdivisions: z.enum(['inherit', 'strictest']).optional(),
  })
  .refine((r) => !r.impliedByKnowledge || r.acceptsNotice, {
    error: 'a rule that implies consent from knowledge accepts notice',
    path: ['impliedByKnowledge'],
  });

export type Rule = z.infer<typeof ruleSchema>;

function noSubdivisionDefaults(rules: Record<string, { unlistedSubdivisions?: unknown }>, ctx: z.RefinementCtx): void {
  for (const [code, rule] of Object.entries(rules)) {
    if (rule.unlistedSubdivisions !== undefined && code.includes('-')) {
      ctx.addIssue({ code: 'custom', path: [code], message: 'unlistedSubdivisions is only valid on a country entry' });
    }
  }
}

export const ruleSetDocumentSchema = z.strictObject({
  version: z.string().regex(/^\d{4}-\d{2}-\d{2}\.\d+$/, 'must look like 2026-11-25.1'),
  description: z.string().optional(),
  deemedConsent: z.strictObject({
    roles: z.array(z.enum(PARTICIPANT_ROLES)),
    note: text,
  }),
  changes: z.array(z.strictObject({ jurisdiction: jurisdictionKeySchema, change: text, citation: text })).optional(),
  jurisdictions: z.record(jurisdictionKeySchema, ruleSchema).superRefine(noSubdivisionDefaults),
});

/** An override entry: only the attributes the tenant tightens, and the tenant's own citation for them. */
const overrideRuleSchema = z.strictObject({
  ...Object.fromEntries(Object.entries(attributeShape).map(([k, s]) => [k, s.optional()])),
  lawfulBasis: text.optional(),
  citation: text,
  note: text.optional(),
}) as z.ZodType<Partial<RuleAttributes> & { lawfulBasis?: string; citation: string; note?: string }>;

/** Facts about the tenant that no single call can show, each with a reference a lawyer can follow. */
export const declarationsSchema = z.strictObject({
  /** Employees' consent to having their calls recorded (§201 StGB and the like), or the collective agreement the law requires. */
  employeeConsent: z
    .strictObject({
      reference: text.max(500),
      worksCouncilAgreement: text.max(500).optional(),
      /** Where the agents it covers work; an agent elsewhere is not covered. */
      jurisdictions: z.array(jurisdictionKeySchema).min(1).max(100),
    })
    .optional(),
  /** The tenant's legal basis per jurisdiction, for rules that cannot be decided per call (France). */
  lawfulBasis: z
    .record(jurisdictionKeySchema, z.strictObject({ basis: text.max(500), reference: text.max(500) }))
    .optional(),
  /** Where the tenant's recordings are made, for rules that do not reach recordings made elsewhere (Nevada). */
  recordingLocation: z.strictObject({ jurisdiction: jurisdictionKeySchema, reference: text.max(500) }).optional(),
});

export type Declarations = z.infer<typeof declarationsSchema>;

/** A tenant's override document, as the admin endpoint accepts it. */
export const ruleOverridesSchema = z.strictObject({
  // A label shown in the console and the audit trail: control characters stripped. Not masked like free
  // text: a card number in it is refused (the body's card guard), since a masked label is not the caller's.
  version: z.string().overwrite(stripControlCharacters).trim().min(1).max(100),
  rules: z.record(jurisdictionKeySchema, overrideRuleSchema).default({}),
  declarations: declarationsSchema.optional(),
});

export type RuleOverrides = z.input<typeof ruleOverridesSchema>;
/** An override document as stored: parsed, with `rules` always present. */
export type ParsedOverrides = z.output<typeof ruleOverridesSchema>;

export type RuleSource = 'rule-set' | 'override' | 'default';

/** How a tenant override changed a rule: what it tightened and what the law kept stricter. */
export interface OverrideApplied {
  readonly version: string;
  readonly citation: string;
  readonly tightened: readonly RuleAttribute[];
  /** Attributes the override tried to loosen below the law; the law's value applies. */
  readonly overruled: readonly RuleAttribute[];
}

type MergedRule = Rule & { readonly override?: OverrideApplied };

export interface RuleSet {
  readonly version: string;
  /** Roles deemed to consent by recording the call (the tenant's own agents). */
  readonly deemedConsentRoles: readonly ParticipantRole[];
  readonly jurisdictions: Readonly<Record<string, MergedRule>>;
  /** Present once tenant overrides have been merged in. */
  readonly override?: { readonly version: string; readonly jurisdictions: ReadonlySet<string> };
  readonly declarations?: Declarations;
}

/** How a jurisdiction code was matched; anything but a match is worth reporting. */
export type LookupResult =
  'MATCHED' | 'SUBDIVISION_INHERITED' | 'JURISDICTION_MISSING' | 'JURISDICTION_INVALID' | 'JURISDICTION_UNKNOWN';

export type ResolvedRule = RuleAttributes & {
  /** The rule-set key that matched, or the requested code when the default applied (null if none was given). */
  readonly jurisdiction: string | null;
  readonly citation: string;
  readonly lawfulBasis?: string;
  readonly note?: string;
  readonly source: RuleSource;
  readonly lookup: LookupResult;
  readonly override?: OverrideApplied;
};

/**
 * Fail closed: no rule on file means every party must explicitly consent,
 * with every attribute at its stricter value except two. The tenant's agent
 * is still deemed to consent: requiring the employee's own consent is a
 * feature of particular national laws (see DE), not something to presume.
 * And the call is decidable on its own: "not decidable per call" only
 * annotates a decision, it demands nothing more.
 */
export const STRICTEST_RULE: Rule = Object.freeze({
  ...STRICTER,
  agentMustConsent: false,
  decidablePerCall: true,
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

/** Checks the shape of an override document. Whether it loosens the law is `looseningsOf`. */
export function parseRuleOverrides(document: unknown): ParsedOverrides {
  const parsed = ruleOverridesSchema.safeParse(document);
  if (!parsed.success) throw new ConsentRulesInvalidError('consent rule override', z.prettifyError(parsed.error));
  return parsed.data;
}

const FIRST_PASS_KINDS: Record<string, 'one' | 'all'> = {
  'one-party': 'one',
  'all-party': 'all',
  'lawful-basis-notice': 'all',
};

/**
 * Override documents stored before rule set 2026-12-02.1 describe a rule by
 * `kind` and `basis`. Stored versions are never rewritten, so they are read
 * here as the attributes they meant; merging keeps the law's stricter value
 * for every attribute, so an old override can tighten but never loosen. The
 * admin endpoint accepts only the current shape.
 */
export function upgradeStoredOverride(document: unknown): unknown {
  if (typeof document !== 'object' || document === null) return document;
  const { rules } = document as { rules?: unknown };
  if (typeof rules !== 'object' || rules === null) return document;
  const upgraded = Object.fromEntries(
    Object.entries(rules as Record<string, unknown>).map(([code, entry]) => {
      if (typeof entry !== 'object' || entry === null || !('kind' in entry)) return [code, entry];
      const { kind, basis, ...rest } = entry as { kind: unknown; basis?: unknown };
      const partyConsent = typeof kind === 'string' ? FIRST_PASS_KINDS[kind] : undefined;
      return [
        code,
        { ...rest, ...(partyConsent && { partyConsent }), ...(basis !== undefined && { lawfulBasis: basis }) },
      ];
    }),
  );
  return { ...document, rules: upgraded };
}

/** Every attribute of an override that is looser than the law it would replace, by JSON path. */
export function looseningsOf(ruleSet: RuleSet, overrides: RuleOverrides): { path: string; message: string }[] {
  const { rules } = parseRuleOverrides(overrides);
  const found: { path: string; message: string }[] = [];
  for (const [code, entry] of Object.entries(rules)) {
    const law = lawFor(ruleSet, code);
    if (!law) continue;
    for (const attr of RULE_ATTRIBUTES) {
      const wanted = entry[attr];
      if (wanted === undefined || stricterValue(attr, law[attr], wanted) === wanted) continue;
      found.push({
        path: `rules.${code}.${attr}`,
        message: `${attr} ${JSON.stringify(wanted)} is looser than the law (${JSON.stringify(law[attr])} under ${law.citation}); an override may only tighten`,
      });
    }
  }
  return found;
}

/**
 * Merges a tenant's override over the rule set, attribute by attribute,
 * keeping the stricter value: an override stored under an older, more
 * lenient rule set can never loosen the current law. A jurisdiction the rule
 * set does not cover takes the tenant's rule as given (its citation is the
 * tenant's source), with every attribute it leaves out at the strictest value.
 */
export function mergeOverrides(ruleSet: RuleSet, overrides?: RuleOverrides): RuleSet {
  if (!overrides) return ruleSet;
  const { version, rules, declarations } = parseRuleOverrides(upgradeStoredOverride(overrides));
  const merged: Record<string, MergedRule> = { ...ruleSet.jurisdictions };
  for (const [code, entry] of Object.entries(rules)) {
    const law = lawFor(ruleSet, code);
    const tightened: RuleAttribute[] = [];
    const overruled: RuleAttribute[] = [];
    const attributes = {} as Record<RuleAttribute, unknown>;
    for (const attr of RULE_ATTRIBUTES) {
      const wanted = entry[attr];
      if (!law) {
        attributes[attr] = wanted ?? STRICTEST_RULE[attr];
        continue;
      }
      const kept = wanted === undefined ? law[attr] : stricterValue(attr, law[attr], wanted);
      attributes[attr] = kept;
      if (wanted !== undefined && kept !== law[attr]) tightened.push(attr);
      if (wanted !== undefined && kept !== wanted) overruled.push(attr);
    }
    // Without notice there is nothing to imply consent from.
    if (attributes.acceptsNotice === false) attributes.impliedByKnowledge = false;
    const lawfulBasis = entry.lawfulBasis ?? law?.lawfulBasis;
    const note = entry.note ?? law?.note;
    const unlisted = code.includes('-') ? undefined : law?.unlistedSubdivisions;
    merged[code] = {
      ...(attributes as RuleAttributes),
      ...(lawfulBasis !== undefined && { lawfulBasis }),
      citation: law ? law.citation : entry.citation,
      ...(note !== undefined && { note }),
      ...(unlisted !== undefined && { unlistedSubdivisions: unlisted }),
      override: { version, citation: entry.citation, tightened, overruled },
    };
  }
  return deepFreeze({
    version: ruleSet.version,
    deemedConsentRoles: ruleSet.deemedConsentRoles,
    jurisdictions: merged,
    override: { version, jurisdictions: new Set(Object.keys(rules)) },
    ...(declarations && { declarations }),
  });
}

export function stricterValue<K extends RuleAttribute>(
  attr: K,
  a: RuleAttributes[K],
  b: RuleAttributes[K],
): RuleAttributes[K] {
  return a === STRICTER[attr] || b === STRICTER[attr] ? STRICTER[attr] : a;
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

/** The law's own rule for an override key, if the rule set has one (directly or by inheritance). */
function lawFor(ruleSet: RuleSet, code: string): Rule | undefined {
  const law = lookupRule(ruleSet, code);
  if (law.lookup !== 'MATCHED' && law.lookup !== 'SUBDIVISION_INHERITED') return undefined;
  return law.jurisdiction === null ? undefined : ruleFor(ruleSet, law.jurisdiction);
}

function ruleFor(ruleSet: RuleSet, code: string): MergedRule | undefined {
  return Object.hasOwn(ruleSet.jurisdictions, code) ? ruleSet.jurisdictions[code] : undefined;
}

function sourceOf(ruleSet: RuleSet, code: string): RuleSource {
  return ruleSet.override?.jurisdictions.has(code) ? 'override' : 'rule-set';
}

function resolved(
  jurisdiction: string | null,
  rule: MergedRule,
  source: RuleSource,
  lookup: LookupResult,
): ResolvedRule {
  const { unlistedSubdivisions: _unlisted, ...rest } = rule;
  return { jurisdiction, ...rest, source, lookup };
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value) && !(value instanceof Set)) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}
