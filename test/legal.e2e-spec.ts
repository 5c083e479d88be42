import { CreateKeyCommand, GetPublicKeyCommand, SignCommand } from '@aws-sdk/client-kms';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { run } from '../src/cli';
import { DataKeyEntity } from '../src/modules/crypto/data-key.entity';
import { EnvelopeService } from '../src/modules/crypto/envelope.service';
import { KmsService } from '../src/modules/crypto/kms.service';
import { decideConsent } from '../src/modules/consent/consent.decision';
import { ConsentRulesService } from '../src/modules/legal/consent-rules.service';
import { documentDigest, signingStatement } from '../src/modules/legal/document.signer';
import { RetentionSweep } from '../src/modules/legal/retention.sweep';
import { ObjectStore } from '../src/modules/storage/object-store';
import { maskPhone, PhoneHasher } from '../src/modules/tenants/phone-hasher';
import { startTestApp, type TestApp } from './support/app';
import { storedRecording } from './support/stored';
import { TEST_DATABASE_URL } from './support/database';

const CUSTOMER = '+14155550134';
const OTHER = '+442079460000';
// A test PAN (Luhn-valid); it must never come back in any response.
const PAN = ['4111', '1111', '1111', '1111'].join('');
const DAY = 86_400_000;

interface Seed {
  tenantId: string;
  startedAt?: Date;
  participants?: { ref: string; role: 'customer' | 'agent' | 'third-party'; phone?: string; jurisdiction?: string }[];
}

