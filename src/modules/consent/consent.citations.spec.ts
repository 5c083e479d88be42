import {
  ConsentInput,
  ConsentOutcome,
  ConsentTrim,
  decideConsent,
  ParticipantStatus,
  ReliedDeclaration,
} from './consent.decision';
import { loadRuleSet, RuleOverrides } from './consent.rules';

/**
 * The second pass over the consent rules (issue 13), one row per scenario,
 * each naming the source it rests on. The first pass's 75 cases stay in
 * consent.decision.spec.ts.
 */

const ruleSet = loadRuleSet();
const END = 60_000;
const STARTED = '2026-12-01T09:00:00.000Z';

type P = ConsentInput['participants'][number];
type E = ConsentInput['consent'][number];

const customer = (id: string, jurisdiction?: string): P => ({ id, role: 'customer', jurisdiction });
const agent = (id: string, jurisdiction?: string): P => ({ id, role: 'agent', jurisdiction });
const thirdParty = (id: string, jurisdiction?: string): P => ({ id, role: 'third-party', jurisdiction });
const grant = (participant: string, offsetMs?: number, method: E['method'] = 'ivr-keypress'): E => ({
  participant,
  kind: 'granted',
  method,
  offsetMs,
});
const notice = (participant = '*', offsetMs = 0, method: E['method'] = 'announcement'): E => ({
  participant,
  kind: 'notified',
  method,
  offsetMs,
});
const decline = (participant: string, offsetMs?: number): E => ({
  participant,
  kind: 'declined',
  method: 'verbal',
  offsetMs,
});
const revoke = (participant: string, offsetMs?: number): E => ({
  participant,
  kind: 'revoked',
  method: 'verbal',
  offsetMs,
});
const at = (e: E, iso: string): E => {
  const { offsetMs: _dropped, ...rest } = e;
  return { ...rest, at: iso };
};
const call = (participants: P[], consent: E[], extra: Partial<ConsentInput> = {}): ConsentInput => ({
  startedAt: STARTED,
  durationMs: END,
  participants,
  consent,
  ...extra,
});
const override = (rules: RuleOverrides['rules'], declarations?: RuleOverrides['declarations']): RuleOverrides => ({
  version: 'tenant-13',
  rules,
  ...(declarations && { declarations }),
});

const EMPLOYEE_CONSENT = {
  reference: 'HR file EC-2026: signed consents of all agents',
  worksCouncilAgreement: 'BV Gesprächsaufzeichnung 2026-03',
  jurisdictions: ['DE'],
};
const FR_BASIS = {
  basis: 'GDPR Art. 6(1)(c): MiFID II art. 16(7) requires recording of order calls',
  reference: 'Compliance memo 2026-04',
};

type Expected = [ParticipantStatus, string, number?];

interface Row {
  name: string;
  source: string;
  input: ConsentInput;
  overrides?: RuleOverrides;
  outcome: ConsentOutcome;
  trims?: [number, number, ConsentTrim['reason']][];
  participants: Record<string, Expected>;
  reasons?: string[];
  wait?: boolean;
  relied?: ReliedDeclaration['kind'][];
}

