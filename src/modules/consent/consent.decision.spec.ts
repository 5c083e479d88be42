import { ConsentInput, ConsentOutcome, ConsentTrim, decideConsent, ParticipantStatus } from './consent.decision';
import { loadRuleSet, RuleOverrides } from './consent.rules';

const ruleSet = loadRuleSet();
const END = 60_000;

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
const decline = (participant: string, offsetMs = 0): E => ({
  participant,
  kind: 'declined',
  method: 'ivr-keypress',
  offsetMs,
});
const revoke = (participant: string, offsetMs?: number): E => ({
  participant,
  kind: 'revoked',
  method: 'verbal',
  offsetMs,
});
const call = (participants: P[], consent: E[], extra: Partial<ConsentInput> = {}): ConsentInput => ({
  durationMs: END,
  participants,
  consent,
  ...extra,
});

const STARTED = '2026-11-25T10:00:00.000Z';
const clock = (e: E, at: string): E => {
  const { offsetMs: _dropped, ...rest } = e;
  return { ...rest, at };
};

const stricterGa: RuleOverrides = {
  version: 'tenant-42.1',
  rules: {
    'US-GA': { partyConsent: 'all', acceptsNotice: false, citation: 'Tenant policy CR-7: explicit consent everywhere' },
  },
};
const lenientCa: RuleOverrides = {
  version: 'tenant-42.2',
  rules: {
    'US-CA': {
      partyConsent: 'one',
      acceptsNotice: true,
      citation: 'Tenant counsel opinion 2026-03 (calls recorded by a party)',
    },
  },
};

/** [status, reasonCode, satisfiedBy] per participant id; satisfiedBy omitted means none. */
type Expected = [ParticipantStatus, string, number?];

interface Case {
  name: string;
  input: ConsentInput;
  overrides?: RuleOverrides;
  outcome: ConsentOutcome;
  trims?: [number, number, ConsentTrim['reason']][];
  governing?: { jurisdiction: string | null; kind: string; source?: string };
  participants: Record<string, Expected>;
  reasons?: string[];
}

