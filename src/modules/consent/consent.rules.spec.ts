import bundledRules from './rules/consent-rules.json';
import {
  ConsentRulesInvalidError,
  isValidJurisdiction,
  loadRuleSet,
  lookupRule,
  mergeOverrides,
  parseRuleOverrides,
  strictestOf,
  strictness,
} from './consent.rules';

const STATES = [
  'AL', 'AK', 'AZ', 'AR', 'CA', 'CO', 'CT', 'DE', 'FL', 'GA', 'HI', 'ID', 'IL', 'IN', 'IA', 'KS', 'KY',
  'LA', 'ME', 'MD', 'MA', 'MI', 'MN', 'MS', 'MO', 'MT', 'NE', 'NV', 'NH', 'NJ', 'NM', 'NY', 'NC', 'ND',
  'OH', 'OK', 'OR', 'PA', 'RI', 'SC', 'SD', 'TN', 'TX', 'UT', 'VT', 'VA', 'WA', 'WV', 'WI', 'WY',
];
const EU = [
  'AT', 'BE', 'BG', 'HR', 'CY', 'CZ', 'DK', 'EE', 'FI', 'FR', 'DE', 'GR', 'HU', 'IE', 'IT', 'LV', 'LT',
  'LU', 'MT', 'NL', 'PL', 'PT', 'RO', 'SK', 'SI', 'ES', 'SE',
];
const EEA_ONLY = ['IS', 'LI', 'NO'];
const ALL_PARTY_STATES = ['CA', 'DE', 'FL', 'IL', 'MD', 'MA', 'MT', 'NV', 'NH', 'PA', 'WA'];

const ruleSet = loadRuleSet();

describe('consent rule file', () => {
  it('has a dated version', () => {
    expect(ruleSet.version).toMatch(/^\d{4}-\d{2}-\d{2}\.\d+$/);
  });

  it('covers the federal default, all 50 states and DC', () => {
    expect(STATES).toHaveLength(50);
    for (const code of ['US', 'US-DC', ...STATES.map((s) => `US-${s}`)]) {
      expect(lookupRule(ruleSet, code)).toMatchObject({ jurisdiction: code, lookup: 'MATCHED' });
    }
  });

  it('covers every EU and EEA member state and GB with a legal basis', () => {
    expect(EU).toHaveLength(27);
    for (const code of [...EU, ...EEA_ONLY, 'GB']) {
      const rule = ruleSet.jurisdictions[code];
      expect(rule).toBeDefined();
      expect(rule.basis).toMatch(/GDPR/);
    }
  });

  it('gives every entry a citation, and a note for every non-baseline EU entry', () => {
    for (const [code, rule] of Object.entries(ruleSet.jurisdictions)) {
      expect(isValidJurisdiction(code)).toBe(true);
      expect(rule.citation.trim().length).toBeGreaterThan(5);
      if (EU.includes(code) && rule.kind !== 'lawful-basis-notice') expect(rule.note).toBeDefined();
    }
  });

  it.each(ALL_PARTY_STATES)('US-%s is all-party', (state) => {
    expect(ruleSet.jurisdictions[`US-${state}`].kind).toBe('all-party');
  });

  it.each([
    ['US-CT', 'all-party', /52-570d/],
    ['US-MI', 'all-party', /Sullivan v\. Gray/],
    ['US-OR', 'one-party', /in-person/],
    ['US-NV', 'all-party', /Lane v\. Allstate/],
  ])('records the mixed state %s as %s with a note', (code, kind, note) => {
    const rule = ruleSet.jurisdictions[code];
    expect(rule.kind).toBe(kind);
    expect(`${rule.citation} ${rule.note}`).toMatch(note);
  });

  it.each([
    ['US', /18 U\.S\.C\. §2511\(2\)\(d\)/],
    ['US-CA', /Cal\. Penal Code §632, §632\.7/],
    ['US-FL', /Fla\. Stat\. §934\.03/],
    ['US-IL', /720 ILCS 5\/14-2/],
    ['US-MD', /Cts\. & Jud\. Proc\. §10-402/],
    ['US-MA', /c\. 272, §99/],
    ['US-MT', /§45-8-213/],
    ['US-NV', /200\.620/],
    ['US-NH', /570-A:2/],
    ['US-PA', /18 Pa\.C\.S\. §5703, §5704/],
    ['US-WA', /9\.73\.030/],
    ['US-DE', /11 Del\. C\. §2402/],
    ['US-GA', /O\.C\.G\.A\. §16-11-62, §16-11-66/],
    ['GB', /Investigatory Powers Act 2016.*Lawful Business Practice/],
  ])('%s cites %s', (code, citation) => {
    expect(ruleSet.jurisdictions[code].citation).toMatch(citation);
  });

  it('states the deemed-consent rule for agents', () => {
    expect(ruleSet.deemedConsentRoles).toEqual(['agent']);
    expect(bundledRules.deemedConsent.note).toMatch(/agent/);
  });

  it('is frozen', () => {
    expect(Object.isFrozen(ruleSet.jurisdictions['US-CA'])).toBe(true);
  });
});