const rows: Row[] = [
  // The eight decisions the desk review found wrong.
  {
    name: 'WA: a notice dated before the recording (negative offset) is not recorded',
    source: 'RCW 9.73.030(3): "said announcement shall also be recorded"',
    input: call([customer('c', 'US-WA'), agent('a', 'US-OR')], [notice('*', -3_000)]),
    outcome: 'rejected',
    participants: { c: ['missing', 'NOTICE_NOT_RECORDED'], a: ['deemed', 'DEEMED_CONSENT'] },
    reasons: ['REQUIRED_PARTY_MISSING'],
    wait: true,
  },
  {
    name: 'WA: a notice whose `at` is before `startedAt` is not recorded',
    source: 'RCW 9.73.030(3)',
    input: call([customer('c', 'US-WA'), agent('a', 'US-WA')], [at(notice('c'), '2026-12-01T08:59:58.000Z')]),
    outcome: 'rejected',
    participants: { c: ['missing', 'NOTICE_NOT_RECORDED'], a: ['deemed', 'DEEMED_CONSENT'] },
  },
  {
    name: 'WA: the same notice inside the recording counts',
    source: 'RCW 9.73.030(3)',
    input: call([customer('c', 'US-WA'), agent('a', 'US-WA')], [at(notice('c'), '2026-12-01T09:00:01.500Z')]),
    outcome: 'allowed_trimmed',
    trims: [[0, 1_500, 'CONSENT_NOT_YET_GIVEN']],
    participants: { c: ['notified', 'NOTICE_ACCEPTED_LATE', 0], a: ['deemed', 'DEEMED_CONSENT'] },
  },
  {
    name: 'CT: a warning before the recording started is not "recorded at the beginning"',
    source: 'Conn. Gen. Stat. §52-570d(a)(2)',
    input: call([customer('c', 'US-CT'), agent('a', 'US-NY')], [notice('*', -500)]),
    outcome: 'rejected',
    participants: { c: ['missing', 'NOTICE_NOT_RECORDED'], a: ['deemed', 'DEEMED_CONSENT'] },
  },
  {
    name: 'CT: a verbal consent before the recording is neither written nor part of the recording',
    source: 'Conn. Gen. Stat. §52-570d(a)(1)',
    input: call([customer('c', 'US-CT'), agent('a', 'US-CT')], [grant('c', -4_000, 'verbal')]),
    outcome: 'rejected',
    participants: { c: ['missing', 'PRIOR_CONSENT_NOT_WRITTEN'], a: ['deemed', 'DEEMED_CONSENT'] },
  },
  {
    name: 'GB + a state made explicit-only by override, notice to everyone: the override state still needs explicit consent',
    source: 'Issue 13 "Strictness by rank"; O.C.G.A. §16-11-66(a) tightened by tenant policy',
    input: call([customer('c', 'GB'), thirdParty('t', 'US-GA')], [notice('*', 0)]),
    overrides: override({
      'US-GA': { acceptsNotice: false, citation: 'Tenant policy CR-9: explicit consent in Georgia' },
    }),
    outcome: 'rejected',
    participants: { c: ['notified', 'NOTICE_ACCEPTED', 0], t: ['notified', 'NOTICE_ACCEPTED', 0] },
    reasons: ['NO_CONSENTING_PARTY'],
    wait: true,
  },
  {
    name: 'GB + override state with the agent: explicit consent by one party satisfies both rules',
    source: 'UK GDPR Art. 13; O.C.G.A. §16-11-66(a) tightened by tenant policy',
    input: call([customer('c', 'GB'), thirdParty('t', 'US-GA')], [notice('*', 0), grant('t', 2_000)]),
    overrides: override({ 'US-GA': { acceptsNotice: false, citation: 'Tenant policy CR-9' } }),
    outcome: 'allowed_trimmed',
    trims: [[0, 2_000, 'CONSENT_NOT_YET_GIVEN']],
    participants: { c: ['notified', 'NOTICE_ACCEPTED', 0], t: ['notified', 'NOTICE_ACCEPTED', 0] },
  },
  {
    name: 'DE: the agent is not deemed to consent',
    source: "§201 StGB (the employee's own words)",
    input: call([customer('c', 'DE'), agent('a', 'DE')], [grant('c', 0)]),
    outcome: 'rejected',
    participants: { c: ['consented', 'CONSENT_GRANTED', 0], a: ['missing', 'AGENT_CONSENT_REQUIRED'] },
    reasons: ['REQUIRED_PARTY_MISSING'],
    wait: true,
  },
  {
    name: 'DE: an agent consent event satisfies §201',
    source: '§201 StGB',
    input: call([customer('c', 'DE'), agent('a', 'DE')], [grant('c', 0), grant('a', 0, 'verbal')]),
    outcome: 'allowed',
    participants: { c: ['consented', 'CONSENT_GRANTED', 0], a: ['consented', 'CONSENT_GRANTED', 1] },
  },
  {
    name: 'DE: a tenant declaration of employee consent stands in for the agent',
    source: '§201 StGB; BetrVG §87(1) Nr. 6',
    input: call([customer('c', 'DE-BE'), agent('a', 'DE-HH')], [grant('c', 0)]),
    overrides: override({}, { employeeConsent: EMPLOYEE_CONSENT }),
    outcome: 'allowed',
    participants: { c: ['consented', 'CONSENT_GRANTED', 0], a: ['declared', 'EMPLOYEE_CONSENT_DECLARED'] },
    relied: ['employee-consent'],
  },
  {
    name: 'DE: a declaration for Austrian agents does not cover a German one',
    source: '§201 StGB',
    input: call([customer('c', 'DE'), agent('a', 'DE')], [grant('c', 0)]),
    overrides: override({}, { employeeConsent: { ...EMPLOYEE_CONSENT, jurisdictions: ['AT'] } }),
    outcome: 'rejected',
    participants: { c: ['consented', 'CONSENT_GRANTED', 0], a: ['missing', 'AGENT_CONSENT_REQUIRED'] },
  },
  {
    name: 'DE: an announcement does not stand in for the agent either',
    source: '§201 StGB',
    input: call([customer('c', 'DE'), agent('a', 'DE')], [grant('c', 0), notice('*', 0)]),
    outcome: 'rejected',
    participants: { c: ['consented', 'CONSENT_GRANTED', 0], a: ['missing', 'AGENT_CONSENT_REQUIRED'] },
  },
  {
    name: 'FR: allowed on notice, but flagged as not decidable per call',
    source: 'CNIL délibération n° 2014-474 (NS-057); Code pénal art. 226-1',
    input: call([customer('c', 'FR'), agent('a', 'FR')], [notice('*', 0)]),
    outcome: 'allowed',
    participants: { c: ['notified', 'NOTICE_ACCEPTED', 0], a: ['deemed', 'DEEMED_CONSENT'] },
    reasons: ['NOT_DECIDABLE_PER_CALL'],
  },
  {
    name: "FR: the tenant's declared legal basis is cited",
    source: 'CNIL délibération n° 2014-474: systematic recording only where a legal text requires it',
    input: call([customer('c', 'FR-75'), agent('a', 'US-GA')], [notice('*', 0)]),
    overrides: override({}, { lawfulBasis: { FR: FR_BASIS } }),
    outcome: 'allowed',
    participants: { c: ['notified', 'NOTICE_ACCEPTED', 0], a: ['deemed', 'DEEMED_CONSENT'] },
    reasons: ['TENANT_BASIS_DECLARED'],
    relied: ['lawful-basis'],
  },
  {
    name: 'NH: knowing of the recording is consent, even from a notice before the recording started',
    source: 'State v. Locke, 761 A.2d 376 (N.H. 1999)',
    input: call([customer('c', 'US-NH'), agent('a', 'US-NH')], [notice('c', -2_000, 'verbal')]),
    outcome: 'allowed',
    participants: { c: ['notified', 'NOTICE_ACCEPTED', 0], a: ['deemed', 'DEEMED_CONSENT'] },
  },
  {
    name: 'MD: consent implied from a mid-call notice covers the call from the notice',
    source: "Md. Code, Cts. & Jud. Proc. §10-402(c)(3); Maryland Judiciary, Journalist's Guide",
    input: call([customer('c', 'US-MD'), agent('a', 'US-MD')], [notice('*', 4_000)]),
    outcome: 'allowed_trimmed',
    trims: [[0, 4_000, 'CONSENT_NOT_YET_GIVEN']],
    participants: { c: ['notified', 'NOTICE_ACCEPTED_LATE', 0], a: ['deemed', 'DEEMED_CONSENT'] },
  },
  {
    name: 'NV: without a declared recording location the conservative all-party rule applies',
    source: 'NRS 200.620; Lane v. Allstate Ins. Co., 114 Nev. 1176 (1998)',
    input: call([customer('c', 'US-NV'), agent('a', 'US-AZ')], [notice('*', 0)]),
    outcome: 'rejected',
    participants: { c: ['missing', 'NOTICE_NOT_ACCEPTED'], a: ['deemed', 'DEEMED_CONSENT'] },
    wait: true,
  },
  {
    name: 'NV: recorded in Arizona, NRS 200.620 does not reach the call',
    source: 'Ditech Financial LLC v. Buckles, 401 P.3d 215 (Nev. 2017)',
    input: call([customer('c', 'US-NV'), agent('a', 'US-AZ')], [notice('*', 0)]),
    overrides: override({}, { recordingLocation: { jurisdiction: 'US-AZ', reference: 'Phoenix contact centre' } }),
    outcome: 'allowed',
    participants: { c: ['notified', 'NOTICE_ACCEPTED', 0], a: ['deemed', 'DEEMED_CONSENT'] },
    reasons: ['RULE_NOT_EXTRATERRITORIAL'],
    relied: ['recording-location'],
  },
  {
    name: 'NV: recorded in Nevada, the rule applies',
    source: 'Ditech Financial LLC v. Buckles (recording made in Nevada is within NRS 200.620)',
    input: call([customer('c', 'US-NV'), agent('a', 'US-NV')], [notice('*', 0)]),
    overrides: override({}, { recordingLocation: { jurisdiction: 'US-NV', reference: 'Las Vegas site' } }),
    outcome: 'rejected',
    participants: { c: ['missing', 'NOTICE_NOT_ACCEPTED'], a: ['deemed', 'DEEMED_CONSENT'] },
    relied: ['recording-location'],
  },
  {
    name: 'NV: "recorded in the US" does not show the recording was made outside Nevada',
    source: 'Ditech Financial LLC v. Buckles (conservative default kept)',
    input: call([customer('c', 'US-NV'), agent('a', 'US-TX')], [notice('*', 0)]),
    overrides: override({}, { recordingLocation: { jurisdiction: 'US', reference: 'somewhere in the US' } }),
    outcome: 'rejected',
    participants: { c: ['missing', 'NOTICE_NOT_ACCEPTED'], a: ['deemed', 'DEEMED_CONSENT'] },
    relied: ['recording-location'],
  },
  {
    name: 'NV: a tenant that makes NRS 200.620 reach out of state keeps it applied',
    source: 'Tenant tightening of NRS 200.620',
    input: call([customer('c', 'US-NV'), agent('a', 'US-AZ')], [notice('*', 0)]),
    overrides: override(
      { 'US-NV': { extraterritorial: true, citation: 'Tenant policy: Nevada law everywhere' } },
      { recordingLocation: { jurisdiction: 'US-AZ', reference: 'Phoenix contact centre' } },
    ),
    outcome: 'rejected',
    participants: { c: ['missing', 'NOTICE_NOT_ACCEPTED'], a: ['deemed', 'DEEMED_CONSENT'] },
    relied: ['recording-location'],
  },
  {
    name: "the recording location's own rule applies to every party (recorded in California)",
    source: 'Cal. Penal Code §632 (recording made in California)',
    input: call([customer('c', 'US-TX'), agent('a', 'US-TX')], []),
    overrides: override({}, { recordingLocation: { jurisdiction: 'US-CA', reference: 'San Diego site' } }),
    outcome: 'rejected',
    participants: { c: ['missing', 'CONSENT_MISSING'], a: ['deemed', 'DEEMED_CONSENT'] },
    reasons: ['REQUIRED_PARTY_MISSING'],
    relied: ['recording-location'],
  },
  {
    name: 'US decline mid-call after a valid notice: cut from the decline',
    source: 'Cal. Penal Code §632; Kearney v. Salomon Smith Barney, 39 Cal. 4th 95 (2006)',
    input: call([customer('c', 'US-CA'), agent('a', 'US-CA')], [notice('*', 0), decline('c', 30_000)]),
    outcome: 'allowed_trimmed',
    trims: [[30_000, END, 'CONSENT_DECLINED']],
    participants: { c: ['declined', 'CONSENT_DECLINED_MID_CALL', 0], a: ['deemed', 'DEEMED_CONSENT'] },
  },
  {
    name: 'GDPR objection mid-call still rejects the whole call',
    source: 'UK GDPR Art. 21(1)',
    input: call([customer('c', 'GB'), agent('a', 'GB')], [notice('*', 0), decline('c', 30_000)]),
    outcome: 'rejected',
    participants: { c: ['declined', 'CONSENT_DECLINED'], a: ['deemed', 'DEEMED_CONSENT'] },
    reasons: ['REQUIRED_PARTY_DECLINED'],
    wait: false,
  },
  {
    name: 'one-party call where nobody has consented yet: worth waiting for',
    source: 'Ga. O.C.G.A. §16-11-66(a) (one party suffices, but one is needed)',
    input: call([customer('c1', 'US-GA'), customer('c2', 'US-GA')], []),
    outcome: 'rejected',
    participants: { c1: ['not-required', 'CONSENT_NOT_REQUIRED'], c2: ['not-required', 'CONSENT_NOT_REQUIRED'] },
    reasons: ['NO_CONSENTING_PARTY'],
    wait: true,
  },

  // Offsets: negative, out of range, unusable.
  {
    name: 'an IVR grant before the recording covers it from 0 where prior consent need not be written',
    source: 'Cal. Penal Code §632.7 (consent of all parties, form unspecified)',
    input: call([customer('c', 'US-CA'), agent('a', 'US-CA')], [grant('c', -5_000)]),
    outcome: 'allowed',
    participants: { c: ['consented', 'CONSENT_GRANTED', 0], a: ['deemed', 'DEEMED_CONSENT'] },
  },
  {
    name: 'a notice before the recording counts from 0 where it need not be recorded',
    source: 'Regulation (EU) 2016/679 Art. 13(1) (information at the time the data are obtained)',
    input: call([customer('c', 'IE'), agent('a', 'IE')], [notice('*', -1_000)]),
    outcome: 'allowed',
    participants: { c: ['notified', 'NOTICE_ACCEPTED', 0], a: ['deemed', 'DEEMED_CONSENT'] },
  },
  {
    name: 'a notice exactly at the end of the call covers nothing',
    source: 'RCW 9.73.030(3)',
    input: call([customer('c', 'US-WA'), agent('a', 'US-WA')], [notice('*', END)]),
    outcome: 'rejected',
    participants: { c: ['missing', 'NOTICE_AFTER_CALL_END'], a: ['deemed', 'DEEMED_CONSENT'] },
    wait: true,
  },
  {
    name: 'a notice long after the end (wall clock) covers nothing',
    source: 'UK GDPR Art. 13(1)',
    input: call([customer('c', 'GB'), agent('a', 'GB')], [at(notice('c'), '2026-12-01T10:00:00.000Z')]),
    outcome: 'rejected',
    participants: { c: ['missing', 'NOTICE_AFTER_CALL_END'], a: ['deemed', 'DEEMED_CONSENT'] },
  },
  {
    name: 'an infinite offset is no time at all',
    source: 'Fail closed (ARCHITECTURE.md invariant 2)',
    input: call([customer('c', 'US-CA'), agent('a', 'US-CA')], [grant('c', Infinity)]),
    outcome: 'rejected',
    participants: { c: ['missing', 'EVENT_TIME_UNKNOWN'], a: ['deemed', 'DEEMED_CONSENT'] },
  },
  {
    name: 'a negative duration is refused',
    source: 'Fail closed (ARCHITECTURE.md invariant 2)',
    input: call([customer('c', 'US-CA'), agent('a', 'US-CA')], [grant('c', 0)], { durationMs: -1 }),
    outcome: 'rejected',
    participants: {},
    reasons: ['INVALID_DURATION'],
    wait: false,
  },

  // Grants before the call by written consent.
  {
    name: 'CT: written consent signed the day before covers the call',
    source: 'Conn. Gen. Stat. §52-570d(a)(1): prior consent "obtained in writing"',
    input: call(
      [customer('c', 'US-CT'), agent('a', 'US-CT')],
      [at(grant('c', undefined, 'written'), '2026-11-30T15:00:00.000Z')],
    ),
    outcome: 'allowed',
    participants: { c: ['consented', 'CONSENT_GRANTED', 0], a: ['deemed', 'DEEMED_CONSENT'] },
  },
  {
    name: 'DE: written consent before the call, the agent declared',
    source: '§201 StGB; GDPR Art. 7(1) (consent demonstrable)',
    input: call([customer('c', 'DE'), agent('a', 'DE')], [grant('c', -86_400_000, 'written')]),
    overrides: override({}, { employeeConsent: EMPLOYEE_CONSENT }),
    outcome: 'allowed',
    participants: { c: ['consented', 'CONSENT_GRANTED', 0], a: ['declared', 'EMPLOYEE_CONSENT_DECLARED'] },
    relied: ['employee-consent'],
  },
  {
    name: 'DK: written consent before the call meets the active-consent requirement',
    source: 'Datatilsynet decision of 8 April 2019 (TDC A/S): consent by an active act',
    input: call([customer('c', 'DK'), agent('a', 'DK')], [grant('c', -60_000, 'written')]),
    outcome: 'allowed',
    participants: { c: ['consented', 'CONSENT_GRANTED', 0], a: ['deemed', 'DEEMED_CONSENT'] },
  },
  {
    name: 'DK: an announcement alone is not consent',
    source: 'Datatilsynet, Vejledning om optagelse af telefonsamtaler (2020)',
    input: call([customer('c', 'DK'), agent('a', 'DK')], [notice('*', 0)]),
    outcome: 'rejected',
    participants: { c: ['missing', 'NOTICE_NOT_ACCEPTED'], a: ['deemed', 'DEEMED_CONSENT'] },
  },

  // Declines at 0, mid-call and after the end.
  {
    name: 'US decline at 0, with the notice at 0: nothing was covered',
    source: 'Cal. Penal Code §632',
    input: call([customer('c', 'US-CA'), agent('a', 'US-CA')], [notice('*', 0), decline('c', 0)]),
    outcome: 'rejected',
    participants: { c: ['declined', 'CONSENT_DECLINED'], a: ['deemed', 'DEEMED_CONSENT'] },
    reasons: ['REQUIRED_PARTY_DECLINED'],
    wait: false,
  },
  {
    name: 'US undated decline is taken to be at 0',
    source: 'Fail closed (ARCHITECTURE.md invariant 2)',
    input: call([customer('c', 'US-PA'), agent('a', 'US-PA')], [grant('c', 0), decline('c')]),
    outcome: 'rejected',
    participants: { c: ['declined', 'CONSENT_DECLINED'], a: ['deemed', 'DEEMED_CONSENT'] },
  },
  {
    name: 'US decline after the end changes nothing',
    source: '18 Pa.C.S. §5704(4)',
    input: call([customer('c', 'US-PA'), agent('a', 'US-PA')], [notice('*', 0), decline('c', END + 5_000)]),
    outcome: 'allowed',
    participants: { c: ['notified', 'NOTICE_ACCEPTED', 0], a: ['deemed', 'DEEMED_CONSENT'] },
  },
  {
    name: 'GDPR objection after the end still covers the whole recording',
    source: 'Regulation (EU) 2016/679 Art. 21(1)',
    input: call([customer('c', 'SE'), agent('a', 'US-GA')], [notice('*', 0), decline('c', END + 5_000)]),
    outcome: 'rejected',
    participants: { c: ['declined', 'CONSENT_DECLINED'], a: ['deemed', 'DEEMED_CONSENT'] },
  },
  {
    name: 'one-party call without an agent: a decline mid-call cuts from it',
    source: 'Tex. Penal Code §16.02(c)(4)(A)',
    input: call([customer('c1', 'US-TX'), customer('c2', 'US-TX')], [grant('c1', 0), decline('c1', 30_000)]),
    outcome: 'allowed_trimmed',
    trims: [[30_000, END, 'CONSENT_DECLINED']],
    participants: { c1: ['declined', 'CONSENT_DECLINED_MID_CALL', 0], c2: ['not-required', 'CONSENT_NOT_REQUIRED'] },
  },

  // Three- and four-party calls across one-party, all-party and EU rules.
  {
    name: 'three parties (CA, GA, GB), everyone notified: all three rules met',
    source: 'Cal. Penal Code §632; O.C.G.A. §16-11-66; UK GDPR Art. 13',
    input: call([customer('c', 'US-CA'), thirdParty('t', 'GB'), agent('a', 'US-GA')], [notice('*', 0)]),
    outcome: 'allowed',
    participants: {
      c: ['notified', 'NOTICE_ACCEPTED', 0],
      t: ['notified', 'NOTICE_ACCEPTED', 0],
      a: ['deemed', 'DEEMED_CONSENT'],
    },
  },
  {
    name: 'three parties (NY, TX, PA agent), nobody asked: Pennsylvania needs everyone',
    source: '18 Pa.C.S. §5704(4)',
    input: call([customer('c', 'US-NY'), thirdParty('t', 'US-TX'), agent('a', 'US-PA')], []),
    outcome: 'rejected',
    participants: {
      c: ['missing', 'CONSENT_MISSING'],
      t: ['missing', 'CONSENT_MISSING'],
      a: ['deemed', 'DEEMED_CONSENT'],
    },
    reasons: ['REQUIRED_PARTY_MISSING'],
    wait: true,
  },
  {
    name: 'three parties with a German agent: the DE rule needs explicit consent from everyone',
    source: '§201 StGB',
    input: call(
      [customer('c', 'US-CA'), thirdParty('t', 'US-NY'), agent('a', 'DE')],
      [notice('*', 0), grant('c', 0), grant('a', 0, 'verbal')],
    ),
    outcome: 'rejected',
    participants: {
      c: ['consented', 'CONSENT_GRANTED', 1],
      t: ['missing', 'NOTICE_NOT_ACCEPTED'],
      a: ['consented', 'CONSENT_GRANTED', 2],
    },
  },
  {
    name: 'three EU parties (DE, AT, IE agent declared): explicit consent and the declaration',
    source: '§201 StGB; ArbVG §96(1) Z 3',
    input: call(
      [customer('c', 'DE'), thirdParty('t', 'AT'), agent('a', 'IE')],
      [grant('c', 0), grant('t', 3_000, 'verbal')],
    ),
    overrides: override({}, { employeeConsent: { ...EMPLOYEE_CONSENT, jurisdictions: ['IE'] } }),
    outcome: 'allowed_trimmed',
    trims: [[0, 3_000, 'CONSENT_NOT_YET_GIVEN']],
    participants: {
      c: ['consented', 'CONSENT_GRANTED', 0],
      t: ['consented', 'CONSENT_GRANTED_LATE', 1],
      a: ['declared', 'EMPLOYEE_CONSENT_DECLARED'],
    },
    relied: ['employee-consent'],
  },
  {
    name: 'four parties (WA, FR, TX, TX agent), notice recorded at 0',
    source: 'RCW 9.73.030(3); Code pénal art. 226-1; Tex. Penal Code §16.02(c)(4)(A)',
    input: call(
      [customer('c1', 'US-WA'), customer('c2', 'FR'), thirdParty('t', 'US-TX'), agent('a', 'US-TX')],
      [notice('*', 0)],
    ),
    outcome: 'allowed',
    participants: {
      c1: ['notified', 'NOTICE_ACCEPTED', 0],
      c2: ['notified', 'NOTICE_ACCEPTED', 0],
      t: ['notified', 'NOTICE_ACCEPTED', 0],
      a: ['deemed', 'DEEMED_CONSENT'],
    },
    reasons: ['NOT_DECIDABLE_PER_CALL'],
  },
  {
    name: 'four parties (CA, FL, TX, GA agent): a decline mid-call cuts from it',
    source: 'Cal. Penal Code §632; Fla. Stat. §934.03(2)(d)',
    input: call(
      [customer('c1', 'US-CA'), customer('c2', 'US-FL'), thirdParty('t', 'US-TX'), agent('a', 'US-GA')],
      [notice('*', 0), decline('c2', 40_000)],
    ),
    outcome: 'allowed_trimmed',
    trims: [[40_000, END, 'CONSENT_DECLINED']],
    participants: {
      c1: ['notified', 'NOTICE_ACCEPTED', 0],
      c2: ['declined', 'CONSENT_DECLINED_MID_CALL', 0],
      t: ['notified', 'NOTICE_ACCEPTED', 0],
      a: ['deemed', 'DEEMED_CONSENT'],
    },
  },
  {
    name: 'four parties with a GB third party: the same decline is an objection under UK GDPR',
    source: 'UK GDPR Art. 21(1)',
    input: call(
      [customer('c1', 'US-CA'), customer('c2', 'US-FL'), thirdParty('t', 'GB'), agent('a', 'US-GA')],
      [notice('*', 0), decline('c2', 40_000)],
    ),
    outcome: 'rejected',
    participants: {
      c1: ['notified', 'NOTICE_ACCEPTED', 0],
      c2: ['declined', 'CONSENT_DECLINED'],
      t: ['notified', 'NOTICE_ACCEPTED', 0],
      a: ['deemed', 'DEEMED_CONSENT'],
    },
    reasons: ['REQUIRED_PARTY_DECLINED'],
  },

  // Tenant overrides that tighten, and ones that try to loosen (the law's value applies).
  {
    name: 'override: GB agents must consent too, declared for GB',
    source: 'Tenant policy tightening UK GDPR practice',
    input: call([customer('c', 'GB'), agent('a', 'GB-ENG')], [notice('*', 0)]),
    overrides: override(
      { GB: { agentMustConsent: true, citation: 'Tenant policy HR-4' } },
      { employeeConsent: { ...EMPLOYEE_CONSENT, jurisdictions: ['GB'] } },
    ),
    outcome: 'allowed',
    participants: { c: ['notified', 'NOTICE_ACCEPTED', 0], a: ['declared', 'EMPLOYEE_CONSENT_DECLARED'] },
    relied: ['employee-consent'],
  },
  {
    name: 'override: GB agents must consent, nothing declared',
    source: 'Tenant policy tightening UK GDPR practice',
    input: call([customer('c', 'GB'), agent('a', 'GB')], [notice('*', 0)]),
    overrides: override({ GB: { agentMustConsent: true, citation: 'Tenant policy HR-4' } }),
    outcome: 'rejected',
    participants: { c: ['notified', 'NOTICE_ACCEPTED', 0], a: ['missing', 'AGENT_CONSENT_REQUIRED'] },
    wait: true,
  },
  {
    name: 'override trying to accept an unrecorded notice in WA: the law still applies',
    source: 'RCW 9.73.030(3) (an override may only tighten)',
    input: call([customer('c', 'US-WA'), agent('a', 'US-WA')], [notice('*', -1_000)]),
    overrides: override({ 'US-WA': { noticeMustBeRecorded: false, citation: 'Tenant counsel opinion' } }),
    outcome: 'rejected',
    participants: { c: ['missing', 'NOTICE_NOT_RECORDED'], a: ['deemed', 'DEEMED_CONSENT'] },
  },
  {
    name: 'override trying to deem German agents: §201 still applies',
    source: '§201 StGB (an override may only tighten)',
    input: call([customer('c', 'DE'), agent('a', 'DE')], [grant('c', 0)]),
    overrides: override({ DE: { agentMustConsent: false, citation: 'Tenant counsel opinion' } }),
    outcome: 'rejected',
    participants: { c: ['consented', 'CONSENT_GRANTED', 0], a: ['missing', 'AGENT_CONSENT_REQUIRED'] },
  },

  // The waiting window, for each kind of missing consent.
  {
    name: "wait: an all-party call missing a required party's consent",
    source: 'Cal. Penal Code §632',
    input: call([customer('c', 'US-CA'), agent('a', 'US-GA')], []),
    outcome: 'rejected',
    participants: { c: ['missing', 'CONSENT_MISSING'], a: ['deemed', 'DEEMED_CONSENT'] },
    wait: true,
  },
  {
    name: 'wait: a notice where explicit consent is needed',
    source: 'Kazneni zakon čl. 143 (HR)',
    input: call([customer('c', 'HR'), agent('a', 'HR')], [notice('*', 0), grant('a', 0, 'verbal')]),
    outcome: 'rejected',
    participants: { c: ['missing', 'NOTICE_NOT_ACCEPTED'], a: ['consented', 'CONSENT_GRANTED', 1] },
    wait: true,
  },
  {
    name: 'wait: consent whose time cannot be placed',
    source: 'Fail closed (ARCHITECTURE.md invariant 2)',
    input: call([customer('c', 'US-FL'), agent('a', 'US-FL')], [grant('c', undefined, 'written')]),
    outcome: 'rejected',
    participants: { c: ['missing', 'EVENT_TIME_UNKNOWN'], a: ['deemed', 'DEEMED_CONSENT'] },
    wait: true,
  },
  {
    name: 'wait: one-party call where the agent declined but the customer may still consent',
    source: 'O.C.G.A. §16-11-66(a)',
    input: call([customer('c', 'US-GA'), agent('a', 'US-GA')], [decline('a', 0)]),
    outcome: 'rejected',
    participants: { c: ['not-required', 'CONSENT_NOT_REQUIRED'], a: ['declined', 'DECLINED_NOT_REQUIRED'] },
    reasons: ['NO_CONSENTING_PARTY'],
    wait: true,
  },
  {
    name: 'wait: a revocation mid-call leaves room for the missing party',
    source: 'Cal. Penal Code §632',
    input: call(
      [customer('c1', 'US-CA'), customer('c2', 'US-CA'), agent('a', 'US-CA')],
      [grant('c1', 0), revoke('c1', 30_000)],
    ),
    outcome: 'rejected',
    participants: {
      c1: ['revoked', 'CONSENT_REVOKED', 0],
      c2: ['missing', 'CONSENT_MISSING'],
      a: ['deemed', 'DEEMED_CONSENT'],
    },
    wait: true,
  },
  {
    name: 'no wait: a revocation before any consent is final',
    source: 'Cal. Penal Code §632',
    input: call([customer('c', 'US-CA'), agent('a', 'US-CA')], [revoke('c', 1_000)]),
    outcome: 'rejected',
    participants: { c: ['revoked', 'CONSENT_REVOKED_BEFORE_GRANT'], a: ['deemed', 'DEEMED_CONSENT'] },
    wait: false,
  },
  {
    name: 'no wait: a revocation at 0 trims the whole call',
    source: 'Cal. Penal Code §632',
    input: call([customer('c', 'US-CA'), agent('a', 'US-CA')], [grant('c', 0), revoke('c', 0)]),
    outcome: 'rejected',
    participants: { c: ['revoked', 'CONSENT_REVOKED', 0], a: ['deemed', 'DEEMED_CONSENT'] },
    reasons: ['WHOLE_CALL_TRIMMED'],
    wait: false,
  },
  {
    name: 'no wait: malformed input',
    source: 'Fail closed (ARCHITECTURE.md invariant 2)',
    input: call([customer('c', 'US-CA'), agent('a', 'US-CA')], [grant('nobody', 0)]),
    outcome: 'rejected',
    participants: { c: ['missing', 'CONSENT_MISSING'], a: ['deemed', 'DEEMED_CONSENT'] },
    reasons: ['UNKNOWN_EVENT_PARTICIPANT'],
    wait: false,
  },
];

