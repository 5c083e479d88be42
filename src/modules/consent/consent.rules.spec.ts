import bundledRules from './rules/consent-rules.json';
import {
  ConsentRulesInvalidError,
  isValidJurisdiction,
  loadRuleSet,
  looseningsOf,
  lookupRule,
  mergeOverrides,
  parseRuleOverrides,
  RULE_ATTRIBUTES,
  type RuleSet,
} from './consent.rules';

const STATES = [
  'AL',
  'AK',
  'AZ',
  'AR',
  'CA',
  'CO',
  'CT',
  'DE',
  'FL',
  'GA',
  'HI',
  'ID',
  'IL',
  'IN',
  'IA',
  'KS',
  'KY',
  'LA',
  'ME',
  'MD',
  'MA',
  'MI',
  'MN',
  'MS',
  'MO',
  'MT',
  'NE',
  'NV',
  'NH',
  'NJ',
  'NM',
  'NY',
  'NC',
  'ND',
  'OH',
  'OK',
  'OR',
  'PA',
  'RI',
  'SC',
  'SD',
  'TN',
  'TX',
  'UT',
  'VT',
  'VA',
  'WA',
  'WV',
  'WI',
  'WY',
];
const EU = [
  'AT',
  'BE',
  'BG',
  'HR',
  'CY',
  'CZ',
  'DK',
  'EE',
  'FI',
  'FR',
  'DE',
  'GR',
  'HU',
  'IE',
  'IT',
  'LV',
  'LT',
  'LU',
  'MT',
  'NL',
  'PL',
  'PT',
  'RO',
  'SK',
  'SI',
  'ES',
  'SE',
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

  it('covers every EU and EEA member state, Switzerland and GB with a legal basis, an objection covering the whole call, and a review note', () => {
    expect(EU).toHaveLength(27);
    for (const code of [...EU, ...EEA_ONLY, 'CH', 'GB']) {
      const rule = ruleSet.jurisdictions[code];
      expect(rule).toBeDefined();
      expect(rule.lawfulBasis).toMatch(/GDPR|FADP/);
      expect(rule.declineScope).toBe('whole-call');
      expect(rule.partyConsent).toBe('all');
      expect(rule.note?.length).toBeGreaterThan(40);
      expect(rule.unlistedSubdivisions).toBe('inherit');
    }
  });

  it('gives every entry a citation and states every attribute', () => {
    for (const [code, rule] of Object.entries(ruleSet.jurisdictions)) {
      expect(isValidJurisdiction(code)).toBe(true);
      expect(rule.citation.trim().length).toBeGreaterThan(5);
      for (const attr of RULE_ATTRIBUTES)
        expect([code, attr, typeof rule[attr]]).toEqual([code, attr, expect.stringMatching(/boolean|string/)]);
    }
  });

  it('says where a stricter reading was taken instead of a lenient one', () => {
    for (const code of ['DK', 'HR', 'GR', 'PT', 'SI', 'AT', 'US-DE', 'US-MI']) {
      expect([code, ruleSet.jurisdictions[code].note]).toEqual([code, expect.stringMatching(/stricter/i)]);
    }
  });

  it('keeps every US jurisdiction trimming from a decline, and every other one rejecting on objection', () => {
    for (const [code, rule] of Object.entries(ruleSet.jurisdictions)) {
      expect([code, rule.declineScope]).toEqual([code, code.startsWith('US') ? 'from-decline' : 'whole-call']);
    }
  });

  it.each(ALL_PARTY_STATES)('US-%s is all-party', (state) => {
    expect(ruleSet.jurisdictions[`US-${state}`].partyConsent).toBe('all');
  });

  // One row per change in this rule-set version, each with the citation it rests on.
  it.each(bundledRules.changes.map((c) => [c.jurisdiction, c.citation, c.change]))(
    '%s cites %s for: %s',
    (code, citation) => {
      expect(ruleSet.jurisdictions[code].citation).toContain(citation);
    },
  );

  it.each([
    ['US-WA', { noticeMustBeRecorded: true, acceptsNotice: true }],
    ['US-CT', { noticeMustBeRecorded: true, priorConsentMustBeWritten: true }],
    ['US-NH', { acceptsNotice: true, impliedByKnowledge: true }],
    ['US-MD', { acceptsNotice: true, impliedByKnowledge: true }],
    ['US-NV', { extraterritorial: false, acceptsNotice: false }],
    ['DE', { agentMustConsent: true, acceptsNotice: false }],
    ['FR', { decidablePerCall: false, impliedByKnowledge: true }],
    ['CH', { agentMustConsent: true, impliedByKnowledge: true }],
  ])('%s has the attributes the second review found', (code, attributes) => {
    expect(ruleSet.jurisdictions[code]).toMatchObject(attributes);
  });

  it.each([
    ['US-CT', 'all-party', /52-570d/],
    ['US-MI', 'all-party', /Sullivan v\. Gray/],
    ['US-OR', 'one-party', /in-person/],
    ['US-NV', 'all-party', /Lane v\. Allstate/],
  ])('records the mixed state %s as %s with a note', (code, kind, note) => {
    const rule = ruleSet.jurisdictions[code];
    expect(rule.partyConsent).toBe(kind === 'one-party' ? 'one' : 'all');
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
    ['US-NV', /200\.620.*Ditech Financial LLC v\. Buckles/],
    ['US-NH', /570-A:2; State v\. Locke/],
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
      partyConsent: 'all',
      acceptsNotice: false,
      noticeMustBeRecorded: true,
      declineScope: 'whole-call',
      source: 'default',
      lookup,
    });
  });

  it('applies the federal rule to a bare US', () => {
    expect(lookupRule(ruleSet, 'US')).toMatchObject({ partyConsent: 'one', jurisdiction: 'US', source: 'rule-set' });
  });

  it('lets unlisted subdivisions of a GDPR country inherit the national rule', () => {
    const fr75 = lookupRule(ruleSet, 'FR-75');
    expect(fr75).toMatchObject({ jurisdiction: 'FR', lookup: 'SUBDIVISION_INHERITED' });
    expect(typeof fr75.lawfulBasis).toBe('string');
    expect(lookupRule(ruleSet, 'GB-SCT')).toMatchObject({ jurisdiction: 'GB', lookup: 'SUBDIVISION_INHERITED' });
  });

  it('ignores inherited object keys', () => {
    expect(
      lookupRule(
        { ...ruleSet, jurisdictions: Object.create({ GB: ruleSet.jurisdictions.GB }) as RuleSet['jurisdictions'] },
        'GB',
      ).source,
    ).toBe('default');
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

/** A rule document as plain JSON, to be broken in place. */
interface RuleDocument {
  version?: unknown;
  jurisdictions: Record<string, Record<string, unknown>>;
  deemedConsent: Record<string, unknown>;
}

describe('rule documents', () => {
  const valid = JSON.stringify(bundledRules);

  it.each([
    ['a missing version', (d: RuleDocument) => delete d.version],
    ['an undated version', (d: RuleDocument) => (d.version = 'latest')],
    ['a rule without citation', (d: RuleDocument) => delete d.jurisdictions['US-CA'].citation],
    ['an empty citation', (d: RuleDocument) => (d.jurisdictions['US-CA'].citation = '  ')],
    ['an unknown party-consent value', (d: RuleDocument) => (d.jurisdictions['US-CA'].partyConsent = 'two')],
    ['a missing attribute', (d: RuleDocument) => delete d.jurisdictions['US-CA'].noticeMustBeRecorded],
    ['implied consent without notice', (d: RuleDocument) => (d.jurisdictions['US-NH'].acceptsNotice = false)],
    ['a lowercase key', (d: RuleDocument) => (d.jurisdictions['us-tx'] = d.jurisdictions['US-TX'])],
    ['a misspelt field', (d: RuleDocument) => (d.jurisdictions['US-CA'].acceptNotice = true)],
    ['an empty lawful basis', (d: RuleDocument) => (d.jurisdictions.GB.lawfulBasis = ' ')],
    [
      'unlistedSubdivisions on a subdivision',
      (d: RuleDocument) => (d.jurisdictions['US-CA'].unlistedSubdivisions = 'inherit'),
    ],
    ['an unknown deemed role', (d: RuleDocument) => (d.deemedConsent.roles = ['supervisor'])],
  ])('rejects a rule set with %s', (_what, mutate) => {
    const doc = JSON.parse(valid) as RuleDocument;
    mutate(doc);
    expect(() => loadRuleSet(doc)).toThrow(ConsentRulesInvalidError);
  });

  it('accepts a valid override and records which rules it replaced', () => {
    const merged = mergeOverrides(
      ruleSet,
      parseRuleOverrides({
        version: 'tenant-7.3',
        rules: {
          'US-GA': { partyConsent: 'all', citation: 'Tenant policy P-12' },
          'CA-ON': { partyConsent: 'one', acceptsNotice: true, citation: 'Criminal Code (Canada) s. 184(2)(a)' },
        },
      }),
    );
    expect(merged.version).toBe(ruleSet.version);
    expect(merged.override?.version).toBe('tenant-7.3');
    expect(lookupRule(merged, 'US-GA')).toMatchObject({
      partyConsent: 'all',
      acceptsNotice: true,
      citation: ruleSet.jurisdictions['US-GA'].citation,
      source: 'override',
      override: { version: 'tenant-7.3', citation: 'Tenant policy P-12', tightened: ['partyConsent'], overruled: [] },
    });
    // A jurisdiction the rule set does not cover takes the tenant's rule, the rest at the strictest value.
    expect(lookupRule(merged, 'CA-ON')).toMatchObject({
      partyConsent: 'one',
      acceptsNotice: true,
      noticeMustBeRecorded: true,
      source: 'override',
    });
    expect(lookupRule(merged, 'US-CA').source).toBe('rule-set');
    expect(lookupRule(ruleSet, 'US-GA').partyConsent).toBe('one');
  });

  it("reads an override stored in the first pass's shape (kind, basis) as the attributes it meant, never looser than the law", () => {
    // Stored before rule set 2026-12-02.1; stored versions are never rewritten.
    const stored = {
      version: 'tenant-1',
      rules: {
        'US-GA': { kind: 'all-party', acceptsNotice: false, citation: 'Tenant policy P-3' },
        'US-CA': { kind: 'one-party', acceptsNotice: true, citation: 'Tenant policy P-4' },
        GB: {
          kind: 'lawful-basis-notice',
          acceptsNotice: true,
          basis: 'UK GDPR Art. 6(1)(f)',
          citation: 'Tenant DPIA 2025-4',
        },
      },
    };
    const merged = mergeOverrides(ruleSet, stored);
    expect(lookupRule(merged, 'US-GA')).toMatchObject({
      partyConsent: 'all',
      acceptsNotice: false,
      source: 'override',
    });
    // Cal. Penal Code §632 is all-party: the old override's one-party is overruled.
    expect(lookupRule(merged, 'US-CA')).toMatchObject({
      partyConsent: 'all',
      override: { overruled: ['partyConsent'] },
    });
    expect(lookupRule(merged, 'GB')).toMatchObject({ partyConsent: 'all', lawfulBasis: 'UK GDPR Art. 6(1)(f)' });
    // The admin endpoint's parser still takes only the current shape.
    expect(() => parseRuleOverrides(stored)).toThrow(ConsentRulesInvalidError);
  });

  it.each([
    ['no version', { rules: {} }],
    ['an invalid jurisdiction', { version: '1', rules: { georgia: { partyConsent: 'all', citation: 'x' } } }],
    ['a rule without citation', { version: '1', rules: { 'US-GA': { partyConsent: 'all' } } }],
    ["the first pass's kind field", { version: '1', rules: { 'US-GA': { kind: 'all-party', citation: 'x' } } }],
    ['extra fields', { version: '1', rules: {}, tenantId: 'abc' }],
    [
      'an employee-consent declaration without reference',
      { version: '1', declarations: { employeeConsent: { jurisdictions: ['DE'] } } },
    ],
    [
      'an employee-consent declaration without jurisdictions',
      { version: '1', declarations: { employeeConsent: { reference: 'x', jurisdictions: [] } } },
    ],
    [
      'a recording location that is not a code',
      { version: '1', declarations: { recordingLocation: { jurisdiction: 'Phoenix', reference: 'x' } } },
    ],
    [
      'a lawful basis without reference',
      { version: '1', declarations: { lawfulBasis: { FR: { basis: 'MiFID II art. 16(7)' } } } },
    ],
  ])('rejects an override with %s', (_what, doc) => {
    expect(() => parseRuleOverrides(doc)).toThrow(ConsentRulesInvalidError);
  });

  // Each row cites the law the override tries to go below (or tightens beyond).
  it.each([
    [
      'US-CA partyConsent one (Cal. Penal Code §632 is all-party)',
      'US-CA',
      { partyConsent: 'one' },
      ['rules.US-CA.partyConsent'],
    ],
    [
      'US-WA notice before the recording (RCW 9.73.030(3))',
      'US-WA',
      { noticeMustBeRecorded: false },
      ['rules.US-WA.noticeMustBeRecorded'],
    ],
    [
      'US-CT verbal prior consent (§52-570d(a)(1))',
      'US-CT',
      { priorConsentMustBeWritten: false },
      ['rules.US-CT.priorConsentMustBeWritten'],
    ],
    [
      'US-NV notice as consent (NRS 200.620, Lane v. Allstate)',
      'US-NV',
      { acceptsNotice: true },
      ['rules.US-NV.acceptsNotice'],
    ],
    [
      'DE agent deemed (§201 StGB)',
      'DE',
      { agentMustConsent: false, acceptsNotice: true },
      ['rules.DE.acceptsNotice', 'rules.DE.agentMustConsent'],
    ],
    ['FR decidable per call (CNIL NS-057)', 'FR', { decidablePerCall: true }, ['rules.FR.decidablePerCall']],
    ['GB objection trims only (UK GDPR Art. 21)', 'GB', { declineScope: 'from-decline' }, ['rules.GB.declineScope']],
    ['FR-75 inherits FR and may not loosen it', 'FR-75', { partyConsent: 'one' }, ['rules.FR-75.partyConsent']],
    ['US-NV reaching outside Nevada is tightening (Ditech)', 'US-NV', { extraterritorial: true }, []],
    [
      'US-GA all-party explicit is tightening (O.C.G.A. §16-11-66)',
      'US-GA',
      { partyConsent: 'all', acceptsNotice: false },
      [],
    ],
    ['US-NH no implied consent is tightening (State v. Locke)', 'US-NH', { impliedByKnowledge: false }, []],
    ['GB employee consent is tightening', 'GB', { agentMustConsent: true }, []],
    ['values equal to the law are not loosening', 'US-CA', { partyConsent: 'all', acceptsNotice: true }, []],
    [
      "a jurisdiction without a rule on file is the tenant's to state",
      'JP',
      { partyConsent: 'one', acceptsNotice: true },
      [],
    ],
  ])('override %s: looser fields %j', (_what, code, attributes, paths) => {
    const doc = { version: 't', rules: { [code]: { ...attributes, citation: 'Tenant policy' } } };
    expect(looseningsOf(ruleSet, doc).map((l) => l.path)).toEqual(paths);
    const merged = lookupRule(mergeOverrides(ruleSet, doc), code);
    for (const path of paths) {
      const attr = path.split('.').pop() as keyof typeof attributes;
      // Even if stored, a looser value never applies: the law's does.
      expect(merged[attr]).toBe(lookupRule(ruleSet, code)[attr]);
      expect(merged.override?.overruled).toContain(attr);
    }
  });

  it('names the law in the refusal message', () => {
    const [l] = looseningsOf(ruleSet, {
      version: 't',
      rules: { 'US-WA': { noticeMustBeRecorded: false, citation: 'x' } },
    });
    expect(l.message).toMatch(/looser than the law.*9\.73\.030/);
  });

  it('drops implied consent when an override stops accepting notice', () => {
    const merged = lookupRule(
      mergeOverrides(ruleSet, { version: 't', rules: { 'US-CA': { acceptsNotice: false, citation: 'x' } } }),
      'US-CA',
    );
    expect(merged).toMatchObject({
      acceptsNotice: false,
      impliedByKnowledge: false,
      override: { tightened: ['acceptsNotice'] },
    });
  });

  it('carries the tenant declarations through the merge', () => {
    const declarations = {
      employeeConsent: {
        reference: 'HR-2026-17 signed consents',
        worksCouncilAgreement: 'BV Gesprächsaufzeichnung 2026',
        jurisdictions: ['DE'],
      },
      lawfulBasis: { FR: { basis: 'Art. 6(1)(c) GDPR: MiFID II art. 16(7)', reference: 'Compliance memo 2026-04' } },
      recordingLocation: { jurisdiction: 'US-AZ', reference: 'Phoenix contact centre' },
    };
    expect(mergeOverrides(ruleSet, { version: 't', declarations }).declarations).toEqual(declarations);
  });
});
