import { lookupRule, type Declarations, type ResolvedRule, type RuleSet } from './consent.rules';
import { describe, type Participant } from './consent.standing';

/** Which rules apply to a call: each participant's own, and the rule where the tenant records. */

export const RECORDING_LOCATION = 'recording-location';

export interface Applied {
  rule: ResolvedRule;
  /** Participant ids whose jurisdiction brought the rule in, or `recording-location`. */
  because: string[];
}

export interface Note {
  code: string;
  message: string;
}

/**
 * The participant's own rule. A rule that does not reach recordings made
 * elsewhere (Nevada) gives way to the national rule when the tenant declares
 * that its recordings are made outside the jurisdiction.
 */
export function ownRule(rules: RuleSet, p: Participant, declarations: Declarations, reasons: Note[]): ResolvedRule {
  const rule = lookupRule(rules, p.jurisdiction);
  const note = jurisdictionNote(p, rule);
  if (note) reasons.push(note);
  const location = declarations.recordingLocation?.jurisdiction;
  if (rule.extraterritorial || !location || rule.jurisdiction === null || !outside(location, rule.jurisdiction))
    return rule;
  const country = rule.jurisdiction.slice(0, 2);
  const fallback = lookupRule(rules, country !== rule.jurisdiction ? country : location);
  reasons.push({
    code: 'RULE_NOT_EXTRATERRITORIAL',
    message: `${describe(rule)} does not reach recordings made outside it (${rule.citation}); the tenant records in ${location}, so ${p.id} is held to ${describe(fallback)}.`,
  });
  return fallback;
}

/** True when `location` is shown to be outside `jurisdiction`; a bare country inside it proves nothing. */
function outside(location: string, jurisdiction: string): boolean {
  return !(
    location === jurisdiction ||
    location.startsWith(`${jurisdiction}-`) ||
    jurisdiction.startsWith(`${location}-`)
  );
}

export function appliedRules(
  rules: RuleSet,
  own: { p: Participant; rule: ResolvedRule }[],
  declarations: Declarations,
): Applied[] {
  const applied: Applied[] = [];
  const add = (rule: ResolvedRule, why: string) => {
    const same = applied.find((a) => a.rule.jurisdiction === rule.jurisdiction && a.rule.source === rule.source);
    if (same) same.because.push(why);
    else applied.push({ rule, because: [why] });
  };
  for (const { p, rule } of own) add(rule, p.id);
  const location = declarations.recordingLocation?.jurisdiction;
  if (location) add(lookupRule(rules, location), RECORDING_LOCATION);
  // No participants: the strictest default still stands behind the rejection.
  if (applied.length === 0) add(lookupRule(rules, undefined), 'no participants');
  return applied;
}

function jurisdictionNote(p: Participant, rule: ResolvedRule): Note | undefined {
  switch (rule.lookup) {
    case 'JURISDICTION_MISSING':
      return { code: rule.lookup, message: `${p.id} has no jurisdiction; the strictest rule applies.` };
    case 'JURISDICTION_INVALID':
      return {
        code: rule.lookup,
        message: `${p.id} has a malformed jurisdiction ${JSON.stringify(p.jurisdiction)}; the strictest rule applies.`,
      };
    case 'JURISDICTION_UNKNOWN':
      return {
        code: rule.lookup,
        message: `No rule on file for ${p.jurisdiction} (${p.id}); the strictest rule applies.`,
      };
    default:
      return undefined;
  }
}