describe('consent rules, second pass: one row per source', () => {
  it.each(rows)(
    '$name [$source]',
    ({ input, overrides, outcome, trims = [], participants, reasons = [], wait, relied }) => {
      const decision = decideConsent(input, ruleSet, overrides);
      expect(decision.outcome).toBe(outcome);
      expect(decision.trims).toEqual(trims.map(([startMs, endMs, reason]) => ({ startMs, endMs, reason })));
      for (const [id, [status, reasonCode, satisfiedBy]] of Object.entries(participants)) {
        const entry = decision.participants.find((p) => p.participant === id);
        expect({ id, status: entry?.status, reasonCode: entry?.reasonCode, satisfiedBy: entry?.satisfiedBy }).toEqual({
          id,
          status,
          reasonCode,
          satisfiedBy,
        });
      }
      expect(decision.reasons.map((r) => r.code)).toEqual(expect.arrayContaining(reasons));
      if (wait !== undefined) expect(decision.waitForConsent).toBe(wait);
      if (outcome !== 'rejected') expect(decision.waitForConsent).toBe(false);
      expect(decision.declarations.map((d) => d.kind).sort()).toEqual([...(relied ?? [])].sort());
    },
  );

  it('names, per participant, the rule that decided them and every rule checked', () => {
    const d = decideConsent(
      call([customer('c', 'US-GA'), thirdParty('t', 'DE'), agent('a', 'US-CA')], [notice('*', 0), grant('c', 0)]),
      ruleSet,
    );
    const c = d.participants.find((p) => p.participant === 'c');
    expect(c?.rule).toMatchObject({ jurisdiction: 'US-GA', partyConsent: 'one' });
    expect(c?.decidedBy).toMatchObject({ jurisdiction: 'DE' });
    expect(c?.decidedBy.citation).toContain('§201');
    expect(c?.checks.map((k) => [k.rule, k.required, k.status])).toEqual([
      ['US-GA', false, 'consented'],
      ['DE', true, 'consented'],
      ['US-CA', true, 'consented'],
    ]);
    expect(d.rules.map((r) => [r.rule.jurisdiction, r.appliesBecause, r.satisfied])).toEqual([
      ['US-GA', ['c'], true],
      ['DE', ['t'], false],
      ['US-CA', ['a'], true],
    ]);
  });

  it('says on what each consent rests', () => {
    const d = decideConsent(
      call(
        [customer('c1', 'US-CA'), customer('c2', 'US-IL'), thirdParty('t', 'US-TX'), agent('a', 'US-TX')],
        [notice('*', 0), grant('t', 0)],
      ),
      ruleSet,
    );
    const basis = Object.fromEntries(d.participants.map((p) => [p.participant, p.basis]));
    // California: knowledge implies consent (Kearney); Illinois: the statute only forbids surreptitious recording.
    expect(basis).toEqual({ c1: 'implied-by-knowledge', c2: 'notice', t: 'explicit-consent', a: 'deemed' });
  });

  it('puts the cause of a rejection first, before notes (the pipeline records reasons[0] as the status reason)', () => {
    const d = decideConsent(call([customer('c', 'FR'), agent('a', 'US-XX')], []), ruleSet);
    expect(d.reasons.map((r) => r.code)).toEqual([
      'REQUIRED_PARTY_MISSING',
      'REQUIRED_PARTY_MISSING',
      'JURISDICTION_UNKNOWN',
      'NOT_DECIDABLE_PER_CALL',
    ]);
  });

  it('echoes event ids so evidence can cite the events that satisfied each rule', () => {
    const events = [
      { ...notice('*', 0), id: 'ev-1' },
      { ...grant('c', 1_000), id: 'ev-2' },
    ];
    const d = decideConsent(call([customer('c', 'US-CA'), agent('a', 'US-CA')], events), ruleSet);
    expect(d.eventIds).toEqual(['ev-1', 'ev-2']);
    expect(d.participants[0].satisfiedBy).toBe(0);
  });

  it('has a row for every change in this rule-set version', () => {
    const cited = rows.map((r) => r.source).join('\n');
    const missing = ruleSetChanges().filter((c) => !cited.includes(c.citation));
    expect(missing).toEqual([]);
  });
});

function ruleSetChanges(): { jurisdiction: string; citation: string }[] {
  // Only those whose behaviour a call can show; the notes-only changes are checked in consent.rules.spec.ts.
  return [
    { jurisdiction: 'US-WA', citation: 'RCW 9.73.030(3)' },
    { jurisdiction: 'US-CT', citation: '§52-570d' },
    { jurisdiction: 'US-NH', citation: 'State v. Locke' },
    { jurisdiction: 'US-MD', citation: 'Journalist' },
    { jurisdiction: 'US-NV', citation: 'Ditech' },
    { jurisdiction: 'DE', citation: '§201 StGB' },
    { jurisdiction: 'FR', citation: 'CNIL' },
    { jurisdiction: 'DK', citation: 'Datatilsynet' },
    { jurisdiction: 'HR', citation: 'čl. 143' },
    { jurisdiction: 'GB', citation: 'Art. 21' },
  ];
}
