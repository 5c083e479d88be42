import type { EvidenceBundle } from './evidence.builder';

/**
 * A page a lawyer can print or file: no scripts, no external resources,
 * every value escaped. The signed JSON is embedded verbatim, so the filed
 * page is itself verifiable.
 */
export function renderEvidenceHtml(bundle: EvidenceBundle): string {
  // Rendered from the JSON shape, tolerating absent sections, rather than re-typing every nested record.
  const b = bundle as Record<string, any>;
  const rec = b.recording ?? {};
  const decision = b.consent?.decision ?? null;
  const redaction = b.redaction ?? null;
  const sig = b.signature;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Call recording evidence – ${esc(rec.externalCallId)}</title>
<style>
body{font:14px/1.45 system-ui,sans-serif;margin:2em auto;max-width:60em;color:#111}
h1{font-size:1.5em}h2{font-size:1.15em;margin-top:2em;border-bottom:1px solid #999}h3{font-size:1em;margin:1.2em 0 .3em}
table{border-collapse:collapse;width:100%;margin:.5em 0}th,td{border:1px solid #bbb;padding:.25em .5em;text-align:left;vertical-align:top;white-space:pre-line}
th{background:#eee}code,pre{font:12px/1.35 ui-monospace,monospace;word-break:break-all;white-space:pre-wrap}
.note{color:#444}
</style></head><body>
<h1>Call recording evidence</h1>
<p class="note">Generated ${esc(b.generatedAt)} for ${esc(b.generatedBy?.id)} (${esc(b.generatedBy?.role)}), tenant ${esc(b.tenant?.name)}.
Signed through the vault's key service; see “Signature” for how to verify.</p>

<h2>Recording</h2>
${keyValues({
  'Recording id': rec.id,
  'External call id': rec.externalCallId,
  Status: rec.status,
  'Status reason': rec.statusReason,
  Direction: rec.direction,
  'Started at': rec.startedAt,
  'Duration (ms)': rec.durationMs,
  'Media format': rec.mediaFormat,
  'Stored ciphertext SHA-256': rec.objectSha256,
  'Stored size (bytes)': rec.objectSize,
  'Legal hold': rec.legalHold ? 'yes' : 'no',
  'Retain until': rec.retainUntil,
  'Received at': rec.createdAt,
})}

<h2>Participants</h2>
${table(
  ['Participant', 'Role', 'Phone (masked)', 'Jurisdiction'],
  (b.participants ?? []).map((p: any) => [p.id, p.role, p.phone, p.jurisdiction]),
)}

<h2>Consent events</h2>
${table(
  ['Participant', 'Kind', 'Method', 'At', 'Offset (ms)', 'Evidence', 'Source'],
  (b.consent?.events ?? []).map((e: any) => [
    e.participant,
    e.kind,
    e.method,
    e.at,
    e.offsetMs,
    json(e.evidence),
    e.source,
  ]),
)}

<h2>Consent decision</h2>
${
  decision
    ? keyValues({
        Outcome: decision.outcome,
        'Rule-set version': decision.ruleSetVersion,
        'Tenant override version': decision.overrideVersion,
      }) +
      table(
        ['Rule applied to the call', 'Because of', 'Parties', 'Citation', 'Met', 'Audio it allows (ms)'],
        (decision.rules ?? []).map((r: any) => [
          `${r.rule?.jurisdiction ?? '(none)'}${r.rule?.source === 'override' ? ' (tenant override)' : ''}`,
          (r.appliesBecause ?? []).join(', '),
          r.rule?.partyConsent === 'one' ? 'one party' : 'every party',
          r.rule?.citation,
          r.satisfied ? 'yes' : 'no',
          (r.kept ?? []).map((k: any) => `[${k.startMs}, ${k.endMs})`).join(' '),
        ]),
      ) +
      table(
        ['Reason', 'Explanation'],
        (decision.reasons ?? []).map((r: any) => [r.code, r.message]),
      )
    : '<p>No consent decision recorded.</p>'
}

<h2>Consent per participant</h2>
${
  (b.consent?.participants ?? [])
    .map(
      (p: any) =>
        `<h3>${esc(p.participant)} (${esc(p.role)}, ${esc(p.jurisdiction ?? 'no jurisdiction')})</h3>` +
        filledKeyValues({
          Status: `${p.status}${p.basis ? ` — ${p.basis}` : ''} (${p.reasonCode})`,
          'Rule applied': `${p.ruleApplied?.jurisdiction ?? '(default)'}: ${p.ruleApplied?.citation ?? ''}`,
          'Tenant override': p.ruleApplied?.tenantOverride
            ? `${p.ruleApplied.tenantOverride.version}: ${p.ruleApplied.tenantOverride.citation}`
            : null,
          'Held to': attributes(p.ruleApplied?.attributes),
          'Satisfied by': eventList(p.satisfiedBy),
          'Ended by': eventList(p.blockedBy),
          'Tenant declarations relied on': (p.declarationsRelied ?? []).map(declaration).join('\n'),
          'Not decidable per call': (p.notDecidablePerCall ?? []).join('\n'),
          Why: p.explanation,
        }),
    )
    .join('\n') || '<p>None.</p>'
}

<h2>Redaction</h2>
${
  redaction
    ? keyValues({
        Mode: redaction.mode,
        'Padding (ms)': redaction.paddingMs,
        'Verification passed': redaction.verification?.passed ? 'yes' : 'no',
      }) +
      table(
        ['Start (ms)', 'End (ms)', 'Kind', 'Detector', 'Confidence', 'Masked value'],
        (redaction.spans ?? []).map((s: any) => [s.startMs, s.endMs, s.kind, s.detector, s.confidence, s.masked]),
      ) +
      table(
        ['Detector', 'Ran', 'Found', 'Note'],
        (redaction.detectors ?? []).map((d: any) => [d.name, d.ran ? 'yes' : 'no', d.found, d.reason]),
      )
    : '<p>No redaction report recorded.</p>'
}

<h2>Legal holds</h2>
${table(
  ['Matter', 'Reason', 'Placed', 'Released', 'Release reason'],
  (b.legalHolds ?? []).map((h: any) => [
    h.matter,
    h.reason,
    `${h.placedAt} by ${h.placedBy}`,
    h.releasedAt ? `${h.releasedAt} by ${h.releasedBy}` : 'active',
    h.releaseReason,
  ]),
)}

<h2>Refused deletions</h2>
${table(
  ['When', 'Attempted by', 'Requested by', 'Reason', 'Holds'],
  (b.deletionBlocks ?? []).map((d: any) => [
    d.blockedAt,
    d.attemptedBy,
    d.requestedBy,
    d.reason,
    (d.holdIds ?? []).join(', '),
  ]),
)}

<h2>Deletion certificate</h2>
${
  b.deletionCertificate
    ? keyValues({
        Certificate: b.deletionCertificate.id,
        'Deleted at': b.deletionCertificate.deletedAt,
        Reason: b.deletionCertificate.reason,
        Detail: b.deletionCertificate.detail,
        'Object SHA-256': b.deletionCertificate.objectSha256,
        'Keys destroyed': (b.deletionCertificate.destroyedKeys ?? []).map((k: any) => k.dataKeyId).join(', '),
        Method: b.deletionCertificate.method,
      })
    : '<p>The recording has not been deleted.</p>'
}

<h2>Access history</h2>
${table(
  ['Seq', 'At', 'Actor', 'Action', 'Outcome', 'Purpose'],
  (b.accessHistory?.events ?? []).map((a: any) => [
    a.seq,
    a.at,
    `${a.actor?.id ?? ''} (${a.actor?.role ?? a.actor?.kind ?? ''})`,
    a.action,
    a.outcome,
    a.purpose,
  ]),
)}
${b.accessHistory?.truncated ? '<p>The access history was truncated; query the audit log for the rest.</p>' : ''}

<h2>Signature</h2>
${keyValues({ Algorithm: sig.algorithm, 'Key id': sig.keyId, 'Signed at': sig.signedAt, Digest: sig.digest, Signature: sig.signature, 'Public key (SPKI, base64)': sig.publicKey })}
<p>How to verify: save the JSON below as <code>bundle.json</code>, then either</p>
<ol>
<li><code>npm run vault -- evidence:verify bundle.json</code> on the vault, or <code>POST /v1/evidence/verify</code> with the JSON as the body; or</li>
<li>independently: remove the <code>signature</code> member, serialise the rest as canonical JSON (object keys sorted at every level, no whitespace), and check that its SHA-256 equals the digest above. The key signed the statement
<code>{"digest":"&lt;digest&gt;","kind":"evidence-bundle","signedAt":"&lt;signed at&gt;"}</code> (exactly these bytes) with ECDSA P-256 / SHA-256; verify it with
<code>openssl dgst -sha256 -verify key.pem -signature sig.der statement.json</code>, where <code>key.pem</code> is the public key above (base64 DER, wrap in <code>-----BEGIN PUBLIC KEY-----</code>) and <code>sig.der</code> the base64-decoded signature.</li>
</ol>
<p>Any change to any field, or to the order of any list, makes verification fail.</p>
<h2>Signed bundle (JSON)</h2>
<pre>${esc(JSON.stringify(bundle, null, 2))}</pre>
</body></html>
`;
}

function attributes(a: Record<string, unknown> | undefined): string {
  return Object.entries(a ?? {})
    .map(([k, v]) => `${k}: ${String(v)}`)
    .join('; ');
}

function eventList(events: any[] | undefined): string {
  return (events ?? [])
    .map((e) =>
      e.id
        ? `${e.kind} by ${e.method} at ${e.offsetMs != null ? `${e.offsetMs} ms` : e.at} (event ${e.id})`
        : `input event #${e.index}`,
    )
    .join('\n');
}

function declaration(d: any): string {
  switch (d.kind) {
    case 'employee-consent':
      return `Employee consent: ${d.reference}${d.worksCouncilAgreement ? `; works-council agreement ${d.worksCouncilAgreement}` : ''} (${(d.jurisdictions ?? []).join(', ')})`;
    case 'lawful-basis':
      return `Legal basis for ${d.jurisdiction}: ${d.basis} (${d.reference})`;
    case 'recording-location':
      return `Recordings made in ${d.jurisdiction} (${d.reference})`;
    default:
      return json(d);
  }
}

/** Only the rows that say something. */
function filledKeyValues(rows: Record<string, unknown>): string {
  return keyValues(
    Object.fromEntries(Object.entries(rows).filter(([, v]) => v !== null && v !== undefined && v !== '')),
  );
}

function keyValues(rows: Record<string, unknown>): string {
  const body = Object.entries(rows)
    .map(([k, v]) => `<tr><th scope="row">${esc(k)}</th><td>${esc(v)}</td></tr>`)
    .join('');
  return `<table>${body}</table>`;
}

function table(headers: string[], rows: unknown[][]): string {
  if (!rows.length) return '<p>None.</p>';
  const head = `<tr>${headers.map((h) => `<th>${esc(h)}</th>`).join('')}</tr>`;
  const body = rows.map((r) => `<tr>${r.map((c) => `<td>${esc(c)}</td>`).join('')}</tr>`).join('');
  return `<table>${head}${body}</table>`;
}

function json(v: unknown): string {
  return v === null || v === undefined ? '' : JSON.stringify(v);
}

export function esc(v: unknown): string {
  if (v === null || v === undefined) return '';
  return String(v).replace(/[&<>"'`]/g, (c) => `&#${c.charCodeAt(0)};`);
}