const cases: Case[] = [
  // One-party
  {
    name: 'one-party both ends, nobody asked: the agent consents',
    input: call([customer('c', 'US-GA'), agent('a', 'US-GA')], []),
    outcome: 'allowed',
    governing: { jurisdiction: 'US-GA', kind: 'one-party', source: 'rule-set' },
    participants: { c: ['not-required', 'CONSENT_NOT_REQUIRED'], a: ['deemed', 'DEEMED_CONSENT'] },
    reasons: ['ONE_PARTY_CONSENTED'],
  },
  {
    name: 'one-party across states (NY customer, TX agent) with customer consent',
    input: call([customer('c', 'US-NY'), agent('a', 'US-TX')], [grant('c', 0)]),
    outcome: 'allowed',
    governing: { jurisdiction: 'US-NY', kind: 'one-party' },
    participants: { c: ['consented', 'CONSENT_GRANTED', 0], a: ['deemed', 'DEEMED_CONSENT'] },
  },
  {
    name: 'one-party: a customer who declines is not a required party',
    input: call([customer('c', 'US-NY'), agent('a', 'US-NY')], [decline('c', 2_000)]),
    outcome: 'allowed',
    participants: { c: ['declined', 'DECLINED_NOT_REQUIRED'], a: ['deemed', 'DEEMED_CONSENT'] },
  },
  {
    name: 'one-party without an agent and without any consent',
    input: call([customer('c1', 'US-GA'), customer('c2', 'US-GA')], []),
    outcome: 'rejected',
    participants: { c1: ['not-required', 'CONSENT_NOT_REQUIRED'], c2: ['not-required', 'CONSENT_NOT_REQUIRED'] },
    reasons: ['NO_CONSENTING_PARTY'],
  },
  {
    name: 'one-party without an agent: consent at 10 s cuts the start',
    input: call([customer('c1', 'US-TX'), customer('c2', 'US-TX')], [grant('c2', 10_000)]),
    outcome: 'allowed_trimmed',
    trims: [[0, 10_000, 'CONSENT_NOT_YET_GIVEN']],
    participants: { c1: ['not-required', 'CONSENT_NOT_REQUIRED'], c2: ['consented', 'CONSENT_GRANTED_LATE', 0] },
  },
  {
    name: 'one-party: only the agent consents and revokes at 45 s',
    input: call([customer('c', 'US-GA'), agent('a', 'US-GA')], [revoke('a', 45_000)]),
    outcome: 'allowed_trimmed',
    trims: [[45_000, END, 'CONSENT_REVOKED']],
    participants: { c: ['not-required', 'CONSENT_NOT_REQUIRED'], a: ['revoked', 'CONSENT_REVOKED'] },
  },
  {
    name: 'one-party without an agent: a gap between two consents is cut',
    input: call(
      [customer('c1', 'US-TX'), customer('c2', 'US-TX')],
      [grant('c1', 0), revoke('c1', 20_000), grant('c2', 30_000)],
    ),
    outcome: 'allowed_trimmed',
    trims: [[20_000, 30_000, 'CONSENT_REVOKED']],
    participants: { c1: ['revoked', 'CONSENT_REVOKED', 0], c2: ['consented', 'CONSENT_GRANTED_LATE', 2] },
  },
  {
    name: 'a bare US code is the federal one-party rule',
    input: call([customer('c', 'US'), agent('a', 'US')], []),
    outcome: 'allowed',
    governing: { jurisdiction: 'US', kind: 'one-party' },
    participants: { c: ['not-required', 'CONSENT_NOT_REQUIRED'], a: ['deemed', 'DEEMED_CONSENT'] },
  },

  // All-party, interstate
  {
    name: 'CA customer with GA agent: CA governs, the announcement is consent',
    input: call([customer('c', 'US-CA'), agent('a', 'US-GA')], [notice('*', 0)]),
    outcome: 'allowed',
    governing: { jurisdiction: 'US-CA', kind: 'all-party' },
    participants: { c: ['notified', 'NOTICE_ACCEPTED', 0], a: ['deemed', 'DEEMED_CONSENT'] },
    reasons: ['ALL_REQUIRED_PARTIES_CONSENTED'],
  },
  {
    name: 'GA customer with CA agent: the agent’s state still governs',
    input: call([customer('c', 'US-GA'), agent('a', 'US-CA')], []),
    outcome: 'rejected',
    governing: { jurisdiction: 'US-CA', kind: 'all-party' },
    participants: { c: ['missing', 'CONSENT_MISSING'], a: ['deemed', 'DEEMED_CONSENT'] },
    reasons: ['REQUIRED_PARTY_MISSING'],
  },
  {
    name: 'CA customer with GA agent and no consent',
    input: call([customer('c', 'US-CA'), agent('a', 'US-GA')], []),
    outcome: 'rejected',
    participants: { c: ['missing', 'CONSENT_MISSING'], a: ['deemed', 'DEEMED_CONSENT'] },
    reasons: ['REQUIRED_PARTY_MISSING'],
  },
  {
    name: 'CA customer consents by IVR',
    input: call([customer('c', 'US-CA'), agent('a', 'US-GA')], [grant('c', 0)]),
    outcome: 'allowed',
    participants: { c: ['consented', 'CONSENT_GRANTED', 0], a: ['deemed', 'DEEMED_CONSENT'] },
  },
  {
    name: 'WA accepts a recorded announcement',
    input: call([customer('c', 'US-WA'), agent('a', 'US-OR')], [notice('c', 0)]),
    outcome: 'allowed',
    governing: { jurisdiction: 'US-WA', kind: 'all-party' },
    participants: { c: ['notified', 'NOTICE_ACCEPTED', 0], a: ['deemed', 'DEEMED_CONSENT'] },
  },
  {
    // Changed by issue 13: Maryland consent may be implied (Maryland Judiciary, Journalist's Guide).
    name: 'MD accepts notice alone as implied consent',
    input: call([customer('c', 'US-MD'), agent('a', 'US-VA')], [notice('*', 0)]),
    outcome: 'allowed',
    participants: { c: ['notified', 'NOTICE_ACCEPTED', 0], a: ['deemed', 'DEEMED_CONSENT'] },
    reasons: ['ALL_REQUIRED_PARTIES_CONSENTED'],
  },
  {
    // Changed by issue 13: State v. Locke, 761 A.2d 376 (N.H. 1999), knowing of the recording is consent.
    name: 'NH accepts notice alone (knowledge is consent)',
    input: call([customer('c', 'US-NH'), agent('a', 'US-MA')], [notice('*', 0)]),
    outcome: 'allowed',
    governing: { jurisdiction: 'US-NH', kind: 'all-party' },
    participants: { c: ['notified', 'NOTICE_ACCEPTED', 0], a: ['deemed', 'DEEMED_CONSENT'] },
  },
  {
    // Changed by issue 13: the notice at 0 already counts in MD, so nothing before the verbal consent is cut.
    name: 'MD with explicit consent after a notice',
    input: call([customer('c', 'US-MD'), agent('a', 'US-VA')], [notice('*', 0), grant('c', 3_000, 'verbal')]),
    outcome: 'allowed',
    participants: { c: ['notified', 'NOTICE_ACCEPTED', 0], a: ['deemed', 'DEEMED_CONSENT'] },
  },
  {
    // Changed by issue 13: MD accepts notice now; the explicit-only case is kept below with a US-DE (Delaware) third party.
    name: 'interstate: CA customer notified, MD third party consents: both rules hold',
    input: call(
      [customer('c', 'US-CA'), thirdParty('t', 'US-MD'), agent('a', 'US-GA')],
      [notice('*', 0), grant('t', 0)],
    ),
    outcome: 'allowed',
    governing: { jurisdiction: 'US-MD', kind: 'all-party' },
    participants: {
      c: ['notified', 'NOTICE_ACCEPTED', 0],
      t: ['consented', 'CONSENT_GRANTED', 1],
      a: ['deemed', 'DEEMED_CONSENT'],
    },
  },
  {
    // Changed by issue 13 (MD accepts notice): the event still counts only as a notice, not as explicit consent.
    name: 'a granted event by announcement is only a notice',
    input: call([customer('c', 'US-MD'), agent('a', 'US-MD')], [grant('c', 0, 'announcement')]),
    outcome: 'allowed',
    participants: { c: ['notified', 'NOTICE_ACCEPTED', 0], a: ['deemed', 'DEEMED_CONSENT'] },
  },
  {
    name: 'a written "notice" is not an in-call notice',
    input: call([customer('c', 'US-CA'), agent('a', 'US-CA')], [notice('c', 0, 'written')]),
    outcome: 'rejected',
    participants: { c: ['missing', 'NOTICE_METHOD_NOT_ACCEPTED'], a: ['deemed', 'DEEMED_CONSENT'] },
  },
  {
    name: 'a verbal notice by the agent counts where notice is accepted',
    input: call([customer('c', 'US-FL'), agent('a', 'US-FL')], [notice('c', 0, 'verbal')]),
    outcome: 'allowed',
    participants: { c: ['notified', 'NOTICE_ACCEPTED', 0], a: ['deemed', 'DEEMED_CONSENT'] },
  },

  // Timing: late consent, revocation, decline
  {
    name: 'consent granted late cuts the audio before it',
    input: call([customer('c', 'US-CA'), agent('a', 'US-GA')], [grant('c', 15_000)]),
    outcome: 'allowed_trimmed',
    trims: [[0, 15_000, 'CONSENT_NOT_YET_GIVEN']],
    participants: { c: ['consented', 'CONSENT_GRANTED_LATE', 0], a: ['deemed', 'DEEMED_CONSENT'] },
    reasons: ['ALL_REQUIRED_PARTIES_CONSENTED', 'CONSENT_TRIMMED'],
  },
  {
    name: 'a late announcement cuts the audio before it',
    input: call([customer('c', 'US-IL'), agent('a', 'US-IL')], [notice('*', 5_000)]),
    outcome: 'allowed_trimmed',
    trims: [[0, 5_000, 'CONSENT_NOT_YET_GIVEN']],
    participants: { c: ['notified', 'NOTICE_ACCEPTED_LATE', 0], a: ['deemed', 'DEEMED_CONSENT'] },
  },
  {
    name: 'revoked mid-call cuts the rest',
    input: call([customer('c', 'US-CA'), agent('a', 'US-CA')], [grant('c', 0), revoke('c', 30_000)]),
    outcome: 'allowed_trimmed',
    trims: [[30_000, END, 'CONSENT_REVOKED']],
    participants: { c: ['revoked', 'CONSENT_REVOKED', 0], a: ['deemed', 'DEEMED_CONSENT'] },
  },
  {
    name: 'late consent and a revocation cut both ends',
    input: call([customer('c', 'US-PA'), agent('a', 'US-NJ')], [grant('c', 10_000), revoke('c', 40_000)]),
    outcome: 'allowed_trimmed',
    trims: [
      [0, 10_000, 'CONSENT_NOT_YET_GIVEN'],
      [40_000, END, 'CONSENT_REVOKED'],
    ],
    participants: { c: ['revoked', 'CONSENT_REVOKED', 0], a: ['deemed', 'DEEMED_CONSENT'] },
  },
  {
    name: 'events are evaluated in offset order, not input order',
    input: call([customer('c', 'US-CA'), agent('a', 'US-CA')], [revoke('c', 50_000), grant('c', 2_000)]),
    outcome: 'allowed_trimmed',
    trims: [
      [0, 2_000, 'CONSENT_NOT_YET_GIVEN'],
      [50_000, END, 'CONSENT_REVOKED'],
    ],
    participants: { c: ['revoked', 'CONSENT_REVOKED', 1], a: ['deemed', 'DEEMED_CONSENT'] },
  },
  {
    name: 'a revocation is final: a later grant does not restore consent',
    input: call(
      [customer('c', 'US-CA'), agent('a', 'US-CA')],
      [grant('c', 0), revoke('c', 30_000), grant('c', 40_000)],
    ),
    outcome: 'allowed_trimmed',
    trims: [[30_000, END, 'CONSENT_REVOKED']],
    participants: { c: ['revoked', 'CONSENT_REVOKED', 0], a: ['deemed', 'DEEMED_CONSENT'] },
  },
  {
    name: 'revoked before any consent',
    input: call([customer('c', 'US-CA'), agent('a', 'US-CA')], [revoke('c', 5_000), grant('c', 10_000)]),
    outcome: 'rejected',
    participants: { c: ['revoked', 'CONSENT_REVOKED_BEFORE_GRANT'], a: ['deemed', 'DEEMED_CONSENT'] },
    reasons: ['REQUIRED_PARTY_REVOKED'],
  },
  {
    name: 'revoked at offset 0',
    input: call([customer('c', 'US-CA'), agent('a', 'US-CA')], [grant('c', 0), revoke('c', 0)]),
    outcome: 'rejected',
    participants: { c: ['revoked', 'CONSENT_REVOKED', 0], a: ['deemed', 'DEEMED_CONSENT'] },
    reasons: ['WHOLE_CALL_TRIMMED'],
  },
  {
    name: 'a revocation after the call ended changes nothing',
    input: call([customer('c', 'US-CA'), agent('a', 'US-CA')], [grant('c', 0), revoke('c', END)]),
    outcome: 'allowed',
    participants: { c: ['consented', 'CONSENT_GRANTED', 0], a: ['deemed', 'DEEMED_CONSENT'] },
  },
  {
    name: 'declined by a required party',
    input: call([customer('c', 'US-CA'), agent('a', 'US-CA')], [decline('c', 4_000)]),
    outcome: 'rejected',
    participants: { c: ['declined', 'CONSENT_DECLINED'], a: ['deemed', 'DEEMED_CONSENT'] },
    reasons: ['REQUIRED_PARTY_DECLINED'],
  },
  {
    // Changed by issue 13: in a US state the audio before the decline was lawfully recorded; cut from the decline.
    name: 'a decline after consent cuts the call from the decline',
    input: call([customer('c', 'US-FL'), agent('a', 'US-FL')], [grant('c', 0), decline('c', 20_000)]),
    outcome: 'allowed_trimmed',
    trims: [[20_000, END, 'CONSENT_DECLINED']],
    participants: { c: ['declined', 'CONSENT_DECLINED_MID_CALL', 0], a: ['deemed', 'DEEMED_CONSENT'] },
  },
  {
    name: 'a grant after a decline does not undo it',
    input: call([customer('c', 'US-FL'), agent('a', 'US-FL')], [decline('c', 0), grant('c', 10_000)]),
    outcome: 'rejected',
    participants: { c: ['declined', 'CONSENT_DECLINED'], a: ['deemed', 'DEEMED_CONSENT'] },
  },
  {
    name: 'an agent who declines is not deemed to consent',
    input: call([customer('c', 'US-CA'), agent('a', 'US-CA')], [grant('c', 0), decline('a', 0)]),
    outcome: 'rejected',
    participants: { c: ['consented', 'CONSENT_GRANTED', 0], a: ['declined', 'CONSENT_DECLINED'] },
    reasons: ['REQUIRED_PARTY_DECLINED'],
  },
  {
    name: 'consent after the call ended',
    input: call([customer('c', 'US-CA'), agent('a', 'US-CA')], [grant('c', END + 1)]),
    outcome: 'rejected',
    participants: { c: ['missing', 'CONSENT_AFTER_CALL_END'], a: ['deemed', 'DEEMED_CONSENT'] },
  },
  {
    name: 'trims that cover the whole call reject it',
    input: call(
      [customer('c1', 'US-CA'), customer('c2', 'US-CA'), agent('a', 'US-CA')],
      [grant('c1', 40_000), grant('c2', 0), revoke('c2', 30_000)],
    ),
    outcome: 'rejected',
    participants: {
      c1: ['consented', 'CONSENT_GRANTED_LATE', 0],
      c2: ['revoked', 'CONSENT_REVOKED', 1],
      a: ['deemed', 'DEEMED_CONSENT'],
    },
    reasons: ['WHOLE_CALL_TRIMMED'],
  },

  // Missing and unknown jurisdictions
  {
    name: 'missing jurisdiction is the strictest rule: notice is not enough',
    input: call([customer('c'), agent('a', 'US-GA')], [notice('*', 0)]),
    outcome: 'rejected',
    governing: { jurisdiction: null, kind: 'all-party', source: 'default' },
    participants: { c: ['missing', 'NOTICE_NOT_ACCEPTED'], a: ['deemed', 'DEEMED_CONSENT'] },
    reasons: ['JURISDICTION_MISSING', 'REQUIRED_PARTY_MISSING'],
  },
  {
    name: 'missing jurisdiction with explicit consent',
    input: call([customer('c'), agent('a', 'US-GA')], [grant('c', 0)]),
    outcome: 'allowed',
    governing: { jurisdiction: null, kind: 'all-party', source: 'default' },
    participants: { c: ['consented', 'CONSENT_GRANTED', 0], a: ['deemed', 'DEEMED_CONSENT'] },
    reasons: ['JURISDICTION_MISSING'],
  },
  {
    name: 'unknown US-XX with notice only',
    input: call([customer('c', 'US-XX'), agent('a', 'US-TX')], [notice('*', 0)]),
    outcome: 'rejected',
    governing: { jurisdiction: 'US-XX', kind: 'all-party', source: 'default' },
    participants: { c: ['missing', 'NOTICE_NOT_ACCEPTED'], a: ['deemed', 'DEEMED_CONSENT'] },
    reasons: ['JURISDICTION_UNKNOWN'],
  },
  {
    name: 'unknown US-XX with explicit consent',
    input: call([customer('c', 'US-XX'), agent('a', 'US-TX')], [grant('c', 0, 'written')]),
    outcome: 'allowed',
    governing: { jurisdiction: 'US-XX', kind: 'all-party', source: 'default' },
    participants: { c: ['consented', 'CONSENT_GRANTED', 0], a: ['deemed', 'DEEMED_CONSENT'] },
  },
  {
    name: 'a malformed jurisdiction is not guessed at',
    input: call([customer('c', 'us-ga'), agent('a', 'US-GA')], []),
    outcome: 'rejected',
    governing: { jurisdiction: 'us-ga', kind: 'all-party', source: 'default' },
    participants: { c: ['missing', 'CONSENT_MISSING'], a: ['deemed', 'DEEMED_CONSENT'] },
    reasons: ['JURISDICTION_INVALID'],
  },
  {
    name: 'an agent without a jurisdiction also makes the call strictest',
    input: call([customer('c', 'US-GA'), agent('a')], [notice('*', 0)]),
    outcome: 'rejected',
    governing: { jurisdiction: null, kind: 'all-party', source: 'default' },
    participants: { c: ['missing', 'NOTICE_NOT_ACCEPTED'], a: ['deemed', 'DEEMED_CONSENT'] },
  },

  // EU / EEA / GB
  {
    name: 'FR caller informed at the start',
    input: call([customer('c', 'FR'), agent('a', 'FR')], [notice('*', 0)]),
    outcome: 'allowed',
    governing: { jurisdiction: 'FR', kind: 'lawful-basis-notice' },
    participants: { c: ['notified', 'NOTICE_ACCEPTED', 0], a: ['deemed', 'DEEMED_CONSENT'] },
  },
  {
    name: 'FR caller never informed',
    input: call([customer('c', 'FR'), agent('a', 'FR')], []),
    outcome: 'rejected',
    participants: { c: ['missing', 'CONSENT_MISSING'], a: ['deemed', 'DEEMED_CONSENT'] },
  },
  {
    name: 'FR caller objects',
    input: call([customer('c', 'FR'), agent('a', 'FR')], [notice('*', 0), decline('c', 6_000)]),
    outcome: 'rejected',
    participants: { c: ['declined', 'CONSENT_DECLINED'], a: ['deemed', 'DEEMED_CONSENT'] },
    reasons: ['REQUIRED_PARTY_DECLINED'],
  },
  {
    // Changed by issue 13: §201 StGB protects the agent's words too, so the agent is not deemed to consent under DE.
    name: 'DE caller: an announcement is not consent',
    input: call([customer('c', 'DE'), agent('a', 'IE')], [notice('*', 0)]),
    outcome: 'rejected',
    governing: { jurisdiction: 'DE', kind: 'all-party' },
    participants: { c: ['missing', 'NOTICE_NOT_ACCEPTED'], a: ['missing', 'AGENT_CONSENT_REQUIRED'] },
  },
  {
    // Changed by issue 13: the customer's keypress is not enough under §201 StGB; the agent's consent is missing.
    name: 'DE caller consents by keypress, the agent does not',
    input: call([customer('c', 'DE'), agent('a', 'IE')], [notice('*', 0), grant('c', 0)]),
    outcome: 'rejected',
    participants: { c: ['consented', 'CONSENT_GRANTED', 1], a: ['missing', 'AGENT_CONSENT_REQUIRED'] },
    reasons: ['REQUIRED_PARTY_MISSING'],
  },
  {
    // Changed by issue 13: under DE the agent must consent too (here by its own event).
    name: 'DE subdivision inherits the national rule',
    input: call([customer('c', 'DE-BY'), agent('a', 'DE')], [grant('c', 0), grant('a', 0, 'verbal')]),
    outcome: 'allowed',
    governing: { jurisdiction: 'DE', kind: 'all-party' },
    participants: { c: ['consented', 'CONSENT_GRANTED', 0], a: ['consented', 'CONSENT_GRANTED', 1] },
  },
  {
    name: 'FR caller to a GA agent: the GDPR notice duty governs',
    input: call([customer('c', 'FR'), agent('a', 'US-GA')], [notice('*', 0)]),
    outcome: 'allowed',
    governing: { jurisdiction: 'FR', kind: 'lawful-basis-notice' },
    participants: { c: ['notified', 'NOTICE_ACCEPTED', 0], a: ['deemed', 'DEEMED_CONSENT'] },
  },
  {
    name: 'NO (EEA) caller informed at the start',
    input: call([customer('c', 'NO'), agent('a', 'SE')], [notice('*', 0)]),
    outcome: 'allowed',
    governing: { jurisdiction: 'NO', kind: 'lawful-basis-notice' },
    participants: { c: ['notified', 'NOTICE_ACCEPTED', 0], a: ['deemed', 'DEEMED_CONSENT'] },
  },
  {
    name: 'GB caller informed at the start',
    input: call([customer('c', 'GB'), agent('a', 'GB')], [notice('*', 0)]),
    outcome: 'allowed',
    governing: { jurisdiction: 'GB', kind: 'lawful-basis-notice' },
    participants: { c: ['notified', 'NOTICE_ACCEPTED', 0], a: ['deemed', 'DEEMED_CONSENT'] },
  },
  {
    name: 'GB-SCT caller inherits the GB rule',
    input: call([customer('c', 'GB-SCT'), agent('a', 'GB')], [notice('*', 1_500)]),
    outcome: 'allowed_trimmed',
    trims: [[0, 1_500, 'CONSENT_NOT_YET_GIVEN']],
    governing: { jurisdiction: 'GB', kind: 'lawful-basis-notice' },
    participants: { c: ['notified', 'NOTICE_ACCEPTED_LATE', 0], a: ['deemed', 'DEEMED_CONSENT'] },
  },
  {
    name: 'GB caller to a CA agent: CA is stricter than the UK notice rule',
    input: call([customer('c', 'GB'), agent('a', 'US-CA')], [notice('*', 0)]),
    outcome: 'allowed',
    governing: { jurisdiction: 'US-CA', kind: 'all-party' },
    participants: { c: ['notified', 'NOTICE_ACCEPTED', 0], a: ['deemed', 'DEEMED_CONSENT'] },
  },

  // Three-party calls
  {
    name: 'three-party all-party call, everyone notified',
    input: call([customer('c', 'US-CA'), thirdParty('t', 'US-WA'), agent('a', 'US-GA')], [notice('*', 0)]),
    outcome: 'allowed',
    participants: {
      c: ['notified', 'NOTICE_ACCEPTED', 0],
      t: ['notified', 'NOTICE_ACCEPTED', 0],
      a: ['deemed', 'DEEMED_CONSENT'],
    },
  },
  {
    name: 'three-party all-party call, third party never consents',
    input: call([customer('c', 'US-CA'), thirdParty('t', 'US-CA'), agent('a', 'US-CA')], [grant('c', 0)]),
    outcome: 'rejected',
    participants: {
      c: ['consented', 'CONSENT_GRANTED', 0],
      t: ['missing', 'CONSENT_MISSING'],
      a: ['deemed', 'DEEMED_CONSENT'],
    },
    reasons: ['REQUIRED_PARTY_MISSING'],
  },
  {
    name: 'three-party all-party call, third party consents when joining at 20 s',
    input: call(
      [customer('c', 'US-FL'), thirdParty('t', 'US-FL'), agent('a', 'US-FL')],
      [grant('c', 0), grant('t', 20_000, 'verbal')],
    ),
    outcome: 'allowed_trimmed',
    trims: [[0, 20_000, 'CONSENT_NOT_YET_GIVEN']],
    participants: {
      c: ['consented', 'CONSENT_GRANTED', 0],
      t: ['consented', 'CONSENT_GRANTED_LATE', 1],
      a: ['deemed', 'DEEMED_CONSENT'],
    },
  },
  {
    name: 'three-party call: a one-party third party’s state cannot relax a CA call',
    input: call([customer('c', 'US-CA'), thirdParty('t', 'US-NY'), agent('a', 'US-NY')], [grant('c', 0)]),
    outcome: 'rejected',
    governing: { jurisdiction: 'US-CA', kind: 'all-party' },
    participants: {
      c: ['consented', 'CONSENT_GRANTED', 0],
      t: ['missing', 'CONSENT_MISSING'],
      a: ['deemed', 'DEEMED_CONSENT'],
    },
  },
  {
    name: 'three-party one-party call, third party declines',
    input: call([customer('c', 'US-GA'), thirdParty('t', 'US-GA'), agent('a', 'US-GA')], [decline('t', 1_000)]),
    outcome: 'allowed',
    participants: {
      c: ['not-required', 'CONSENT_NOT_REQUIRED'],
      t: ['declined', 'DECLINED_NOT_REQUIRED'],
      a: ['deemed', 'DEEMED_CONSENT'],
    },
  },

  // Tenant overrides
  {
    name: 'override makes GA stricter: notice is no longer enough',
    input: call([customer('c', 'US-GA'), agent('a', 'US-GA')], [notice('*', 0)]),
    overrides: stricterGa,
    outcome: 'rejected',
    governing: { jurisdiction: 'US-GA', kind: 'all-party', source: 'override' },
    participants: { c: ['missing', 'NOTICE_NOT_ACCEPTED'], a: ['deemed', 'DEEMED_CONSENT'] },
  },
  {
    name: 'override makes GA stricter: explicit consent passes',
    input: call([customer('c', 'US-GA'), agent('a', 'US-GA')], [grant('c', 0)]),
    overrides: stricterGa,
    outcome: 'allowed',
    governing: { jurisdiction: 'US-GA', kind: 'all-party', source: 'override' },
    participants: { c: ['consented', 'CONSENT_GRANTED', 0], a: ['deemed', 'DEEMED_CONSENT'] },
  },
  {
    // Changed by issue 13: an override may only tighten; a looser stored one is overruled by the law.
    name: 'an override that would make CA more lenient is overruled by the law',
    input: call([customer('c', 'US-CA'), agent('a', 'US-CA')], []),
    overrides: lenientCa,
    outcome: 'rejected',
    governing: { jurisdiction: 'US-CA', kind: 'all-party', source: 'override' },
    participants: { c: ['missing', 'CONSENT_MISSING'], a: ['deemed', 'DEEMED_CONSENT'] },
  },
  {
    name: 'a lenient CA override does not relax an FL party',
    input: call([customer('c', 'US-CA'), agent('a', 'US-FL')], []),
    overrides: lenientCa,
    outcome: 'rejected',
    governing: { jurisdiction: 'US-FL', kind: 'all-party', source: 'rule-set' },
    participants: { c: ['missing', 'CONSENT_MISSING'], a: ['deemed', 'DEEMED_CONSENT'] },
  },

  // Notices to everyone
  {
    name: 'a notice to * covers customers and third parties alike',
    input: call([customer('c1', 'US-MA'), customer('c2', 'US-MT'), agent('a', 'US-MA')], [notice('*', 0)]),
    outcome: 'allowed',
    participants: {
      c1: ['notified', 'NOTICE_ACCEPTED', 0],
      c2: ['notified', 'NOTICE_ACCEPTED', 0],
      a: ['deemed', 'DEEMED_CONSENT'],
    },
  },
  {
    name: 'a notice to * after the call ended',
    input: call([customer('c', 'US-CA'), agent('a', 'US-CA')], [notice('*', END)]),
    outcome: 'rejected',
    participants: { c: ['missing', 'NOTICE_AFTER_CALL_END'], a: ['deemed', 'DEEMED_CONSENT'] },
  },
  {
    name: 'only notices may be addressed to *',
    input: call([customer('c', 'US-CA'), agent('a', 'US-CA')], [grant('*', 0)]),
    outcome: 'rejected',
    participants: { c: ['missing', 'CONSENT_MISSING'], a: ['deemed', 'DEEMED_CONSENT'] },
    reasons: ['WILDCARD_EVENT_NOT_NOTICE'],
  },

  // Wall-clock events
  {
    name: 'wall-clock consent 12 s into the call',
    input: call([customer('c', 'US-CA'), agent('a', 'US-CA')], [clock(grant('c'), '2026-11-25T10:00:12.000Z')], {
      startedAt: STARTED,
    }),
    outcome: 'allowed_trimmed',
    trims: [[0, 12_000, 'CONSENT_NOT_YET_GIVEN']],
    participants: { c: ['consented', 'CONSENT_GRANTED_LATE', 0], a: ['deemed', 'DEEMED_CONSENT'] },
  },
  {
    name: 'wall-clock consent before the call starts counts from 0',
    input: call(
      [customer('c', 'US-CA'), agent('a', 'US-CA')],
      [clock(grant('c', undefined, 'written'), '2026-11-25T09:59:30.000Z')],
      { startedAt: STARTED },
    ),
    outcome: 'allowed',
    participants: { c: ['consented', 'CONSENT_GRANTED', 0], a: ['deemed', 'DEEMED_CONSENT'] },
  },
  {
    name: 'wall-clock revocation',
    input: call(
      [customer('c', 'US-IL'), agent('a', 'US-IL')],
      [notice('*', 0), clock(revoke('c'), '2026-11-25T10:00:45.500Z')],
      { startedAt: '2026-11-25T11:00:00+01:00' },
    ),
    outcome: 'allowed_trimmed',
    trims: [[45_500, END, 'CONSENT_REVOKED']],
    participants: { c: ['revoked', 'CONSENT_REVOKED', 0], a: ['deemed', 'DEEMED_CONSENT'] },
  },
  {
    name: 'offsetMs wins over a wall-clock time',
    input: call([customer('c', 'US-CA'), agent('a', 'US-CA')], [{ ...grant('c', 0), at: '2026-11-25T10:00:30.000Z' }], {
      startedAt: STARTED,
    }),
    outcome: 'allowed',
    participants: { c: ['consented', 'CONSENT_GRANTED', 0], a: ['deemed', 'DEEMED_CONSENT'] },
  },
  {
    name: 'wall-clock consent without the call’s start time cannot be placed',
    input: call([customer('c', 'US-CA'), agent('a', 'US-CA')], [clock(grant('c'), '2026-11-25T10:00:12.000Z')]),
    outcome: 'rejected',
    participants: { c: ['missing', 'EVENT_TIME_UNKNOWN'], a: ['deemed', 'DEEMED_CONSENT'] },
  },
  {
    name: 'an undated grant proves nothing',
    input: call([customer('c', 'US-CA'), agent('a', 'US-CA')], [grant('c', undefined, 'written')]),
    outcome: 'rejected',
    participants: { c: ['missing', 'EVENT_TIME_UNKNOWN'], a: ['deemed', 'DEEMED_CONSENT'] },
  },
  {
    name: 'an undated revocation is taken to cover the whole call',
    input: call([customer('c', 'US-CA'), agent('a', 'US-CA')], [grant('c', 0), revoke('c')]),
    outcome: 'rejected',
    participants: { c: ['revoked', 'CONSENT_REVOKED', 0], a: ['deemed', 'DEEMED_CONSENT'] },
    reasons: ['WHOLE_CALL_TRIMMED'],
  },

  // Malformed input fails closed
  {
    name: 'an event for a participant who is not on the call',
    input: call([customer('c', 'US-GA'), agent('a', 'US-GA')], [decline('someone-else', 0)]),
    outcome: 'rejected',
    participants: { c: ['not-required', 'CONSENT_NOT_REQUIRED'], a: ['deemed', 'DEEMED_CONSENT'] },
    reasons: ['UNKNOWN_EVENT_PARTICIPANT'],
  },
  {
    name: 'duplicate participant ids',
    input: call([customer('c', 'US-GA'), customer('c', 'US-GA'), agent('a', 'US-GA')], []),
    outcome: 'rejected',
    participants: { a: ['deemed', 'DEEMED_CONSENT'] },
    reasons: ['INVALID_PARTICIPANT_ID'],
  },
  {
    name: 'no participants',
    input: call([], []),
    outcome: 'rejected',
    governing: { jurisdiction: null, kind: 'all-party', source: 'default' },
    participants: {},
    reasons: ['NO_PARTICIPANTS'],
  },
  {
    name: 'zero duration',
    input: call([customer('c', 'US-GA'), agent('a', 'US-GA')], [], { durationMs: 0 }),
    outcome: 'rejected',
    participants: { a: ['deemed', 'DEEMED_CONSENT'] },
    reasons: ['INVALID_DURATION'],
  },
];