describe('lookupRule', () => {
  it.each([
    [undefined, 'JURISDICTION_MISSING'],
    ['', 'JURISDICTION_MISSING'],
    ['us-ca', 'JURISDICTION_INVALID'],
    ['California', 'JURISDICTION_INVALID'],
    ['US-XX', 'JURISDICTION_UNKNOWN'],
    ['JP', 'JURISDICTION_UNKNOWN'],
    ['CA-ON', 'JURISDICTION_UNKNOWN'],
  ])('%p gets the strictest rule (%s)', (code, lookup) => {
    expect(lookupRule(ruleSet, code)).toMatchObject({
      kind: 'all-party',
      acceptsNotice: false,
      source: 'default',
      lookup,
    });
  });

  it('applies the federal rule to a bare US', () => {
    expect(lookupRule(ruleSet, 'US')).toMatchObject({ kind: 'one-party', jurisdiction: 'US', source: 'rule-set' });
  });

  it('lets unlisted subdivisions of a GDPR country inherit the national rule', () => {
    expect(lookupRule(ruleSet, 'FR-75')).toMatchObject({ jurisdiction: 'FR', kind: 'lawful-basis-notice', lookup: 'SUBDIVISION_INHERITED' });
    expect(lookupRule(ruleSet, 'GB-SCT')).toMatchObject({ jurisdiction: 'GB', lookup: 'SUBDIVISION_INHERITED' });
  });

  it('ignores inherited object keys', () => {
    expect(lookupRule({ ...ruleSet, jurisdictions: Object.create({ GB: ruleSet.jurisdictions.GB }) }, 'GB').source).toBe('default');
  });
});

describe('isValidJurisdiction', () => {
  it.each([
    ['US', true],
    ['US-CA', true],
    ['GB-SCT', true],
    ['FR-75', true],
    ['us', false],
    ['USA', false],
    ['US-', false],
    ['US-ABCD', false],
    ['US_CA', false],
    [' US', false],
  ])('%p → %p', (code, valid) => {
    expect(isValidJurisdiction(code)).toBe(valid);
  });
});

describe('strictness', () => {
  it('orders all-party > all-party with notice > lawful basis > one-party', () => {
    const order = [
      { kind: 'all-party', acceptsNotice: false },
      { kind: 'all-party', acceptsNotice: true },
      { kind: 'lawful-basis-notice', acceptsNotice: true },
      { kind: 'one-party', acceptsNotice: false },
      { kind: 'one-party', acceptsNotice: true },
    ] as const;
    const ranks = order.map(strictness);
    expect([...ranks].sort((a, b) => b - a)).toEqual(ranks);
    expect(new Set(ranks).size).toBe(order.length);
    expect(strictestOf([...order].reverse())).toBe(order[0]);
  });

  it('keeps the first of equally strict rules', () => {
    const ca = lookupRule(ruleSet, 'US-CA');
    const fl = lookupRule(ruleSet, 'US-FL');
    expect(strictestOf([ca, fl])).toBe(ca);
    expect(strictestOf([])).toBeUndefined();
  });
});

describe('rule documents', () => {
  const valid = JSON.parse(JSON.stringify(bundledRules));

  it.each([
    ['a missing version', (d: any) => delete d.version],
    ['an undated version', (d: any) => (d.version = 'latest')],
    ['a rule without citation', (d: any) => delete d.jurisdictions['US-CA'].citation],
    ['an empty citation', (d: any) => (d.jurisdictions['US-CA'].citation = '  ')],
    ['an unknown rule kind', (d: any) => (d.jurisdictions['US-CA'].kind = 'two-party')],
    ['a lowercase key', (d: any) => (d.jurisdictions['us-tx'] = d.jurisdictions['US-TX'])],
    ['a misspelt field', (d: any) => (d.jurisdictions['US-CA'].acceptNotice = true)],
    ['a lawful-basis rule without basis', (d: any) => delete d.jurisdictions.GB.basis],
    ['unlistedSubdivisions on a subdivision', (d: any) => (d.jurisdictions['US-CA'].unlistedSubdivisions = 'inherit')],
    ['an unknown deemed role', (d: any) => (d.deemedConsent.roles = ['supervisor'])],
  ])('rejects a rule set with %s', (_what, mutate) => {
    const doc = JSON.parse(JSON.stringify(valid));
    mutate(doc);
    expect(() => loadRuleSet(doc)).toThrow(ConsentRulesInvalidError);
  });

  it('accepts a valid override and records which rules it replaced', () => {
    const merged = mergeOverrides(
      ruleSet,
      parseRuleOverrides({
        version: 'tenant-7.3',
        rules: {
          'US-GA': { kind: 'all-party', acceptsNotice: true, citation: 'Tenant policy P-12' },
          'CA-ON': { kind: 'one-party', acceptsNotice: true, citation: 'Criminal Code (Canada) s. 184(2)(a)' },
        },
      }),
    );
    expect(merged.version).toBe(ruleSet.version);
    expect(merged.override?.version).toBe('tenant-7.3');
    expect(lookupRule(merged, 'US-GA')).toMatchObject({ kind: 'all-party', source: 'override' });
    expect(lookupRule(merged, 'CA-ON')).toMatchObject({ kind: 'one-party', source: 'override' });
    expect(lookupRule(merged, 'US-CA').source).toBe('rule-set');
    expect(lookupRule(ruleSet, 'US-GA').kind).toBe('one-party');
  });

  it.each([
    ['no version', { rules: {} }],
    ['an invalid jurisdiction', { version: '1', rules: { georgia: { kind: 'one-party', acceptsNotice: true, citation: 'x' } } }],
    ['a rule without citation', { version: '1', rules: { 'US-GA': { kind: 'one-party', acceptsNotice: true } } }],
    ['extra fields', { version: '1', rules: {}, tenantId: 'abc' }],
  ])('rejects an override with %s', (_what, doc) => {
    expect(() => parseRuleOverrides(doc)).toThrow(ConsentRulesInvalidError);
  });
});