describe('legal: evidence, holds, retention, data-subject requests', () => {
  let t: TestApp;
  let acme: { id: string };
  let globex: { id: string };
  let initech: { id: string };
  let legal: string;
  let admin: string;
  const bearer = (v: string) => ({ Authorization: `Bearer ${v}` });
  const db = () => t.runtime.dataSource;

  async function recording(seed: Seed) {
    const { id, sealed } = await storedRecording(
      t,
      { tenantId: seed.tenantId, startedAt: seed.startedAt ?? new Date(), durationMs: 120_000 },
      randomBytes(40_000),
    );
    const rec = { id };
    const participants = seed.participants ?? [
      { ref: 'customer', role: 'customer', phone: CUSTOMER, jurisdiction: 'US-CA' },
      { ref: 'agent', role: 'agent', jurisdiction: 'US-GA' },
    ];
    for (const p of participants) {
      await db().query(
        `INSERT INTO participants (recording_id, tenant_id, ref, role, phone_hmac, phone_masked, jurisdiction) VALUES ($1,$2,$3,$4,$5,$6,$7)`,
        [
          rec.id,
          seed.tenantId,
          p.ref,
          p.role,
          p.phone ? await t.app.get(PhoneHasher).hash(seed.tenantId, p.phone) : null,
          p.phone ? maskPhone(p.phone) : null,
          p.jurisdiction ?? null,
        ],
      );
    }
    return { id: rec.id, sealed };
  }

  async function consentAndReport(id: string, tenantId: string) {
    const events = [
      { ref: 'customer', kind: 'notified', method: 'announcement', offset: 0, evidence: { prompt: 'rec-notice-v3' } },
      {
        ref: 'customer',
        kind: 'granted',
        method: 'ivr-keypress',
        offset: 2000,
        evidence: { prompt: 'rec-consent-v1', key: '1', note: `typed ${PAN}` },
      },
    ];
    const ids: string[] = [];
    for (const e of events) {
      const [row] = await db().query(
        `INSERT INTO consent_events (recording_id, tenant_id, participant_ref, kind, method, offset_ms, evidence, source) VALUES ($1,$2,$3,$4,$5,$6,$7,'upload') RETURNING id`,
        [id, tenantId, e.ref, e.kind, e.method, e.offset, JSON.stringify(e.evidence)],
      );
      ids.push(row.id);
    }
    // The decision the pipeline would have taken for these events, with their ids.
    const decision = decideConsent(
      {
        durationMs: 120_000,
        participants: [
          { id: 'customer', role: 'customer', jurisdiction: 'US-CA' },
          { id: 'agent', role: 'agent', jurisdiction: 'US-GA' },
        ],
        consent: events.map((e, i) => ({
          id: ids[i],
          participant: e.ref,
          kind: e.kind as never,
          method: e.method as never,
          offsetMs: e.offset,
        })),
      },
      t.app.get(ConsentRulesService).ruleSet,
    );
    const report = {
      version: 1,
      paddingMs: 40,
      mode: 'mute',
      durationMs: 120_000,
      spans: [
        {
          startMs: 12_000,
          endMs: 19_000,
          channel: 1,
          kind: 'pan',
          detector: 'transcript',
          confidence: 0.97,
          masked: '•••• 1111',
        },
        // A detector that leaked the whole number must still not leak it here.
        { startMs: 30_000, endMs: 31_000, channel: null, kind: 'dtmf', detector: 'dtmf', confidence: 1, masked: PAN },
      ],
      detectors: [
        { name: 'dtmf', ran: true, found: 1 },
        { name: 'transcript', ran: true, found: 1 },
      ],
      verification: {
        passed: true,
        codec: 'pcm_s16le',
        maxPeakDbfs: -40,
        edgeMarginMs: 30,
        spansChecked: 2,
        worstPeakDbfs: null,
        residualDtmf: 0,
        failures: [],
      },
    };
    await db().query(`UPDATE recordings SET consent_decision = $2, redaction_report = $3 WHERE id = $1`, [
      id,
      JSON.stringify(decision),
      JSON.stringify(report),
    ]);
  }

  const evidence = async (id: string, token = legal) =>
    (await t.http().get(`/v1/recordings/${id}/evidence`).set(bearer(token)).expect(200)).body;
  const verify = async (bundle: unknown) =>
    (
      await t
        .http()
        .post('/v1/evidence/verify')
        .set(bearer(legal))
        .send(bundle as object)
        .expect(200)
    ).body;

  beforeAll(async () => {
    t = await startTestApp({ AUTH_FAILURE_LIMIT: '100000' });
    acme = await t.tenant('acme');
    globex = await t.tenant('globex');
    initech = await t.tenant('initech');
    legal = await t.token('acme', 'legal');
    admin = await t.token('acme', 'admin');
  });
  afterAll(() => t.close());

  describe('evidence', () => {
    let id: string;
    let sha: string;
    let bundle: Record<string, any>;

    beforeAll(async () => {
      const r = await recording({ tenantId: acme.id });
      id = r.id;
      sha = r.sealed.sha256;
      await consentAndReport(id, acme.id);
      await t
        .http()
        .get(`/v1/recordings/${id}/audio`)
        .set(bearer(await t.token('acme', 'qa')))
        .set('X-Access-Purpose', 'QA review')
        .expect(200);
      bundle = await evidence(id);
    });

    it('holds the facts, masked phones, consent evidence, the decision, the redaction summary and the access history', () => {
      expect(bundle.recording).toMatchObject({ id, status: 'available', objectSha256: sha });
      expect(bundle.participants).toEqual([
        { id: 'agent', role: 'agent', phone: null, jurisdiction: 'US-GA' },
        { id: 'customer', role: 'customer', phone: maskPhone(CUSTOMER), jurisdiction: 'US-CA' },
      ]);
      expect(bundle.consent.events.map((e: any) => [e.kind, e.offsetMs, e.evidence.prompt])).toEqual([
        ['notified', 0, 'rec-notice-v3'],
        ['granted', 2000, 'rec-consent-v1'],
      ]);
      expect(bundle.consent.decision).toMatchObject({
        outcome: 'allowed',
        ruleSetVersion: t.app.get(ConsentRulesService).ruleSet.version,
        rules: [
          expect.objectContaining({ rule: expect.objectContaining({ jurisdiction: 'US-CA' }) }),
          expect.objectContaining({ rule: expect.objectContaining({ jurisdiction: 'US-GA' }) }),
        ],
      });
      // Per participant: the rule applied, and the stored event (by id) that satisfied it.
      const notice = bundle.consent.events[0];
      expect(bundle.consent.participants).toEqual([
        expect.objectContaining({
          participant: 'customer',
          status: 'notified',
          basis: 'implied-by-knowledge',
          ruleApplied: expect.objectContaining({
            jurisdiction: 'US-CA',
            citation: expect.stringContaining('§632'),
            source: 'rule-set',
          }),
          satisfiedBy: [notice],
          declarationsRelied: [],
        }),
        expect.objectContaining({
          participant: 'agent',
          status: 'deemed',
          satisfiedBy: [],
          ruleApplied: expect.objectContaining({ jurisdiction: 'US-CA' }),
        }),
      ]);
      expect(bundle.redaction.spans).toHaveLength(2);
      expect(bundle.redaction.spans.every((s: any) => s.masked === '•••• 1111')).toBe(true);
      expect(bundle.redaction.verification.passed).toBe(true);
      expect(bundle.accessHistory.events).toEqual([
        expect.objectContaining({ action: 'recording.stream', outcome: 'success', purpose: 'QA review' }),
      ]);
      expect(bundle.deletionCertificate).toBeNull();
      expect(bundle.signature).toMatchObject({
        algorithm: 'ECDSA_SHA_256',
        keyId: expect.any(String),
        publicKey: expect.any(String),
      });
    });

    it('never contains a phone number or a card number in full', () => {
      const text = JSON.stringify(bundle);
      expect(text).not.toContain(CUSTOMER);
      expect(text).not.toContain(CUSTOMER.slice(1));
      expect(text).not.toContain(PAN);
      expect(text).not.toMatch(/4111[ -]?1111[ -]?1111/);
    });

    it('audits every pull of evidence', async () => {
      const [row] = await db().query(
        `SELECT count(*)::int AS n FROM audit_events WHERE action = 'recording.evidence' AND resource_id = $1`,
        [id],
      );
      expect(row.n).toBeGreaterThanOrEqual(1);
    });

    it('verifies as issued, over HTTP and with the CLI', async () => {
      expect(await verify(bundle)).toEqual({ valid: true });
      const auditor = await t.token('acme', 'auditor');
      await t.http().post('/v1/evidence/verify').set(bearer(auditor)).send(bundle).expect(200, { valid: true });
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'evidence-'));
      const cli = (file: string) =>
        run(['evidence:verify', file, '--json'], {
          DATABASE_URL: TEST_DATABASE_URL,
          DATA_DIR: t.config.dataDir,
          LOG_LEVEL: 'silent',
        });
      try {
        fs.writeFileSync(path.join(dir, 'ok.json'), JSON.stringify(bundle));
        expect(await cli(path.join(dir, 'ok.json'))).toMatchObject({ exitCode: 0, json: { valid: true } });
        fs.writeFileSync(
          path.join(dir, 'bad.json'),
          JSON.stringify({ ...bundle, recording: { ...bundle.recording, status: 'rejected' } }),
        );
        expect(await cli(path.join(dir, 'bad.json'))).toMatchObject({ exitCode: 2, json: { valid: false } });
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });

    const edits: [string, (b: any) => void][] = [
      ['a recording field', (b) => (b.recording.status = 'rejected')],
      ['the ciphertext hash', (b) => (b.recording.objectSha256 = '0'.repeat(64))],
      ['a dropped consent event', (b) => b.consent.events.pop()],
      ['reordered consent events', (b) => b.consent.events.reverse()],
      ['a consent evidence reference', (b) => (b.consent.events[1].evidence.key = '2')],
      ['the decision outcome', (b) => (b.consent.decision.outcome = 'rejected')],
      ['a masked phone', (b) => (b.participants[1].phone = '+1415•••9999')],
      ['a dropped access event', (b) => b.accessHistory.events.pop()],
      ['an added top-level field', (b) => (b.note = 'added later')],
      ['a number type (1 → "1")', (b) => (b.formatVersion = '1')],
      ['the signing time', (b) => (b.signature.signedAt = new Date(0).toISOString())],
      ['the digest alone', (b) => (b.signature.digest = documentDigest({}))],
      ['an extra signature field', (b) => (b.signature.comment = 'x')],
      [
        'the signature bytes',
        (b) => (b.signature.signature = Buffer.from(b.signature.signature, 'base64').reverse().toString('base64')),
      ],
    ];
    it.each(edits)('detects an edit: %s', async (_name, edit) => {
      const copy = structuredClone(bundle);
      edit(copy);
      const out = await verify(copy);
      expect(out.valid).toBe(false);
      expect(out.reason).toEqual(expect.any(String));
    });

    it('rejects a bundle re-signed by any key but the configured one', async () => {
      const kms = t.app.get(KmsService);
      const other = await kms.client.send(new CreateKeyCommand({ KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY' }));
      const { signature: _old, ...doc } = structuredClone(bundle);
      doc.recording.status = 'rejected';
      const digest = documentDigest(doc);
      const signedAt = new Date().toISOString();
      const sig = await kms.client.send(
        new SignCommand({
          KeyId: other.KeyMetadata!.Arn,
          Message: signingStatement('evidence-bundle', digest, signedAt),
          MessageType: 'RAW',
          SigningAlgorithm: 'ECDSA_SHA_256',
        }),
      );
      const pub = await kms.client.send(new GetPublicKeyCommand({ KeyId: other.KeyMetadata!.Arn }));
      const forged = {
        ...doc,
        signature: {
          algorithm: 'ECDSA_SHA_256',
          keyId: other.KeyMetadata!.Arn,
          signedAt,
          digest,
          signature: Buffer.from(sig.Signature!).toString('base64'),
          publicKey: Buffer.from(pub.PublicKey!).toString('base64'),
        },
      };
      expect(await verify(forged)).toMatchObject({
        valid: false,
        reason: expect.stringContaining('configured signing key'),
      });
      // Claiming the configured key id with the other key's signature fails too.
      expect(
        (await verify({ ...forged, signature: { ...forged.signature, keyId: bundle.signature.keyId } })).valid,
      ).toBe(false);
    });

    it('answers 400 with field paths for a body that is not a bundle', async () => {
      const res = await t.http().post('/v1/evidence/verify').set(bearer(legal)).send({ kind: 'x' }).expect(400);
      expect(res.body.details).toEqual([expect.objectContaining({ path: 'signature' })]);
    });

    it('renders a self-contained, escaped HTML page with the signature block', async () => {
      const r = await recording({
        tenantId: acme.id,
        participants: [{ ref: '<script>alert(1)</script>', role: 'customer', phone: CUSTOMER, jurisdiction: 'US-CA' }],
      });
      const res = await t.http().get(`/v1/recordings/${r.id}/evidence?format=html`).set(bearer(legal)).expect(200);
      expect(res.headers['content-type']).toMatch(/^text\/html/);
      expect(res.headers['content-security-policy']).toContain("default-src 'none'");
      expect(res.text).not.toMatch(/<script/i);
      expect(res.text).toContain('&#60;script&#62;alert(1)&#60;/script&#62;');
      expect(res.text).not.toMatch(/\s(src|href)=/i);
      expect(res.text).toContain('ECDSA_SHA_256');
      expect(res.text).toContain('evidence:verify');
      expect(res.text).not.toContain(CUSTOMER);
      await t.http().get(`/v1/recordings/${r.id}/evidence?format=pdf`).set(bearer(legal)).expect(400);
    });

    it('hides another tenant’s recording and refuses other roles', async () => {
      await t
        .http()
        .get(`/v1/recordings/${id}/evidence`)
        .set(bearer(await t.token('globex', 'legal')))
        .expect(404);
      await t
        .http()
        .get(`/v1/recordings/${id}/evidence`)
        .set(bearer(await t.token('acme', 'qa')))
        .expect(403);
    });
  });

  describe('legal holds, retention and deletion', () => {
    const sweep = () => t.app.get(RetentionSweep).run();
    let initechLegal: string;
    let initechAdmin: string;

    beforeAll(async () => {
      initechLegal = await t.token('initech', 'legal');
      initechAdmin = await t.token('initech', 'admin');
      await t
        .http()
        .put('/v1/tenants/current/retention')
        .set(bearer(initechAdmin))
        .send({ defaultDays: 1, byJurisdiction: { 'US-CA': 30 } })
        .expect(200);
    });

    it('validates the retention policy with field paths', async () => {
      const res = await t
        .http()
        .put('/v1/tenants/current/retention')
        .set(bearer(initechAdmin))
        .send({ defaultDays: 0, byJurisdiction: { california: 5 } })
        .expect(400);
      expect(res.body.details.map((d: any) => d.path).sort()).toEqual(['byJurisdiction.california', 'defaultDays']);
      const got = await t.http().get('/v1/tenants/current/retention').set(bearer(initechAdmin)).expect(200);
      expect(got.body).toMatchObject({ defaultDays: 1, byJurisdiction: { 'US-CA': 30 } });
    });

    it('deletes an expired, unheld recording: tombstone, signed certificate, audit event, keys and object gone', async () => {
      const old = await recording({
        tenantId: initech.id,
        startedAt: new Date(Date.now() - 3 * DAY),
        participants: [{ ref: 'c', role: 'customer', jurisdiction: 'GB' }],
      });
      // The longest applicable period wins: a Californian participant keeps the call for 30 days.
      const californian = await recording({ tenantId: initech.id, startedAt: new Date(Date.now() - 3 * DAY) });
      const fresh = await recording({ tenantId: initech.id, participants: [] });
      expect(await sweep()).toMatchObject({ deleted: 1 });

      const [rec] = await db().query(`SELECT status, retain_until, object_key FROM recordings WHERE id = $1`, [old.id]);
      expect(rec).toMatchObject({ status: 'deleted', object_key: null });
      expect(await db().getRepository(DataKeyEntity).countBy({ recordingId: old.id })).toBe(0);
      expect(await t.app.get(ObjectStore).head(old.sealed.objectKey)).toBeUndefined();
      await expect(t.app.get(EnvelopeService).open(old.sealed.objectKey)).rejects.toMatchObject({
        code: 'RECORDING_NOT_AVAILABLE',
      });
      const audio = await t.http().get(`/v1/recordings/${old.id}/audio`).set(bearer(initechLegal));
      expect([409, 410]).toContain(audio.status);

      const [cert] = await db().query(
        `SELECT reason, object_sha256, destroyed_keys FROM deletion_certificates WHERE recording_id = $1`,
        [old.id],
      );
      expect(cert.reason).toBe('retention');
      expect(cert.object_sha256.toString('hex')).toBe(old.sealed.sha256);
      expect(cert.destroyed_keys).toEqual([expect.objectContaining({ dataKeyId: old.sealed.dataKeyId })]);
      const [event] = await db().query(
        `SELECT actor_id, outcome, details FROM audit_events WHERE action = 'recording.delete' AND resource_id = $1`,
        [old.id],
      );
      expect(event).toMatchObject({
        actor_id: 'retention.sweep',
        outcome: 'success',
        details: expect.objectContaining({ reason: 'retention' }),
      });

      for (const kept of [californian, fresh]) {
        const [row] = await db().query(`SELECT status, retain_until FROM recordings WHERE id = $1`, [kept.id]);
        expect(row.status).toBe('available');
        expect(row.retain_until).not.toBeNull();
      }
      const [ca] = await db().query(`SELECT retain_until - started_at AS kept FROM recordings WHERE id = $1`, [
        californian.id,
      ]);
      expect(ca.kept.days).toBe(30);

      const bundle = await evidence(old.id, initechLegal);
      expect(bundle.recording.status).toBe('deleted');
      expect(bundle.deletionCertificate).toMatchObject({
        reason: 'retention',
        objectSha256: old.sealed.sha256,
        signature: expect.any(Object),
      });
      expect(await verify(bundle)).toEqual({ valid: true });
      const tampered = structuredClone(bundle);
      tampered.deletionCertificate.reason = 'manual';
      expect((await verify(tampered)).valid).toBe(false);
      // A second sweep has nothing left to do.
      expect(await sweep()).toEqual({ deleted: 0, blocked: 0 });
    });

    it('keeps a held recording through retention, erasure and manual deletion, and records each refusal', async () => {
      const phone = '+14155550999';
      const r = await recording({
        tenantId: initech.id,
        startedAt: new Date(Date.now() - 3 * DAY),
        participants: [{ ref: 'c', role: 'customer', phone, jurisdiction: 'GB' }],
      });
      const placed = await t
        .http()
        .post(`/v1/recordings/${r.id}/holds`)
        .set(bearer(initechLegal))
        .send({ matter: 'Doe v. Initech', reason: 'litigation' })
        .expect(201);
      const second = await t
        .http()
        .post(`/v1/recordings/${r.id}/holds`)
        .set(bearer(initechLegal))
        .send({ matter: 'Regulator inquiry', reason: 'preserve' })
        .expect(201);

      expect(await sweep()).toMatchObject({ deleted: 0, blocked: 1 });
      expect(await sweep()).toMatchObject({ blocked: 1 });
      const erase = await t
        .http()
        .post('/v1/dsar/erase')
        .set(bearer(initechLegal))
        .send({ phone, reason: 'customer request' })
        .expect(200);
      expect(erase.body).toMatchObject({ erased: [], held: [{ id: r.id, holdIds: [placed.body.id, second.body.id] }] });
      await t.http().delete(`/v1/recordings/${r.id}`).set(bearer(initechLegal)).expect(409);

      const [row] = await db().query(`SELECT status, legal_hold FROM recordings WHERE id = $1`, [r.id]);
      expect(row).toEqual({ status: 'available', legal_hold: true });
      const blocks = await db().query(
        `SELECT attempted_by FROM deletion_blocks WHERE recording_id = $1 ORDER BY blocked_at`,
        [r.id],
      );
      // The hourly sweep records one refusal per hold, not one per hour.
      expect(blocks.map((b: any) => b.attempted_by)).toEqual(['retention', 'erasure', 'manual']);
      // One deletion path: every refusal, manual ones included, is the same audited event.
      const denied = await db().query(
        `SELECT details FROM audit_events WHERE action = 'recording.delete' AND resource_id = $1 AND outcome = 'denied'`,
        [r.id],
      );
      expect(denied.map((d: any) => d.details.reason).sort()).toEqual(['erasure', 'manual', 'retention']);
      await t.http().get(`/v1/recordings/${r.id}/audio`).set(bearer(initechLegal)).expect(200);

      const bundle = await evidence(r.id, initechLegal);
      expect(bundle.deletionBlocks.map((b: any) => b.attemptedBy)).toEqual(['retention', 'erasure', 'manual']);
      expect(bundle.legalHolds.map((h: any) => [h.matter, h.active])).toEqual([
        ['Doe v. Initech', true],
        ['Regulator inquiry', true],
      ]);

      // Releasing one hold leaves the other in force.
      await t
        .http()
        .delete(`/v1/recordings/${r.id}/holds/${placed.body.id}`)
        .set(bearer(initechLegal))
        .send({ reason: 'settled' })
        .expect(200);
      await t
        .http()
        .delete(`/v1/recordings/${r.id}/holds/${placed.body.id}`)
        .set(bearer(initechLegal))
        .send({ reason: 'again' })
        .expect(409);
      expect((await db().query(`SELECT legal_hold FROM recordings WHERE id = $1`, [r.id]))[0].legal_hold).toBe(true);
      expect(await sweep()).toMatchObject({ deleted: 0 });
      await t
        .http()
        .delete(`/v1/recordings/${r.id}/holds/${second.body.id}`)
        .set(bearer(initechLegal))
        .send({ reason: 'closed' })
        .expect(200);
      const list = await t.http().get(`/v1/recordings/${r.id}/holds`).set(bearer(initechLegal)).expect(200);
      expect(list.body.items.map((h: any) => [h.active, h.releaseReason])).toEqual([
        [false, 'settled'],
        [false, 'closed'],
      ]);
      expect(await sweep()).toMatchObject({ deleted: 1 });
    });

    it('validates holds and finds only the tenant’s own', async () => {
      const r = await recording({ tenantId: initech.id });
      const bad = await t
        .http()
        .post(`/v1/recordings/${r.id}/holds`)
        .set(bearer(initechLegal))
        .send({ matter: '', extra: 1 })
        .expect(400);
      expect(bad.body.details.map((d: any) => d.path).sort()).toEqual(['(body)', 'matter', 'reason']);
      await t
        .http()
        .post(`/v1/recordings/${r.id}/holds`)
        .set(bearer(legal))
        .send({ matter: 'm', reason: 'r' })
        .expect(404);
      await t
        .http()
        .delete(`/v1/recordings/${r.id}/holds/00000000-0000-4000-8000-000000000000`)
        .set(bearer(initechLegal))
        .send({ reason: 'x' })
        .expect(404);
    });

    it('issues a certificate for a manual delete too', async () => {
      const r = await recording({ tenantId: initech.id });
      await t.http().delete(`/v1/recordings/${r.id}`).set(bearer(initechLegal)).expect(200);
      const [cert] = await db().query(`SELECT reason, document FROM deletion_certificates WHERE recording_id = $1`, [
        r.id,
      ]);
      expect(cert).toMatchObject({
        reason: 'manual',
        document: expect.objectContaining({ deletedBy: expect.objectContaining({ id: 'legal@initech' }) }),
      });
      expect(await verify(await evidence(r.id, initechLegal))).toEqual({ valid: true });
    });

    it('answers a hold on a deleted recording 409 RECORDING_DELETED, as an upload of it; an attach lists it as deleted', async () => {
      const r = await recording({ tenantId: initech.id });
      await t.http().delete(`/v1/recordings/${r.id}`).set(bearer(initechLegal)).expect(200);
      const refused = await t
        .http()
        .post(`/v1/recordings/${r.id}/holds`)
        .set(bearer(initechLegal))
        .send({ matter: 'After deletion', reason: 'too late' })
        .expect(409);
      expect(refused.body).toMatchObject({
        code: 'RECORDING_DELETED',
        message: `id: recording ${r.id} has been deleted; there is nothing left to hold`,
        details: { recordingId: r.id },
      });
      const matter = (
        await t
          .http()
          .post('/v1/matters')
          .set(bearer(initechLegal))
          .send({ name: 'After deletion', reference: 'AFTER-DEL' })
          .expect(201)
      ).body;
      const attached = await t
        .http()
        .post(`/v1/matters/${matter.id}/recordings`)
        .set(bearer(initechLegal))
        .send({ recordingIds: [r.id], reason: 'too late' })
        .expect(201);
      expect(attached.body).toEqual({ placed: [], alreadyHeld: [], deleted: [r.id], notFound: [] });
      expect(await db().query(`SELECT id FROM legal_holds WHERE recording_id = $1`, [r.id])).toEqual([]);
    });
  });

  describe('one deletion path for manual delete, retention and erasure', () => {
    const PHONE = '+14155550777';
    let initechLegal: string;
    const keyCount = async (id: string) => db().getRepository(DataKeyEntity).countBy({ recordingId: id });

    beforeAll(async () => {
      initechLegal = await t.token('initech', 'legal');
    });

    it.each(['received', 'awaiting_consent', 'processing'])(
      'leaves a recording that is still %s alone on every path and says so',
      async (status) => {
        const r = await recording({
          tenantId: initech.id,
          startedAt: new Date(Date.now() - 400 * DAY),
          participants: [{ ref: 'c', role: 'customer', phone: PHONE }],
        });
        await db().query(`UPDATE recordings SET status = $2, retain_until = now() - interval '1 day' WHERE id = $1`, [
          r.id,
          status,
        ]);
        const manual = await t.http().delete(`/v1/recordings/${r.id}`).set(bearer(initechLegal)).expect(409);
        expect(manual.body.code).toBe('RECORDING_IN_PROGRESS');
        const erase = await t
          .http()
          .post('/v1/dsar/erase')
          .set(bearer(initechLegal))
          .send({ phone: PHONE, reason: 'customer request' })
          .expect(200);
        expect(erase.body.pending).toContain(r.id);
        await t.app.get(RetentionSweep).run();
        const [row] = await db().query(`SELECT status, object_key FROM recordings WHERE id = $1`, [r.id]);
        expect(row).toEqual({ status, object_key: r.sealed.objectKey });
        expect(await keyCount(r.id)).toBe(1);
        expect(await t.app.get(ObjectStore).head(r.sealed.objectKey)).toBeDefined();
        expect(await db().query(`SELECT 1 FROM deletion_certificates WHERE recording_id = $1`, [r.id])).toEqual([]);
        // Once it settles, the same request deletes it.
        await db().query(`UPDATE recordings SET status = 'available' WHERE id = $1`, [r.id]);
        await t.http().delete(`/v1/recordings/${r.id}`).set(bearer(initechLegal)).expect(200);
      },
    );

    it('audits and certifies a manual delete in its own transaction, exactly like retention and erasure', async () => {
      const r = await recording({ tenantId: initech.id });
      const res = await t.http().delete(`/v1/recordings/${r.id}`).set(bearer(initechLegal)).expect(200);
      expect(res.body).toMatchObject({ id: r.id, status: 'deleted' });
      const [cert] = await db().query(
        `SELECT id, reason, destroyed_keys FROM deletion_certificates WHERE recording_id = $1`,
        [r.id],
      );
      expect(cert).toMatchObject({
        reason: 'manual',
        destroyed_keys: [expect.objectContaining({ objectKey: r.sealed.objectKey })],
      });
      // One event for the request: what was destroyed, in the deletion's transaction.
      const events = await db().query(
        `SELECT actor_id, details FROM audit_events WHERE action = 'recording.delete' AND resource_id = $1 AND outcome = 'success'`,
        [r.id],
      );
      expect(events).toEqual([
        {
          actor_id: 'legal@initech',
          details: {
            method: 'DELETE',
            route: '/v1/recordings/:id',
            status: 200,
            reason: 'manual',
            certificateId: cert.id,
            destroyedKeys: 1,
          },
        },
      ]);
      expect(await keyCount(r.id)).toBe(0);
      expect(await t.app.get(ObjectStore).head(r.sealed.objectKey)).toBeUndefined();
    });

    it('places one hold per matter: the same matter again, even 20 times at once, answers its hold with 200', async () => {
      const r = await recording({ tenantId: initech.id });
      const answers = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          t
            .http()
            .post(`/v1/recordings/${r.id}/holds`)
            .set(bearer(initechLegal))
            .send({ matter: 'Parallel v. Initech', reason: `retry ${i}` }),
        ),
      );
      expect(answers.map((a) => a.status).sort()).toEqual([...Array<number>(19).fill(200), 201]);
      expect(new Set(answers.map((a) => a.body.id)).size).toBe(1);
      const active = await db().query(
        `SELECT count(*)::int AS n FROM legal_holds WHERE recording_id = $1 AND released_at IS NULL`,
        [r.id],
      );
      expect(active).toEqual([{ n: 1 }]);
      // Released once, the recording is free: no second hold of the same matter keeps it.
      await t
        .http()
        .delete(`/v1/recordings/${r.id}/holds/${answers[0].body.id}`)
        .set(bearer(initechLegal))
        .send({ reason: 'settled' })
        .expect(200);
      const [row] = await db().query(`SELECT legal_hold FROM recordings WHERE id = $1`, [r.id]);
      expect(row).toEqual({ legal_hold: false });
      // Another matter, or the same one after its release, places a new hold.
      const again = await t
        .http()
        .post(`/v1/recordings/${r.id}/holds`)
        .set(bearer(initechLegal))
        .send({ matter: 'Parallel v. Initech', reason: 'reopened' })
        .expect(201);
      expect(again.body.id).not.toBe(answers[0].body.id);
    });

    it('never lets a deletion and a hold both win, nor two deletions both certify', async () => {
      const recs = await Promise.all(Array.from({ length: 6 }, () => recording({ tenantId: initech.id })));
      const outcomes = await Promise.all(
        recs.map(async (r) => {
          const [del, hold, again] = await Promise.all([
            t.http().delete(`/v1/recordings/${r.id}`).set(bearer(initechLegal)),
            t
              .http()
              .post(`/v1/recordings/${r.id}/holds`)
              .set(bearer(initechLegal))
              .send({ matter: 'race', reason: 'preserve' }),
            t.http().delete(`/v1/recordings/${r.id}`).set(bearer(initechLegal)),
          ]);
          return { r, codes: [del.status, hold.status, again.status], holdCode: hold.body.code };
        }),
      );
      for (const { r, codes, holdCode } of outcomes) {
        const [row] = await db().query(`SELECT status, legal_hold FROM recordings WHERE id = $1`, [r.id]);
        const [{ n }] = await db().query(
          `SELECT count(*)::int AS n FROM deletion_certificates WHERE recording_id = $1`,
          [r.id],
        );
        if (codes[1] === 201) {
          // The hold won: whichever deletion came after it was refused, nothing was destroyed.
          expect(row).toEqual({ status: 'available', legal_hold: true });
          expect(n).toBe(0);
          expect(await keyCount(r.id)).toBe(1);
          expect(codes).toEqual([409, 201, 409]);
        } else {
          // A deletion won: the hold found nothing left to hold, the other deletion found it already deleted.
          expect(codes).toEqual([200, 409, 200]);
          expect(holdCode).toBe('RECORDING_DELETED');
          expect(row).toEqual({ status: 'deleted', legal_hold: false });
          expect(n).toBe(1);
          expect(await keyCount(r.id)).toBe(0);
        }
      }
    });
  });

  describe('data-subject requests', () => {
    it('finds exactly the tenant’s recordings with the number, and audits without the number', async () => {
      const a = await recording({ tenantId: acme.id });
      const b = await recording({
        tenantId: acme.id,
        participants: [
          { ref: 'cust', role: 'third-party', phone: CUSTOMER },
          { ref: 'x', role: 'customer', phone: OTHER },
        ],
      });
      const none = await recording({ tenantId: acme.id, participants: [{ ref: 'c', role: 'customer', phone: OTHER }] });
      await recording({ tenantId: globex.id });
      const res = await t.http().post('/v1/dsar/search').set(bearer(legal)).send({ phone: CUSTOMER }).expect(200);
      const ids: string[] = res.body.items.map((i: any) => i.id);
      expect(ids).toEqual(expect.arrayContaining([a.id, b.id]));
      expect(ids).not.toContain(none.id);
      const [{ n }] = await db().query(
        `SELECT count(DISTINCT p.recording_id)::int AS n FROM participants p WHERE p.tenant_id = $1 AND p.phone_masked = $2`,
        [acme.id, maskPhone(CUSTOMER)],
      );
      expect(ids).toHaveLength(n);
      expect(res.body.phone).toBe(maskPhone(CUSTOMER));
      const leaked = await db().query(`SELECT seq FROM audit_events WHERE details::text LIKE $1`, [
        `%${CUSTOMER.slice(1)}%`,
      ]);
      expect(leaked).toEqual([]);
      const [event] = await db().query(
        `SELECT details FROM audit_events WHERE action = 'dsar.manage' ORDER BY seq DESC LIMIT 1`,
      );
      expect(event.details).toMatchObject({ phone: maskPhone(CUSTOMER), recordings: ids });
    });

    it('answers 400 with the field path for a number that is not E.164', async () => {
      for (const phone of ['4155550134', '+0123', 'call me']) {
        const res = await t.http().post('/v1/dsar/search').set(bearer(legal)).send({ phone }).expect(400);
        expect(res.body.details[0].path).toBe('phone');
      }
      const res = await t.http().post('/v1/dsar/erase').set(bearer(legal)).send({ phone: OTHER }).expect(400);
      expect(res.body.details[0].path).toBe('reason');
    });

    it('exports signed evidence and audio links for each recording', async () => {
      const phone = '+14155550777';
      const r = await recording({ tenantId: acme.id, participants: [{ ref: 'c', role: 'customer', phone }] });
      const res = await t.http().post('/v1/dsar/export').set(bearer(legal)).send({ phone }).expect(200);
      expect(res.body.items).toHaveLength(1);
      expect(res.body.items[0].links.audio).toBe(`/v1/recordings/${r.id}/audio`);
      expect(await verify(res.body.items[0].evidence)).toEqual({ valid: true });
      expect(JSON.stringify(res.body)).not.toContain(phone);
      const [row] = await db().query(
        `SELECT details FROM audit_events WHERE action = 'recording.evidence' AND resource_id = $1`,
        [r.id],
      );
      expect(row.details).toMatchObject({ via: 'dsar.export' });
    });

    it('erases: audio unreadable, data keys gone, certificates issued; another tenant’s recording untouched', async () => {
      const phone = '+14155550888';
      const mine = await recording({ tenantId: acme.id, participants: [{ ref: 'c', role: 'customer', phone }] });
      const theirs = await recording({ tenantId: globex.id, participants: [{ ref: 'c', role: 'customer', phone }] });
      const waiting = await recording({ tenantId: acme.id, participants: [{ ref: 'c', role: 'customer', phone }] });
      await db().query(`UPDATE recordings SET status = 'awaiting_consent' WHERE id = $1`, [waiting.id]);
      const res = await t
        .http()
        .post('/v1/dsar/erase')
        .set(bearer(legal))
        .send({ phone, reason: 'GDPR art. 17 request #42' })
        .expect(200);
      // Still in the pipeline: reported for a retry, not shredded under the pipeline's feet.
      expect(res.body).toMatchObject({
        erased: [{ id: mine.id, certificateId: expect.any(String) }],
        held: [],
        pending: [waiting.id],
      });
      expect(await db().getRepository(DataKeyEntity).countBy({ recordingId: waiting.id })).toBe(1);
      const audio = await t.http().get(`/v1/recordings/${mine.id}/audio`).set(bearer(legal));
      expect([409, 410]).toContain(audio.status);
      expect(await db().getRepository(DataKeyEntity).countBy({ recordingId: mine.id })).toBe(0);
      expect(await t.app.get(ObjectStore).head(mine.sealed.objectKey)).toBeUndefined();
      const [cert] = await db().query(`SELECT reason FROM deletion_certificates WHERE recording_id = $1`, [mine.id]);
      expect(cert.reason).toBe('erasure');
      expect(await db().getRepository(DataKeyEntity).countBy({ recordingId: theirs.id })).toBe(1);
      // Erasing again reports what is already gone.
      const again = await t
        .http()
        .post('/v1/dsar/erase')
        .set(bearer(legal))
        .send({ phone, reason: 'repeat' })
        .expect(200);
      expect(again.body).toMatchObject({ erased: [], alreadyDeleted: [mine.id] });
    });
  });

  describe('tenant consent-rule overrides', () => {
    it('stores every version, serves the current one to the pipeline, and audits each change', async () => {
      const first = {
        version: 'acme-1',
        rules: {
          'US-GA': {
            partyConsent: 'all',
            acceptsNotice: true,
            citation: 'Tenant policy: record only with everyone’s notice',
          },
        },
      };
      const second = {
        version: 'acme-2',
        rules: { GB: { acceptsNotice: false, citation: 'Tenant policy' } },
        declarations: { recordingLocation: { jurisdiction: 'US-AZ', reference: 'Phoenix site' } },
      };
      const empty = await t.http().get('/v1/tenants/current/consent-rules').set(bearer(admin)).expect(200);
      expect(empty.body).toEqual({ ruleSet: { version: expect.any(String) }, override: null });
      await t.http().put('/v1/tenants/current/consent-rules').set(bearer(admin)).send(first).expect(200);
      const put = await t.http().put('/v1/tenants/current/consent-rules').set(bearer(admin)).send(second).expect(200);
      expect(put.body.override).toMatchObject({ version: 2, document: second, createdBy: 'user:admin@acme' });
      const got = await t.http().get('/v1/tenants/current/consent-rules').set(bearer(admin)).expect(200);
      expect(got.body.override).toMatchObject({ version: 2, document: second });
      const rows = await db().query(
        `SELECT version, document FROM consent_rule_overrides WHERE tenant_id = $1 ORDER BY version`,
        [acme.id],
      );
      expect(rows).toEqual([
        { version: 1, document: first },
        { version: 2, document: second },
      ]);
      const rules = await t.app.get(ConsentRulesService).forTenant(acme.id);
      expect(rules.overrides).toEqual(second);
      expect(rules.ruleSet.version).toBe(got.body.ruleSet.version);
      expect((await t.app.get(ConsentRulesService).forTenant(globex.id)).overrides).toBeUndefined();
      const events = await db().query(
        `SELECT outcome, details FROM audit_events WHERE action = 'tenant.policy' AND details->>'method' = 'PUT' AND tenant_id = $1 ORDER BY seq`,
        [acme.id],
      );
      expect(events.map((e: any) => [e.outcome, e.details.overrideVersion, e.details.label])).toEqual([
        ['success', 1, 'acme-1'],
        ['success', 2, 'acme-2'],
      ]);
    });

    it('answers 400 naming each bad field', async () => {
      const res = await t
        .http()
        .put('/v1/tenants/current/consent-rules')
        .set(bearer(admin))
        .send({
          version: 'x',
          rules: {
            'US-GA': { partyConsent: 'sometimes', citation: 'c' },
            california: { partyConsent: 'one', citation: 'c' },
          },
        })
        .expect(400);
      const paths: string[] = res.body.details.map((d: any) => d.path);
      expect(paths).toEqual(expect.arrayContaining(['rules.US-GA.partyConsent']));
      expect(paths.some((p) => p.startsWith('rules.california') || p === 'rules')).toBe(true);
      await t
        .http()
        .put('/v1/tenants/current/consent-rules')
        .set(bearer(await t.token('acme', 'legal')))
        .send({ version: 'x', rules: {} })
        .expect(403);
    });

    it('refuses an override that loosens the law, naming each field, while concurrent tightening ones are stored in order', async () => {
      const before = (await t.app.get(ConsentRulesService).history(acme.id)).length;
      const loosen = (n: number) => ({
        version: `loose-${n}`,
        rules: {
          'US-CA': { partyConsent: 'one', citation: 'Tenant counsel: one party suffices' },
          'US-WA': { noticeMustBeRecorded: false, citation: 'Tenant counsel' },
          DE: { agentMustConsent: true, citation: 'Tenant policy' },
        },
      });
      const tighten = (n: number) => ({
        version: `tight-${n}`,
        rules: { 'US-TX': { partyConsent: 'all', acceptsNotice: false, citation: `Tenant policy T-${n}` } },
      });
      const results = await Promise.all(
        [loosen(1), tighten(1), loosen(2), tighten(2), tighten(3)].map((doc) =>
          t.http().put('/v1/tenants/current/consent-rules').set(bearer(admin)).send(doc),
        ),
      );
      expect(results.map((r) => r.status)).toEqual([400, 200, 400, 200, 200]);
      for (const refused of [results[0], results[2]]) {
        expect(refused.body.code).toBe('CONSENT_RULE_LOOSER_THAN_LAW');
        expect(refused.body.message).toMatch(/^rules\.US-CA\.partyConsent: .*looser than the law.*§632/);
        expect(refused.body.details.map((d: any) => d.path)).toEqual([
          'rules.US-CA.partyConsent',
          'rules.US-WA.noticeMustBeRecorded',
        ]);
      }
      const history = await t.app.get(ConsentRulesService).history(acme.id);
      expect(history.map((h) => h.version)).toEqual(Array.from({ length: before + 3 }, (_, i) => i + 1));
      expect(
        history
          .slice(before)
          .map((h) => h.document.version)
          .sort(),
      ).toEqual(['tight-1', 'tight-2', 'tight-3']);
      const audits = await db().query(
        `SELECT outcome FROM audit_events WHERE action = 'tenant.policy' AND details->>'method' = 'PUT' AND tenant_id = $1 ORDER BY seq DESC LIMIT 5`,
        [acme.id],
      );
      expect(audits.map((a: any) => a.outcome).sort()).toEqual(['error', 'error', 'success', 'success', 'success']);
    });
  });
});