/** The first pass named a single governing rule by kind; it is now one of the call's rules, by attributes. */
function asAttributes({ kind, ...rest }: NonNullable<Case['governing']>) {
  return {
    ...rest,
    partyConsent: kind === 'one-party' ? 'one' : 'all',
    ...(kind === 'lawful-basis-notice' && { acceptsNotice: true }),
  };
}

describe('decideConsent', () => {
  it.each(cases)('$name', ({ input, overrides, outcome, trims = [], governing, participants, reasons = [] }) => {
    const decision = decideConsent(input, ruleSet, overrides);

    expect(decision.outcome).toBe(outcome);
    expect(decision.trims).toEqual(trims.map(([startMs, endMs, reason]) => ({ startMs, endMs, reason })));
    expect(decision.ruleSetVersion).toBe(ruleSet.version);
    expect(decision.overrideVersion).toBe(overrides?.version);
    if (governing) {
      // A lawful-basis rule also names its basis.
      const candidates = decision.rules
        .map((r) => r.rule)
        .filter((r) => governing.kind !== 'lawful-basis-notice' || typeof r.lawfulBasis === 'string');
      expect(candidates).toContainEqual(expect.objectContaining(asAttributes(governing)));
    }
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
  });

  it('has at least 40 cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(40);
  });

  it.each(cases)('keeps its invariants: $name', ({ input, overrides }) => {
    const decision = decideConsent(input, ruleSet, overrides);
    expect(decision.participants).toHaveLength(input.participants.length);
    if (decision.outcome === 'allowed_trimmed') expect(decision.trims.length).toBeGreaterThan(0);
    else expect(decision.trims).toEqual([]);
    for (const t of decision.trims) {
      expect(0 <= t.startMs && t.startMs < t.endMs && t.endMs <= input.durationMs).toBe(true);
    }
    for (const p of decision.participants) {
      expect(p.reasonCode).toMatch(/^[A-Z][A-Z_]+$/);
      expect(p.message.length).toBeGreaterThan(0);
      expect(p.rule.citation.length).toBeGreaterThan(0);
    }
    for (const r of decision.reasons) expect(r.code).toMatch(/^[A-Z][A-Z_]+$/);
    expect(JSON.parse(JSON.stringify(decision))).toEqual(decision);
  });

  it('is pure: the same input gives the same decision and is not modified', () => {
    const input = call([customer('c', 'US-CA'), agent('a', 'US-GA')], [revoke('c', 50_000), grant('c', 2_000)]);
    const before = JSON.stringify(input);
    const first = decideConsent(input, ruleSet, lenientCa);
    expect(decideConsent(input, ruleSet, lenientCa)).toEqual(first);
    expect(JSON.stringify(input)).toBe(before);
  });

  it('reports each participant’s own rule and where it came from', () => {
    const decision = decideConsent(
      call([customer('c', 'US-GA'), thirdParty('t', 'US-XX'), agent('a', 'US-CA')], [grant('c', 0), grant('t', 0)]),
      ruleSet,
      stricterGa,
    );
    const rules = Object.fromEntries(decision.participants.map((p) => [p.participant, p.rule]));
    expect(rules.c).toMatchObject({ jurisdiction: 'US-GA', partyConsent: 'all', source: 'override' });
    expect(rules.t).toMatchObject({
      jurisdiction: 'US-XX',
      partyConsent: 'all',
      acceptsNotice: false,
      source: 'default',
    });
    expect(rules.a).toMatchObject({ jurisdiction: 'US-CA', source: 'rule-set' });
    expect(rules.a.citation).toContain('§632');
    expect(decision.overrideVersion).toBe('tenant-42.1');
  });

  it('records the decline and revocation events that blocked consent', () => {
    const decision = decideConsent(
      call(
        [customer('c1', 'US-CA'), customer('c2', 'US-CA'), agent('a', 'US-CA')],
        [grant('c1', 0), revoke('c1', 9_000), decline('c2', 1_000)],
      ),
      ruleSet,
    );
    const byId = Object.fromEntries(decision.participants.map((p) => [p.participant, p]));
    expect(byId.c1).toMatchObject({ satisfiedBy: 0, blockedBy: 1, covered: { startMs: 0, endMs: 9_000 } });
    expect(byId.c2).toMatchObject({ blockedBy: 2 });
  });

  it('rejects an invalid override document instead of applying it', () => {
    const bad = {
      version: 'x',
      rules: { 'US-CA': { partyConsent: 'all', acceptsNotice: false } },
    } as unknown as RuleOverrides;
    expect(() => decideConsent(call([customer('c', 'US-CA')], []), ruleSet, bad)).toThrow(/citation/);
  });
});
