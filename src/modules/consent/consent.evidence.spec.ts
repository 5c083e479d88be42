import { decideConsent } from './consent.decision';
import { participantEvidence, type EvidenceEvent } from './consent.evidence';
import { loadRuleSet } from './consent.rules';

const ruleSet = loadRuleSet();
const stored = (id: string, participant: string, kind: string, method: string, offsetMs: number): EvidenceEvent => ({
  id,
  participant,
  kind,
  method,
  at: null,
  offsetMs,
});

describe('participantEvidence', () => {
  const events = [
    stored('e-notice', '*', 'notified', 'announcement', 0),
    stored('e-grant', 'c', 'granted', 'ivr-keypress', 1_500),
    stored('e-fr', 'f', 'declined', 'verbal', 9_000),
  ];
  const input = {
    startedAt: '2026-12-01T09:00:00Z',
    durationMs: 60_000,
    participants: [
      { id: 'c', role: 'customer' as const, jurisdiction: 'DE' },
      { id: 'f', role: 'third-party' as const, jurisdiction: 'FR' },
      { id: 'a', role: 'agent' as const, jurisdiction: 'DE' },
    ],
    consent: events.map((e) => ({
      id: e.id,
      participant: e.participant,
      kind: e.kind as never,
      method: e.method as never,
      offsetMs: e.offsetMs as number,
    })),
  };
  const declarations = {
    employeeConsent: { reference: 'HR EC-2026', worksCouncilAgreement: 'BV 2026-03', jurisdictions: ['DE'] },
    lawfulBasis: { FR: { basis: 'Art. 6(1)(c) GDPR', reference: 'memo 7' } },
  };
  const decision = decideConsent(input, ruleSet, { version: 'acme-9', declarations });
  const view = Object.fromEntries(participantEvidence(decision, events).map((p) => [p.participant, p]));

  it('shows per participant the rule applied, with its attributes and citation', () => {
    expect(view.c.ruleApplied).toMatchObject({
      jurisdiction: 'DE',
      attributes: { agentMustConsent: true, acceptsNotice: false },
    });
    expect(view.c.ruleApplied.citation).toContain('§201');
    expect(view.f.ruleApplied.jurisdiction).toMatch(/^(DE|FR)$/);
  });

  it('cites the stored events that satisfied or ended the rule, by id', () => {
    expect(view.c.satisfiedBy).toEqual([events[1]]);
    expect(view.c.basis).toBe('explicit-consent');
    expect(view.f.blockedBy).toEqual([events[2]]);
    expect(view.f.status).toBe('declined');
  });

  it('names the tenant declarations relied on and what cannot be decided per call', () => {
    expect(view.a).toMatchObject({ status: 'declared', basis: 'tenant-declaration', satisfiedBy: [] });
    expect(view.a.declarationsRelied).toEqual([{ kind: 'employee-consent', ...declarations.employeeConsent }]);
    expect(view.f.declarationsRelied).toEqual([
      { kind: 'lawful-basis', jurisdiction: 'FR', ...declarations.lawfulBasis.FR },
    ]);
    expect(view.f.notDecidablePerCall).toEqual([expect.stringMatching(/^FR: .*CNIL/)]);
    expect(view.c.notDecidablePerCall).toEqual([]);
  });

  it('falls back to the input index when the decision carries no event ids (decisions from before ids were recorded)', () => {
    const { eventIds: _ids, ...old } = decision;
    expect(participantEvidence(old, events).find((p) => p.participant === 'c')?.satisfiedBy).toEqual([
      { index: 1, id: null },
    ]);
    expect(participantEvidence(null, events)).toEqual([]);
  });
});
