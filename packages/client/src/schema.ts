// Generated from openapi/openapi.json by packages/client/scripts/generate.mjs. Do not edit.
export interface paths {
    "/v1/tenants/current/key-rotations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Move the tenant to another KMS key the operator allowed (`vault tenant:keys`; its ARN or key id) and re-wrap every data key and tenant secret under it. Any other key is 403 `KEY_NOT_ALLOWED` before the key service is asked about it; the key the tenant already uses, with every data key under it, is 409 `KEY_ALREADY_CURRENT`; a key the service cannot use ends the rotation `failed` with the reason and the tenant back on its previous key
         * @description Permission `tenant.keys.rotate` (roles: admin).
         */
        post: operations["KeyRotation_start"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tenants/current/key-rotations/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Progress of a key rotation
         * @description Permission `tenant.keys.rotate` (roles: admin).
         */
        get: operations["KeyRotation_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/audit/events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Query the tenant’s audit events (JSON, or JSONL export)
         * @description Permission `audit.read` (roles: auditor).
         */
        get: operations["Audit_events"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/audit/verify": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Verify the whole hash chain, its signed checkpoints and their object-store anchors. The chain is shared by every tenant, so its size is not shown (use `vault audit:verify` as the operator)
         * @description Permission `audit.verify` (roles: auditor).
         */
        get: operations["Audit_verify"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/dev-oidc/jwks.json": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Development issuer JWKS (embedded default only)
         * @description Public: no credentials.
         */
        get: operations["DevIssuer_jwks"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/dev-oidc/.well-known/openid-configuration": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Development issuer discovery document (embedded default only)
         * @description Public: no credentials.
         */
        get: operations["DevIssuer_discovery"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/api-keys": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List the tenant’s API keys (prefixes only)
         * @description Permission `apikey.manage` (roles: admin).
         */
        get: operations["ApiKey_list"];
        put?: never;
        /**
         * Create an API key; the key is shown once
         * @description Permission `apikey.manage` (roles: admin).
         */
        post: operations["ApiKey_create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/api-keys/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Revoke an API key
         * @description Permission `apikey.manage` (roles: admin).
         */
        delete: operations["ApiKey_revoke"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tenants/current": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The caller’s tenant
         * @description Permission `tenant.read` (roles: admin, ingest, qa, legal, auditor).
         */
        get: operations["Tenant_current"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tenants/current/webhook": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /**
         * Set the webhook called on each recording’s final status; the signing secret is shown once. The URL must be https and resolve only to public addresses (operators: WEBHOOK_ALLOWED_HOSTS, WEBHOOK_PLAIN_HTTP_HOSTS)
         * @description Permission `tenant.policy` (roles: admin).
         */
        put: operations["Tenant_setWebhook"];
        post?: never;
        /**
         * Remove the webhook
         * @description Permission `tenant.policy` (roles: admin).
         */
        delete: operations["Tenant_removeWebhook"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tenants/current/ingest-policy": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /**
         * Ingest policy: require a transcript (or markers) so spoken card data is always checked
         * @description Permission `tenant.policy` (roles: admin).
         */
        put: operations["Tenant_setIngestPolicy"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tenants/current/transcription": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The transcription engine used for uploads without a transcript
         * @description Permission `tenant.policy` (roles: admin).
         */
        get: operations["Transcription_current"];
        /**
         * Choose the transcription engine for uploads without a transcript; the engine’s key is stored wrapped by KMS and never shown again
         * @description Permission `tenant.policy` (roles: admin).
         */
        put: operations["Transcription_configure"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/recordings": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List the tenant’s recordings by date received (newest first unless sort=asc)
         * @description Permission `recording.list` (roles: qa, legal, admin).
         */
        get: operations["Recording_list"];
        put?: never;
        /**
         * Upload a recording: multipart parts `metadata` (JSON, first) and `audio` (streamed)
         * @description Permission `recording.create` (roles: ingest).
         */
        post: operations["Ingest_upload"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/recordings/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * One recording: status, decision and report summary
         * @description Permission `recording.read` (roles: ingest, qa, legal, admin).
         */
        get: operations["Recording_get"];
        put?: never;
        post?: never;
        /**
         * Crypto-shred a recording (its keys and objects) with a signed deletion certificate; the row stays as a tombstone
         * @description Permission `recording.delete` (roles: legal, admin).
         */
        delete: operations["RecordingDeletion_delete"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/recordings/{id}/redactions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The redaction report: spans muted (notes: luhn-failed, misheard-digits, joined-across-interruptions, unexpected-length, segment-level, found-after-redaction), detectors run and not run, transcript format, granularity and language (and why), the stored output codec (and its FLAC fallback reason), verification; metadataMasked lists free-text metadata fields whose card data was masked at upload
         * @description Permission `recording.redactions` (roles: qa, legal, admin).
         */
        get: operations["Recording_redactions"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/recordings/{id}/transcript": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The redacted transcript: word timings, card data shown only as its kind ("[card number]", "[cvv]", "[expiry]"), consent-trimmed words left out
         * @description Permission `recording.stream` (roles: qa, legal).
         */
        get: operations["Audio_transcript"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/recordings/{id}/audio": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Stream the redacted audio (HTTP Range; 206 for a range)
         * @description Permission `recording.stream` (roles: qa, legal).
         */
        get: operations["Audio_stream"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        /**
         * Headers of the redacted audio (size, type, ETag)
         * @description Permission `recording.stream` (roles: qa, legal).
         */
        head: operations["Audio_head"];
        patch?: never;
        trace?: never;
    };
    "/v1/recordings/{id}/waveform": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The redacted audio’s waveform: the peak of every msPerPeak milliseconds (0–255, base64 bytes), computed once from the verified output; shredded with the recording
         * @description Permission `recording.waveform` (roles: qa, legal).
         */
        get: operations["Audio_waveform"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/recordings/{id}/playback": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * A playback URL for an <audio> element, valid ≤ 5 minutes, bound to you, the recording and the purpose
         * @description Permission `recording.stream` (roles: qa, legal).
         */
        post: operations["Audio_playback"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/webhooks/deliveries": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The tenant’s webhook deliveries, newest first: status, attempts, last answer
         * @description Permission `webhook.manage` (roles: admin).
         */
        get: operations["WebhookDelivery_list"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/webhooks/deliveries/{id}/replay": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Send a delivery again (same event, same webhook-id) with a fresh round of attempts; audited
         * @description Permission `webhook.manage` (roles: admin).
         */
        post: operations["WebhookDelivery_replay"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tenants/current/consent-rules": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The bundled consent rule-set version and the tenant’s current override
         * @description Permission `tenant.policy` (roles: admin).
         */
        get: operations["TenantPolicy_consentRules"];
        /**
         * Replace the tenant’s consent-rule override; every version is kept. `rules` tightens the bundled rule of a jurisdiction attribute by attribute (partyConsent, acceptsNotice, impliedByKnowledge, noticeMustBeRecorded, priorConsentMustBeWritten, agentMustConsent, extraterritorial, declineScope, decidablePerCall), each entry with the tenant’s citation; an attribute looser than the law is refused with 400 CONSENT_RULE_LOOSER_THAN_LAW naming the field. A jurisdiction without a bundled rule takes the entry as given. `declarations` states facts no single call shows, each with a reference the evidence bundle cites: employeeConsent (employees’ consent or the works-council/union agreement, for rules where the agent must consent, e.g. DE), lawfulBasis per jurisdiction (for rules that cannot be decided per call, e.g. FR), and recordingLocation (where recordings are made, for rules that do not reach recordings made elsewhere, e.g. US-NV).
         * @description Permission `tenant.policy` (roles: admin).
         */
        put: operations["TenantPolicy_putConsentRules"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tenants/current/retention": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The tenant’s retention policy (null days: kept until deleted)
         * @description Permission `tenant.policy` (roles: admin).
         */
        get: operations["TenantPolicy_retentionPolicy"];
        /**
         * Set the retention policy; deadlines of existing recordings follow it
         * @description Permission `tenant.policy` (roles: admin).
         */
        put: operations["TenantPolicy_putRetention"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/recordings/{id}/evidence": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Signed consent and custody evidence for one recording (JSON, or a printable HTML page)
         * @description Permission `recording.evidence` (roles: legal).
         */
        get: operations["Evidence_evidence"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/evidence/verify": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Verify an evidence bundle: signed by the configured key and unchanged
         * @description Permission `evidence.verify` (roles: legal, auditor).
         */
        post: operations["Evidence_verify"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/recordings/{id}/holds": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Every legal hold ever placed on the recording
         * @description Permission `recording.hold` (roles: legal).
         */
        get: operations["LegalHold_list"];
        put?: never;
        /**
         * Place a legal hold: no retention, erasure or manual deletion until every hold is released; a deleted recording is 409 `RECORDING_DELETED`
         * @description Permission `recording.hold` (roles: legal).
         */
        post: operations["LegalHold_place"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/recordings/{id}/holds/{holdId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Release one hold; the recording stays held while any other hold is active
         * @description Permission `recording.hold` (roles: legal).
         */
        delete: operations["LegalHold_release"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/matters": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The tenant’s matters, newest first, with their hold counts
         * @description Permission `matter.read` (roles: legal).
         */
        get: operations["Matter_list"];
        put?: never;
        /**
         * Open a matter (a case) to hold recordings under
         * @description Permission `matter.create` (roles: legal).
         */
        post: operations["Matter_create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/matters/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * One matter with its hold counts
         * @description Permission `matter.read` (roles: legal).
         */
        get: operations["Matter_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/matters/{id}/holds": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Every hold the matter placed, active and released, oldest first
         * @description Permission `matter.read` (roles: legal).
         */
        get: operations["Matter_holds"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/matters/{id}/recordings": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Attach recordings to the matter — by the filter of GET /v1/recordings (at most 1000) or by ids — placing a hold that names the matter on each it does not hold yet; idempotent
         * @description Permission `matter.hold` (roles: legal).
         */
        post: operations["Matter_attach"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/matters/{id}/release": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Release every hold the matter has in force, with one reason
         * @description Permission `matter.hold` (roles: legal).
         */
        post: operations["Matter_release"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/matters/{id}/audit": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The matter’s audit trail: every request about it, in chain order
         * @description Permission `matter.read` (roles: legal).
         */
        get: operations["Matter_trail"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/dsar/search": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Recordings of the tenant in which a phone number took part
         * @description Permission `dsar.manage` (roles: legal).
         */
        post: operations["Dsar_search"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/dsar/export": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Signed evidence and audio links for every recording with a phone number
         * @description Permission `dsar.manage` (roles: legal).
         */
        post: operations["Dsar_export"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/dsar/erase": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Crypto-shred every recording with a phone number; held ones are refused and listed
         * @description Permission `dsar.manage` (roles: legal).
         */
        post: operations["Dsar_erase"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/recordings/{id}/consent": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Add consent events to a recording that is still waiting for them
         * @description Permission `recording.consent.add` (roles: ingest).
         */
        post: operations["Ingest_addConsent"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/jobs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The tenant’s jobs of the kinds your role may start, newest first
         * @description Permission `job.read` (roles: qa, legal, admin).
         */
        get: operations["BulkJob_list"];
        put?: never;
        /**
         * Start a bulk job: evidence-export (legal), audio-export (qa, legal; purpose required), dsar-export and dsar-erase (legal), import (admin: objects already in an S3 bucket, ingested through the upload pipeline, idempotent by externalCallId). Each kind needs its own permission (job.<kind>)
         * @description Permission `job.create` (roles: qa, legal, admin).
         */
        post: operations["BulkJob_start"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/jobs/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A job’s status and progress: done, failed, total and an ETA
         * @description Permission `job.read` (roles: qa, legal, admin).
         */
        get: operations["BulkJob_get"];
        put?: never;
        post?: never;
        /**
         * Delete an ended job: its result archive is crypto-shredded, its items deleted, the deletion audited; the job stays as a tombstone (deletedAt). Only its creator, or an admin. Deleting it again changes nothing
         * @description Permission `job.delete` (roles: qa, legal, admin).
         */
        delete: operations["BulkJob_remove"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/jobs/{id}/cancel": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Cancel a job: it stops between items; items already done stay done. Only its creator, or an admin
         * @description Permission `job.cancel` (roles: qa, legal, admin).
         */
        post: operations["BulkJob_cancel"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/jobs/{id}/items": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A job’s items by status (failed by default, with their error codes)
         * @description Permission `job.read` (roles: qa, legal, admin).
         */
        get: operations["BulkJob_items"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/jobs/{id}/result-link": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * A download URL for the result archive, valid ≤ 5 minutes, bound to you and the job (like playback links)
         * @description Permission `job.read` (roles: qa, legal, admin).
         */
        post: operations["BulkJob_resultLink"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/jobs/{id}/result": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The result archive (tar: manifest.json, signed, with each file’s SHA-256; then the files), decrypted as it streams
         * @description Permission `job.read` (roles: qa, legal, admin).
         */
        get: operations["BulkJob_result"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/health/live": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Liveness: the process answers
         * @description Public: no credentials.
         */
        get: operations["Health_live"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/health/ready": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Readiness: database, bucket and KMS key reachable; each unavailable one named with its error code
         * @description Public: no credentials.
         */
        get: operations["Health_ready"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export interface webhooks {
    "recording.received": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * An upload was stored (encrypted) and accepted; processing starts
         * @description Sent to the tenant webhook (PUT /v1/tenants/current/webhook) and, for a recording’s events, to its upload’s `callbackUrl`. Signed per the Standard Webhooks specification with the secret shown when the webhook was set: verify `webhook-signature` over `webhook-id.webhook-timestamp.body` (e.g. with `verifyWebhook` of the client package) before trusting it, and de-duplicate on `webhook-id` (retries and replays repeat it).
         */
        post: operations["webhook_recording_received"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "recording.awaiting_consent": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * The recording waits for late consent (POST /v1/recordings/{id}/consent) until CONSENT_WAIT has passed
         * @description Sent to the tenant webhook (PUT /v1/tenants/current/webhook) and, for a recording’s events, to its upload’s `callbackUrl`. Signed per the Standard Webhooks specification with the secret shown when the webhook was set: verify `webhook-signature` over `webhook-id.webhook-timestamp.body` (e.g. with `verifyWebhook` of the client package) before trusting it, and de-duplicate on `webhook-id` (retries and replays repeat it).
         */
        post: operations["webhook_recording_awaiting_consent"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "recording.processing": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Consent allowed the recording; redaction runs
         * @description Sent to the tenant webhook (PUT /v1/tenants/current/webhook) and, for a recording’s events, to its upload’s `callbackUrl`. Signed per the Standard Webhooks specification with the secret shown when the webhook was set: verify `webhook-signature` over `webhook-id.webhook-timestamp.body` (e.g. with `verifyWebhook` of the client package) before trusting it, and de-duplicate on `webhook-id` (retries and replays repeat it).
         */
        post: operations["webhook_recording_processing"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "recording.available": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * The redacted, verified recording can be streamed
         * @description Sent to the tenant webhook (PUT /v1/tenants/current/webhook) and, for a recording’s events, to its upload’s `callbackUrl`. Signed per the Standard Webhooks specification with the secret shown when the webhook was set: verify `webhook-signature` over `webhook-id.webhook-timestamp.body` (e.g. with `verifyWebhook` of the client package) before trusting it, and de-duplicate on `webhook-id` (retries and replays repeat it).
         */
        post: operations["webhook_recording_available"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "recording.rejected": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Consent was insufficient: the audio was destroyed, the reason kept
         * @description Sent to the tenant webhook (PUT /v1/tenants/current/webhook) and, for a recording’s events, to its upload’s `callbackUrl`. Signed per the Standard Webhooks specification with the secret shown when the webhook was set: verify `webhook-signature` over `webhook-id.webhook-timestamp.body` (e.g. with `verifyWebhook` of the client package) before trusting it, and de-duplicate on `webhook-id` (retries and replays repeat it).
         */
        post: operations["webhook_recording_rejected"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "recording.failed": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Processing failed closed (detection, verification, media): the audio was destroyed
         * @description Sent to the tenant webhook (PUT /v1/tenants/current/webhook) and, for a recording’s events, to its upload’s `callbackUrl`. Signed per the Standard Webhooks specification with the secret shown when the webhook was set: verify `webhook-signature` over `webhook-id.webhook-timestamp.body` (e.g. with `verifyWebhook` of the client package) before trusting it, and de-duplicate on `webhook-id` (retries and replays repeat it).
         */
        post: operations["webhook_recording_failed"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "recording.deleted": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * The recording was deleted (manually, by retention or by an erasure); its keys are destroyed
         * @description Sent to the tenant webhook (PUT /v1/tenants/current/webhook) and, for a recording’s events, to its upload’s `callbackUrl`. Signed per the Standard Webhooks specification with the secret shown when the webhook was set: verify `webhook-signature` over `webhook-id.webhook-timestamp.body` (e.g. with `verifyWebhook` of the client package) before trusting it, and de-duplicate on `webhook-id` (retries and replays repeat it).
         */
        post: operations["webhook_recording_deleted"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "deletion.certificate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * A signed deletion certificate was issued for the deleted recording
         * @description Sent to the tenant webhook (PUT /v1/tenants/current/webhook) and, for a recording’s events, to its upload’s `callbackUrl`. Signed per the Standard Webhooks specification with the secret shown when the webhook was set: verify `webhook-signature` over `webhook-id.webhook-timestamp.body` (e.g. with `verifyWebhook` of the client package) before trusting it, and de-duplicate on `webhook-id` (retries and replays repeat it).
         */
        post: operations["webhook_deletion_certificate"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "retention.deleted": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * The retention sweep deleted a recording whose retention period ended
         * @description Sent to the tenant webhook (PUT /v1/tenants/current/webhook) and, for a recording’s events, to its upload’s `callbackUrl`. Signed per the Standard Webhooks specification with the secret shown when the webhook was set: verify `webhook-signature` over `webhook-id.webhook-timestamp.body` (e.g. with `verifyWebhook` of the client package) before trusting it, and de-duplicate on `webhook-id` (retries and replays repeat it).
         */
        post: operations["webhook_retention_deleted"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "hold.placed": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * A legal hold was placed on a recording
         * @description Sent to the tenant webhook (PUT /v1/tenants/current/webhook) and, for a recording’s events, to its upload’s `callbackUrl`. Signed per the Standard Webhooks specification with the secret shown when the webhook was set: verify `webhook-signature` over `webhook-id.webhook-timestamp.body` (e.g. with `verifyWebhook` of the client package) before trusting it, and de-duplicate on `webhook-id` (retries and replays repeat it).
         */
        post: operations["webhook_hold_placed"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "hold.released": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * A legal hold was released (the recording may still be held by others)
         * @description Sent to the tenant webhook (PUT /v1/tenants/current/webhook) and, for a recording’s events, to its upload’s `callbackUrl`. Signed per the Standard Webhooks specification with the secret shown when the webhook was set: verify `webhook-signature` over `webhook-id.webhook-timestamp.body` (e.g. with `verifyWebhook` of the client package) before trusting it, and de-duplicate on `webhook-id` (retries and replays repeat it).
         */
        post: operations["webhook_hold_released"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "job.progress": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * A bulk job finished another batch of items (every 25, counts as in GET /v1/jobs/{id})
         * @description Sent to the tenant webhook (PUT /v1/tenants/current/webhook) and, for a recording’s events, to its upload’s `callbackUrl`. Signed per the Standard Webhooks specification with the secret shown when the webhook was set: verify `webhook-signature` over `webhook-id.webhook-timestamp.body` (e.g. with `verifyWebhook` of the client package) before trusting it, and de-duplicate on `webhook-id` (retries and replays repeat it).
         */
        post: operations["webhook_job_progress"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "job.completed": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * A bulk job ended: succeeded, failed or cancelled
         * @description Sent to the tenant webhook (PUT /v1/tenants/current/webhook) and, for a recording’s events, to its upload’s `callbackUrl`. Signed per the Standard Webhooks specification with the secret shown when the webhook was set: verify `webhook-signature` over `webhook-id.webhook-timestamp.body` (e.g. with `verifyWebhook` of the client package) before trusting it, and de-duplicate on `webhook-id` (retries and replays repeat it).
         */
        post: operations["webhook_job_completed"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export interface components {
    schemas: {
        ApiKey: {
            /**
             * Format: uuid
             * @example 3d6f0a4e-8b1c-4f5e-9a7d-2c1b0e9f8a76
             */
            id: string;
            /** @enum {string} */
            role: "ingest" | "admin";
            /** @description the key’s first characters, enough to recognise it */
            prefix: string;
            label: string | null;
            /**
             * Format: date-time
             * @example 2026-11-30T14:03:12.345Z
             */
            createdAt: string;
            revokedAt: string | null;
        };
        AuditEvent: {
            seq: number;
            /**
             * Format: date-time
             * @example 2026-11-30T14:03:12.345Z
             */
            at: string;
            actor: {
                kind: string;
                id: string | null;
                role: string | null;
                tenant: string | null;
            };
            /** @example recording.stream */
            action: string;
            resource: {
                type: string | null;
                id: string | null;
            };
            /** @enum {string} */
            outcome: "success" | "denied" | "error";
            purpose: string | null;
            origin: {
                ip: string | null;
                userAgent: string | null;
            };
            correlationId: string | null;
            details: unknown;
            /** @description hex */
            prevHash: string;
            /** @description hex */
            hash: string;
        };
        AuditPage: {
            items: components["schemas"]["AuditEvent"][];
            /** @description pass as `cursor` (same filters) for the next page; null at the end */
            nextCursor: string | null;
        };
        AuditVerification: {
            valid: boolean;
            /** @description same as valid */
            ok: boolean;
            /** @enum {string} */
            problem?: "forged-event" | "missing-event" | "prev-hash-mismatch" | "hash-mismatch" | "truncated-tail" | "checkpoint-mismatch" | "checkpoint-signature-invalid" | "anchor-missing-from-table" | "uncovered-events";
            message: string;
            /** @description checkpoints anchored write-once in the object store */
            anchors: {
                /**
                 * @description whether the object store protects anchored checkpoints with Object Lock (compliance mode)
                 * @enum {string}
                 */
                objectLock: "compliance" | "unsupported";
                note?: string;
            };
        };
        ConsentDecisionSummary: {
            /** @enum {string} */
            outcome: "allowed" | "allowed_trimmed" | "rejected";
            ruleSetVersion: string;
            reasons: {
                code: string;
                message: string;
            }[];
            trims: {
                startMs: number;
                endMs: number;
                /** @enum {string} */
                reason: "CONSENT_NOT_YET_GIVEN" | "CONSENT_REVOKED" | "CONSENT_DECLINED";
            }[];
        };
        ConsentRules: {
            ruleSet: {
                version: string;
            };
            override: {
                /** @description our sequence number for the tenant (1, 2, …) */
                version: number;
                /** @description the override as submitted */
                document: {
                    version: string;
                } & {
                    [key: string]: unknown;
                };
                /**
                 * Format: date-time
                 * @example 2026-11-30T14:03:12.345Z
                 */
                createdAt: string;
                createdBy: string;
            } | null;
        };
        ConsentRulesStored: {
            ruleSet: {
                version: string;
            };
            override: {
                /** @description our sequence number for the tenant (1, 2, …) */
                version: number;
                /** @description the override as submitted */
                document: {
                    version: string;
                } & {
                    [key: string]: unknown;
                };
                /**
                 * Format: date-time
                 * @example 2026-11-30T14:03:12.345Z
                 */
                createdAt: string;
                createdBy: string;
            } | null;
            /** @description paths of citations, notes and references whose card data was masked before anything was stored */
            cardDataMasked: string[];
        };
        CreatedApiKey: {
            /**
             * Format: uuid
             * @example 3d6f0a4e-8b1c-4f5e-9a7d-2c1b0e9f8a76
             */
            id: string;
            /** @enum {string} */
            role: "ingest" | "admin";
            /** @description the key’s first characters, enough to recognise it */
            prefix: string;
            label: string | null;
            /**
             * Format: date-time
             * @example 2026-11-30T14:03:12.345Z
             */
            createdAt: string;
            revokedAt: string | null;
            /** @description the secret; shown once, store it now */
            key: string;
        };
        CurrentTenant: {
            /**
             * Format: uuid
             * @example 3d6f0a4e-8b1c-4f5e-9a7d-2c1b0e9f8a76
             */
            id: string;
            name: string;
            /**
             * Format: date-time
             * @example 2026-11-30T14:03:12.345Z
             */
            createdAt: string;
            principal: {
                /** @enum {string} */
                kind: "api-key" | "user";
                /** @enum {string} */
                role: "ingest" | "qa" | "legal" | "admin" | "auditor";
            };
        };
        CurrentTranscriptionSettings: {
            /** @constant */
            engine: "none";
            /** @enum {string} */
            source: "tenant" | "operator";
        } | {
            /** @constant */
            engine: "openai-compatible";
            url: string;
            model: string;
            language?: string;
            /** @description whether a bearer key is stored (wrapped by KMS; never shown) */
            hasKey: boolean;
            /** @enum {string} */
            source: "tenant" | "operator";
        } | {
            /** @constant */
            engine: "aws-transcribe";
            bucket?: string;
            languageCode?: string;
            /** @enum {string} */
            source: "tenant" | "operator";
        };
        DetachedSignature: {
            algorithm: string;
            keyId: string;
            /**
             * Format: date-time
             * @example 2026-11-30T14:03:12.345Z
             */
            signedAt: string;
            digest: string;
            /** @description DER-encoded ECDSA signature, base64 */
            signature: string;
            publicKey: string;
        };
        DsarMatch: {
            /**
             * Format: uuid
             * @example 3d6f0a4e-8b1c-4f5e-9a7d-2c1b0e9f8a76
             */
            id: string;
            externalCallId: string;
            status: components["schemas"]["RecordingStatus"];
            startedAt: string | null;
            legalHold: boolean;
            participants: {
                id: string;
                role: string;
            }[];
        };
        Error: {
            /**
             * @description stable error code
             * @enum {string}
             */
            code: "VALIDATION_FAILED" | "INVALID_METADATA" | "CONSENT_RULE_LOOSER_THAN_LAW" | "WEBHOOK_URL_REFUSED" | "UNAUTHENTICATED" | "FORBIDDEN" | "KEY_NOT_ALLOWED" | "JOB_CREATOR_ONLY" | "NOT_FOUND" | "ROUTE_NOT_FOUND" | "TENANT_NOT_FOUND" | "API_KEY_NOT_FOUND" | "RECORDING_NOT_FOUND" | "HOLD_NOT_FOUND" | "MATTER_NOT_FOUND" | "TRANSCRIPT_NOT_FOUND" | "WAVEFORM_NOT_FOUND" | "WEBHOOK_DELIVERY_NOT_FOUND" | "JOB_NOT_FOUND" | "CONFLICT" | "TENANT_EXISTS" | "RECORDING_NOT_AVAILABLE" | "RECORDING_ON_HOLD" | "RECORDING_IN_PROGRESS" | "JOB_RESULT_NOT_READY" | "JOB_NOT_FINISHED" | "HOLD_RELEASED" | "WEBHOOK_DELIVERY_IN_PROGRESS" | "IDEMPOTENCY_KEY_REUSED" | "RECORDING_DELETED" | "KEY_ALREADY_CURRENT" | "JOB_RESULT_GONE" | "UPLOAD_TIMEOUT" | "PAYLOAD_TOO_LARGE" | "UNSUPPORTED_MEDIA_TYPE" | "UNSUPPORTED_CONTENT_ENCODING" | "RANGE_NOT_SATISFIABLE" | "TOO_MANY_AUTH_FAILURES" | "SIGNATURE_INVALID" | "INTERNAL_ERROR" | "KEY_REFUSED" | "SERVICE_UNAVAILABLE" | "KMS_UNAVAILABLE" | "STORAGE_UNAVAILABLE" | "STORAGE_FULL" | "DATABASE_UNAVAILABLE" | "AUDIT_UNAVAILABLE" | "BUSY";
            /** @description for people; names the offending field where there is one */
            message: string;
            /** @description quote it to support; also in the X-Request-Id header */
            correlationId: string;
            /** @description e.g. every field that failed validation, as { path, message } */
            details?: unknown;
        };
        EvidenceBundle: {
            /** @constant */
            kind: "call-recording-evidence";
            /** @constant */
            formatVersion: 1;
            /**
             * Format: date-time
             * @example 2026-11-30T14:03:12.345Z
             */
            generatedAt: string;
            tenant: {
                /**
                 * Format: uuid
                 * @example 3d6f0a4e-8b1c-4f5e-9a7d-2c1b0e9f8a76
                 */
                id: string;
                name: string;
            };
            recording: {
                /**
                 * Format: uuid
                 * @example 3d6f0a4e-8b1c-4f5e-9a7d-2c1b0e9f8a76
                 */
                id: string;
                externalCallId: string;
                status: components["schemas"]["RecordingStatus"];
            } & {
                [key: string]: unknown;
            };
            participants: {
                id: string;
                role: string;
                /** @description masked */
                phone: string | null;
                jurisdiction: string | null;
            }[];
            consent: {
                events: ({
                    id: string;
                    participant: string;
                    kind: string;
                    method: string;
                    at: string | null;
                    offsetMs: number | null;
                    source: string | null;
                } & {
                    [key: string]: unknown;
                })[];
            } & {
                [key: string]: unknown;
            };
            legalHolds: components["schemas"]["LegalHold"][];
            signature: components["schemas"]["DetachedSignature"];
        } & {
            [key: string]: unknown;
        };
        Job: {
            /**
             * Format: uuid
             * @example 3d6f0a4e-8b1c-4f5e-9a7d-2c1b0e9f8a76
             */
            id: string;
            kind: components["schemas"]["JobKind"];
            status: components["schemas"]["JobStatus"];
            /** @description as started; phone numbers masked, import items counted */
            params: {
                [key: string]: unknown;
            };
            total: number;
            /** @description items finished successfully */
            done: number;
            /** @description items that failed (GET …/items) */
            failed: number;
            /** @description while running: remaining items at the rate observed so far */
            etaSeconds: number | null;
            createdBy: {
                kind: string;
                id: string;
                role: string;
            };
            /**
             * Format: date-time
             * @example 2026-11-30T14:03:12.345Z
             */
            createdAt: string;
            startedAt: string | null;
            finishedAt: string | null;
            error: string | null;
            /** @description DELETE /v1/jobs/{id}: the items and the archive are gone; this record stays as the job’s tombstone */
            deletedAt: string | null;
            /** @description when the archive was crypto-shredded (the job deleted, or BULK_JOB_ARCHIVE_RETENTION_DAYS after it finished); its link then answers 410 JOB_RESULT_GONE */
            resultShreddedAt: string | null;
            /** @description the archive (exports), once succeeded */
            result: {
                bytes: number;
                contentType: string;
                /** @description POST here for a download URL */
                link: string;
            } | null;
        };
        JobItemPage: {
            items: {
                seq: number;
                /** @description the recording id, or (import) the object key */
                ref: string;
                /** @enum {string} */
                status: "pending" | "succeeded" | "failed";
                /** @description e.g. RECORDING_NOT_AVAILABLE, RECORDING_ON_HOLD, OBJECT_NOT_FOUND */
                errorCode: string | null;
                errorMessage: string | null;
                /** @description import: the recording created (or found by externalCallId) */
                recordingId: string | null;
                finishedAt: string | null;
            }[];
            nextCursor: string | null;
        };
        /** @enum {string} */
        JobKind: "evidence-export" | "audio-export" | "dsar-export" | "dsar-erase" | "import";
        JobPage: {
            items: components["schemas"]["Job"][];
            /** @description pass as `cursor` for the next page; null at the end */
            nextCursor: string | null;
        };
        JobResultLink: {
            /** @description relative URL with a short-lived token (≤ 5 minutes) */
            url: string;
            /**
             * Format: date-time
             * @example 2026-11-30T14:03:12.345Z
             */
            expiresAt: string;
        };
        JobStarted: {
            /**
             * Format: uuid
             * @example 3d6f0a4e-8b1c-4f5e-9a7d-2c1b0e9f8a76
             */
            id: string;
            kind: components["schemas"]["JobKind"];
            status: components["schemas"]["JobStatus"];
            /** @description as started; phone numbers masked, import items counted */
            params: {
                [key: string]: unknown;
            };
            total: number;
            /** @description items finished successfully */
            done: number;
            /** @description items that failed (GET …/items) */
            failed: number;
            /** @description while running: remaining items at the rate observed so far */
            etaSeconds: number | null;
            createdBy: {
                kind: string;
                id: string;
                role: string;
            };
            /**
             * Format: date-time
             * @example 2026-11-30T14:03:12.345Z
             */
            createdAt: string;
            startedAt: string | null;
            finishedAt: string | null;
            error: string | null;
            /** @description DELETE /v1/jobs/{id}: the items and the archive are gone; this record stays as the job’s tombstone */
            deletedAt: string | null;
            /** @description when the archive was crypto-shredded (the job deleted, or BULK_JOB_ARCHIVE_RETENTION_DAYS after it finished); its link then answers 410 JOB_RESULT_GONE */
            resultShreddedAt: string | null;
            /** @description the archive (exports), once succeeded */
            result: {
                bytes: number;
                contentType: string;
                /** @description POST here for a download URL */
                link: string;
            } | null;
            /** @description paths of free-text parameters (q, matter, purpose, reason) whose card data was masked before anything was stored */
            cardDataMasked: string[];
        };
        /** @enum {string} */
        JobStatus: "queued" | "running" | "succeeded" | "failed" | "cancelled";
        KeyRotation: {
            /**
             * Format: uuid
             * @example 3d6f0a4e-8b1c-4f5e-9a7d-2c1b0e9f8a76
             */
            id: string;
            targetKmsKeyId: string;
            /** @enum {string} */
            status: "running" | "completed" | "failed";
            /** @description data keys to re-wrap */
            total: number;
            done: number;
            error: string | null;
            /** @description the key the tenant returns to if the rotation fails */
            previousKmsKeyId: string | null;
            /**
             * Format: date-time
             * @example 2026-11-30T14:03:12.345Z
             */
            startedAt: string;
            finishedAt: string | null;
        };
        LegalHold: {
            /**
             * Format: uuid
             * @example 3d6f0a4e-8b1c-4f5e-9a7d-2c1b0e9f8a76
             */
            id: string;
            /**
             * Format: uuid
             * @example 3d6f0a4e-8b1c-4f5e-9a7d-2c1b0e9f8a76
             */
            recordingId: string;
            /**
             * Format: uuid
             * @description the matter the hold belongs to
             * @example 3d6f0a4e-8b1c-4f5e-9a7d-2c1b0e9f8a76
             */
            matterId: string;
            /** @description the matter’s reference */
            matter: string;
            reason: string;
            placedBy: string;
            /**
             * Format: date-time
             * @example 2026-11-30T14:03:12.345Z
             */
            placedAt: string;
            releasedBy: string | null;
            releasedAt: string | null;
            releaseReason: string | null;
            active: boolean;
        };
        Matter: {
            /**
             * Format: uuid
             * @example 3d6f0a4e-8b1c-4f5e-9a7d-2c1b0e9f8a76
             */
            id: string;
            name: string;
            /** @description the case’s own reference; unique in the tenant */
            reference: string;
            description: string | null;
            createdBy: string;
            /**
             * Format: date-time
             * @example 2026-11-30T14:03:12.345Z
             */
            createdAt: string;
            holds: {
                /** @description holds in force: the recordings the matter holds now */
                active: number;
                released: number;
            };
        };
        MatterAttachOutcome: {
            /** @description recordings the matter now holds that it did not before */
            placed: string[];
            /** @description recordings the matter already held (nothing changed) */
            alreadyHeld: string[];
            /** @description recordings already deleted: nothing left to hold */
            deleted: string[];
            /** @description ids that are not recordings of this tenant */
            notFound: string[];
        };
        MatterReleaseOutcome: {
            /** @description holds released */
            released: number;
            /** @description recordings that stay on hold under another matter */
            stillHeld: string[];
        };
        PlaybackLink: {
            /** @description relative URL with a short-lived token, for an <audio> element */
            url: string;
            /**
             * Format: date-time
             * @example 2026-11-30T14:03:12.345Z
             */
            expiresAt: string;
        };
        Readiness: {
            /** @enum {string} */
            status: "ok" | "unavailable";
            checks: {
                /** @enum {string} */
                database: "ok" | "unavailable";
                /** @enum {string} */
                storage: "ok" | "unavailable";
                /** @enum {string} */
                kms: "ok" | "unavailable";
            };
            errors?: {
                database?: string;
                storage?: string;
                kms?: string;
            };
        };
        RecordingDetail: {
            /**
             * Format: uuid
             * @example 3d6f0a4e-8b1c-4f5e-9a7d-2c1b0e9f8a76
             */
            id: string;
            externalCallId: string;
            status: components["schemas"]["RecordingStatus"];
            /** @description why it is rejected, failed or awaiting consent */
            statusReason: string | null;
            direction: ("inbound" | "outbound" | "internal") | null;
            startedAt: string | null;
            durationMs: number | null;
            mediaFormat: string | null;
            legalHold: boolean;
            /**
             * Format: date-time
             * @description when the vault received it; lists are ordered by it
             * @example 2026-11-30T14:03:12.345Z
             */
            createdAt: string;
            links: {
                self: string;
                audio: string;
                redactions: string;
                evidence: string;
            };
            sampleRate: number | null;
            channels: number | null;
            availableAt: string | null;
            decision: components["schemas"]["ConsentDecisionSummary"] | null;
            redaction: {
                spans: number;
                kinds: string[];
                detectorsRun: string[];
                detectorsNotRun: {
                    name: string;
                    reason?: string;
                }[];
                verified: boolean;
            } | null;
            /** @description free-text metadata fields whose card data was masked at upload */
            metadataMasked: string[];
            /** @description what is stored differs from what the upload claimed (MEDIA_TRUNCATED: the file was cut short) */
            warnings: components["schemas"]["RecordingWarning"][];
        };
        RecordingPage: {
            items: components["schemas"]["RecordingSummary"][];
            /** @description pass as `cursor` (with the same filters and sort) for the next page; null at the end */
            nextCursor: string | null;
        };
        /** @enum {string} */
        RecordingStatus: "received" | "awaiting_consent" | "processing" | "available" | "rejected" | "failed" | "deleted";
        RecordingSummary: {
            /**
             * Format: uuid
             * @example 3d6f0a4e-8b1c-4f5e-9a7d-2c1b0e9f8a76
             */
            id: string;
            externalCallId: string;
            status: components["schemas"]["RecordingStatus"];
            /** @description why it is rejected, failed or awaiting consent */
            statusReason: string | null;
            direction: ("inbound" | "outbound" | "internal") | null;
            startedAt: string | null;
            durationMs: number | null;
            mediaFormat: string | null;
            legalHold: boolean;
            /**
             * Format: date-time
             * @description when the vault received it; lists are ordered by it
             * @example 2026-11-30T14:03:12.345Z
             */
            createdAt: string;
            links: {
                self: string;
                audio: string;
                redactions: string;
                evidence: string;
            };
        };
        RecordingWarning: {
            /** @enum {string} */
            code: "MEDIA_TRUNCATED";
            message: string;
            /** @description the length the file claims for itself, when it claims one */
            declaredMs?: number;
            /** @description the length of the audio it holds, which is what is stored */
            decodedMs: number;
        };
        RedactedTranscript: {
            /**
             * Format: uuid
             * @example 3d6f0a4e-8b1c-4f5e-9a7d-2c1b0e9f8a76
             */
            recordingId: string;
            /** @constant */
            version: 1;
            /** @description BCP 47 tag of the transcript, when known */
            language?: string;
            words: {
                /** @description the word, or its kind in brackets where it was card data: "[card number]" */
                text: string;
                startMs: number;
                endMs: number;
                channel: number | null;
                /** @description set when the word stood for card data (its kind) */
                redacted?: string;
            }[];
        };
        RedactionReport: {
            /** @constant */
            version: 1;
            output?: {
                format: string;
                codec: string;
                fallback?: string;
            };
            paddingMs: number;
            /** @enum {string} */
            mode: "mute" | "tone";
            durationMs: number;
            spans: components["schemas"]["RedactionSpan"][];
            detectors: {
                /** @enum {string} */
                name: "dtmf" | "transcript" | "marker" | "consent";
                ran: boolean;
                reason?: string;
                found: number;
            }[];
            transcript?: {
                format: string;
                /** @enum {string} */
                granularity: "word" | "segment";
                language: {
                    codes: string[];
                    /** @enum {string} */
                    source: "transcript" | "jurisdiction" | "default";
                    requested?: string;
                    supported: boolean;
                };
            };
            verification: {
                passed: boolean;
                codec: string;
                maxPeakDbfs: number | null;
                edgeMarginMs: number;
                spansChecked: number;
                worstPeakDbfs: number | null;
                residualDtmf: number;
                attempts: number;
                failures: string[];
            };
        };
        RedactionSpan: {
            startMs: number;
            endMs: number;
            /** @description where it was found; null: every channel (muting is always on all) */
            channel: number | null;
            /** @enum {string} */
            kind: "pan" | "cvv" | "expiry" | "dtmf" | "marker" | "consent-trim";
            /** @enum {string} */
            detector: "dtmf" | "transcript" | "marker" | "consent";
            confidence: number;
            /** @description •••• 1111 for a card number, bullets only for anything else */
            masked: string;
            notes?: ("luhn-failed" | "misheard-digits" | "joined-across-interruptions" | "unexpected-length" | "segment-level" | "found-after-redaction")[];
        };
        RetentionPolicy: {
            /** @description null: kept until deleted */
            defaultDays: number | null;
            byJurisdiction: {
                [key: string]: number;
            };
            updatedAt: string | null;
            updatedBy: string | null;
        };
        StartJob: {
            /** @constant */
            kind: "evidence-export";
            /** @description which recordings: the filters of GET /v1/recordings, and matter */
            params?: {
                status?: components["schemas"]["RecordingStatus"];
                externalCallId?: string;
                /**
                 * Format: date-time
                 * @description call start at or after; ISO 8601, 1970 to 9999
                 * @example 2026-11-30T14:03:12Z
                 */
                from?: string;
                /**
                 * Format: date-time
                 * @description call start before; ISO 8601, 1970 to 9999
                 * @example 2026-11-30T14:03:12Z
                 */
                to?: string;
                /** @description a participant’s number, E.164 (matched by its keyed hash) */
                phone?: string;
                /** @description a participant’s jurisdiction, e.g. US-CA */
                jurisdiction?: string;
                /**
                 * @description only recordings with (true) or without (false) muted spans
                 * @enum {string}
                 */
                hasRedactions?: "true" | "false";
                /**
                 * @description only recordings under (true) or not under (false) legal hold
                 * @enum {string}
                 */
                onHold?: "true" | "false";
                /** @description words said (qa and legal only): full-text search over the redacted transcripts, web-search syntax ("exact phrase", or, -word); redacted card data is never indexed */
                q?: string;
                /** @description a matter’s reference: only recordings ever held for that matter */
                matter?: string;
            };
        } | {
            /** @constant */
            kind: "audio-export";
            params: {
                status?: components["schemas"]["RecordingStatus"];
                externalCallId?: string;
                /**
                 * Format: date-time
                 * @description call start at or after; ISO 8601, 1970 to 9999
                 * @example 2026-11-30T14:03:12Z
                 */
                from?: string;
                /**
                 * Format: date-time
                 * @description call start before; ISO 8601, 1970 to 9999
                 * @example 2026-11-30T14:03:12Z
                 */
                to?: string;
                /** @description a participant’s number, E.164 (matched by its keyed hash) */
                phone?: string;
                /** @description a participant’s jurisdiction, e.g. US-CA */
                jurisdiction?: string;
                /**
                 * @description only recordings with (true) or without (false) muted spans
                 * @enum {string}
                 */
                hasRedactions?: "true" | "false";
                /**
                 * @description only recordings under (true) or not under (false) legal hold
                 * @enum {string}
                 */
                onHold?: "true" | "false";
                /** @description words said (qa and legal only): full-text search over the redacted transcripts, web-search syntax ("exact phrase", or, -word); redacted card data is never indexed */
                q?: string;
                /** @description a matter’s reference: only recordings ever held for that matter */
                matter?: string;
                /** @description why the audio is exported; audited per item */
                purpose: string;
            };
        } | {
            /** @constant */
            kind: "dsar-export";
            params: {
                phone: string;
            };
        } | {
            /** @constant */
            kind: "dsar-erase";
            params: {
                phone: string;
                reason: string;
            };
        } | {
            /** @constant */
            kind: "import";
            params: {
                /** @description a bucket the service can read */
                bucket: string;
                items: {
                    /** @description the audio object */
                    key: string;
                    /** @description the upload metadata (as for POST /v1/recordings); checked per item */
                    metadata: {
                        [key: string]: unknown;
                    };
                }[];
            };
        };
        TranscriptionSettings: {
            /** @constant */
            engine: "none";
        } | {
            /** @constant */
            engine: "openai-compatible";
            url: string;
            model: string;
            language?: string;
            /** @description whether a bearer key is stored (wrapped by KMS; never shown) */
            hasKey: boolean;
        } | {
            /** @constant */
            engine: "aws-transcribe";
            bucket?: string;
            languageCode?: string;
        };
        UploadAccepted: {
            /**
             * Format: uuid
             * @example 3d6f0a4e-8b1c-4f5e-9a7d-2c1b0e9f8a76
             */
            id: string;
            status: components["schemas"]["RecordingStatus"];
            links: {
                self: string;
                audio: string;
                redactions: string;
                consent: string;
            };
            /** @description paths of free-text fields whose card data was masked before anything was stored */
            cardDataMasked: string[];
        };
        UploadMetadata: {
            externalCallId: string;
            /**
             * Format: date-time
             * @description ISO 8601 with Z or an offset, 1970-01-01T00:00:00Z to 9999-12-31T23:59:59.999Z
             * @example 2026-11-30T14:03:12Z
             */
            startedAt: string;
            /**
             * Format: date-time
             * @description ISO 8601 with Z or an offset, 1970-01-01T00:00:00Z to 9999-12-31T23:59:59.999Z
             * @example 2026-11-30T14:03:12Z
             */
            endedAt?: string;
            /** @enum {string} */
            direction?: "inbound" | "outbound" | "internal";
            /** @description where to post this recording’s webhook events as well (Standard Webhooks, signed with the tenant’s webhook secret); https, public addresses only — the same policy as the tenant webhook */
            callbackUrl?: string;
            participants: {
                id: string;
                /** @enum {string} */
                role: "customer" | "agent" | "third-party";
                phone?: string;
                jurisdiction?: string;
            }[];
            channels?: {
                index: number;
                participant: string;
            }[];
            consent?: {
                participant: string | "*";
                /** @enum {string} */
                kind: "granted" | "declined" | "revoked" | "notified";
                /** @enum {string} */
                method: "ivr-keypress" | "verbal" | "announcement" | "written" | "agent-attested";
                /**
                 * Format: date-time
                 * @description ISO 8601 with Z or an offset, 1970-01-01T00:00:00Z to 9999-12-31T23:59:59.999Z
                 * @example 2026-11-30T14:03:12Z
                 */
                at?: string;
                offsetMs?: number;
                evidence?: {
                    [key: string]: unknown;
                };
            }[];
            markers?: {
                /** @enum {string} */
                kind: "pause" | "secure-flow";
                startMs: number;
                endMs: number;
            }[];
            transcript?: {
                /** @constant */
                format: "words";
                words: {
                    text: string;
                    startMs: number;
                    endMs: number;
                    channel?: number | null;
                    confidence?: number;
                    speaker?: string;
                }[];
                language?: string;
            } | {
                /** @enum {string} */
                format: "aws-transcribe" | "aws-contact-lens" | "google-stt-v2" | "azure-speech" | "deepgram" | "assemblyai" | "openai-verbose-json" | "twilio-sentences";
                document: {
                    [key: string]: unknown;
                };
                language?: string;
            } | {
                /** @enum {string} */
                format: "webvtt" | "srt";
                text: string;
                language?: string;
            };
        };
        VerifyOutcome: {
            valid: boolean;
            /** @description why it is not valid */
            reason?: string;
        };
        Waveform: {
            /**
             * Format: uuid
             * @example 3d6f0a4e-8b1c-4f5e-9a7d-2c1b0e9f8a76
             */
            recordingId: string;
            /** @constant */
            version: 1;
            durationMs: number;
            /** @description milliseconds of audio per peak; the last bucket may be shorter */
            msPerPeak: number;
            /** @description one byte per bucket, base64: the bucket’s peak |sample| scaled to 0–255 */
            peaks: string;
        };
        WebhookDelivery: {
            /**
             * Format: uuid
             * @example 3d6f0a4e-8b1c-4f5e-9a7d-2c1b0e9f8a76
             */
            id: string;
            /**
             * Format: uuid
             * @description the event’s id, sent as `webhook-id` on every attempt and replay
             * @example 3d6f0a4e-8b1c-4f5e-9a7d-2c1b0e9f8a76
             */
            eventId: string;
            /** @enum {string} */
            eventType: "recording.received" | "recording.awaiting_consent" | "recording.processing" | "recording.available" | "recording.rejected" | "recording.failed" | "recording.deleted" | "deletion.certificate" | "retention.deleted" | "hold.placed" | "hold.released" | "job.progress" | "job.completed";
            recordingId: string | null;
            /**
             * @description the tenant webhook, or the upload’s callbackUrl
             * @enum {string}
             */
            endpoint: "tenant" | "callback";
            /** @description scheme, host and path of the target (the query string is not shown) */
            url: string;
            status: components["schemas"]["WebhookDeliveryStatus"];
            /** @description attempts so far, replays included */
            attempts: number;
            /** @description when a pending delivery is tried next */
            nextAttemptAt: string | null;
            lastStatusCode: number | null;
            lastError: string | null;
            /**
             * Format: date-time
             * @example 2026-11-30T14:03:12.345Z
             */
            createdAt: string;
            /**
             * Format: date-time
             * @example 2026-11-30T14:03:12.345Z
             */
            updatedAt: string;
        };
        WebhookDeliveryPage: {
            items: components["schemas"]["WebhookDelivery"][];
            /** @description pass as `cursor` (with the same filters) for the next page; null at the end */
            nextCursor: string | null;
        };
        /** @enum {string} */
        WebhookDeliveryStatus: "pending" | "succeeded" | "failed";
        /** @description A signed deletion certificate was issued for the deleted recording */
        WebhookEvent_deletion_certificate: {
            /** @constant */
            type: "deletion.certificate";
            /**
             * Format: date-time
             * @description when the event happened
             * @example 2026-11-30T14:03:12.345Z
             */
            timestamp: string;
            data: {
                /**
                 * Format: uuid
                 * @example 3d6f0a4e-8b1c-4f5e-9a7d-2c1b0e9f8a76
                 */
                recordingId: string;
                /** @description the platform’s call id, as uploaded */
                externalCallId: string;
                /**
                 * Format: uuid
                 * @example 3d6f0a4e-8b1c-4f5e-9a7d-2c1b0e9f8a76
                 */
                certificateId: string;
                /** @enum {string} */
                reason: "manual" | "retention" | "erasure";
                /**
                 * Format: date-time
                 * @example 2026-11-30T14:03:12.345Z
                 */
                deletedAt: string;
            };
        };
        /** @description A legal hold was placed on a recording */
        WebhookEvent_hold_placed: {
            /** @constant */
            type: "hold.placed";
            /**
             * Format: date-time
             * @description when the event happened
             * @example 2026-11-30T14:03:12.345Z
             */
            timestamp: string;
            data: {
                /**
                 * Format: uuid
                 * @example 3d6f0a4e-8b1c-4f5e-9a7d-2c1b0e9f8a76
                 */
                recordingId: string;
                /**
                 * Format: uuid
                 * @example 3d6f0a4e-8b1c-4f5e-9a7d-2c1b0e9f8a76
                 */
                holdId: string;
                /** @description whether the recording is still under any hold after this change */
                recordingHeld: boolean;
            };
        };
        /** @description A legal hold was released (the recording may still be held by others) */
        WebhookEvent_hold_released: {
            /** @constant */
            type: "hold.released";
            /**
             * Format: date-time
             * @description when the event happened
             * @example 2026-11-30T14:03:12.345Z
             */
            timestamp: string;
            data: {
                /**
                 * Format: uuid
                 * @example 3d6f0a4e-8b1c-4f5e-9a7d-2c1b0e9f8a76
                 */
                recordingId: string;
                /**
                 * Format: uuid
                 * @example 3d6f0a4e-8b1c-4f5e-9a7d-2c1b0e9f8a76
                 */
                holdId: string;
                /** @description whether the recording is still under any hold after this change */
                recordingHeld: boolean;
            };
        };
        /** @description A bulk job ended: succeeded, failed or cancelled */
        WebhookEvent_job_completed: {
            /** @constant */
            type: "job.completed";
            /**
             * Format: date-time
             * @description when the event happened
             * @example 2026-11-30T14:03:12.345Z
             */
            timestamp: string;
            data: {
                /**
                 * Format: uuid
                 * @example 3d6f0a4e-8b1c-4f5e-9a7d-2c1b0e9f8a76
                 */
                jobId: string;
                /** @enum {string} */
                kind: "evidence-export" | "audio-export" | "dsar-export" | "dsar-erase" | "import";
                /** @enum {string} */
                status: "running" | "succeeded" | "failed" | "cancelled";
                total: number;
                done: number;
                failed: number;
            };
        };
        /** @description A bulk job finished another batch of items (every 25, counts as in GET /v1/jobs/{id}) */
        WebhookEvent_job_progress: {
            /** @constant */
            type: "job.progress";
            /**
             * Format: date-time
             * @description when the event happened
             * @example 2026-11-30T14:03:12.345Z
             */
            timestamp: string;
            data: {
                /**
                 * Format: uuid
                 * @example 3d6f0a4e-8b1c-4f5e-9a7d-2c1b0e9f8a76
                 */
                jobId: string;
                /** @enum {string} */
                kind: "evidence-export" | "audio-export" | "dsar-export" | "dsar-erase" | "import";
                /** @constant */
                status: "running";
                total: number;
                done: number;
                failed: number;
            };
        };
        /** @description The redacted, verified recording can be streamed */
        WebhookEvent_recording_available: {
            /** @constant */
            type: "recording.available";
            /**
             * Format: date-time
             * @description when the event happened
             * @example 2026-11-30T14:03:12.345Z
             */
            timestamp: string;
            data: {
                /**
                 * Format: uuid
                 * @example 3d6f0a4e-8b1c-4f5e-9a7d-2c1b0e9f8a76
                 */
                recordingId: string;
                /** @description the platform’s call id, as uploaded */
                externalCallId: string;
                /** @constant */
                status: "available";
                /** @description codes of the recording’s warnings, when it has any (GET /v1/recordings/{id} has the figures) */
                warnings?: "MEDIA_TRUNCATED"[];
            };
        };
        /** @description The recording waits for late consent (POST /v1/recordings/{id}/consent) until CONSENT_WAIT has passed */
        WebhookEvent_recording_awaiting_consent: {
            /** @constant */
            type: "recording.awaiting_consent";
            /**
             * Format: date-time
             * @description when the event happened
             * @example 2026-11-30T14:03:12.345Z
             */
            timestamp: string;
            data: {
                /**
                 * Format: uuid
                 * @example 3d6f0a4e-8b1c-4f5e-9a7d-2c1b0e9f8a76
                 */
                recordingId: string;
                /** @description the platform’s call id, as uploaded */
                externalCallId: string;
                /** @constant */
                status: "awaiting_consent";
                /** @description why, as a stable code (CONSENT_INSUFFICIENT, VERIFICATION_FAILED, …) */
                reasonCode: string;
            };
        };
        /** @description The recording was deleted (manually, by retention or by an erasure); its keys are destroyed */
        WebhookEvent_recording_deleted: {
            /** @constant */
            type: "recording.deleted";
            /**
             * Format: date-time
             * @description when the event happened
             * @example 2026-11-30T14:03:12.345Z
             */
            timestamp: string;
            data: {
                /**
                 * Format: uuid
                 * @example 3d6f0a4e-8b1c-4f5e-9a7d-2c1b0e9f8a76
                 */
                recordingId: string;
                /** @description the platform’s call id, as uploaded */
                externalCallId: string;
                /**
                 * Format: uuid
                 * @example 3d6f0a4e-8b1c-4f5e-9a7d-2c1b0e9f8a76
                 */
                certificateId: string;
                /** @enum {string} */
                reason: "manual" | "retention" | "erasure";
                /**
                 * Format: date-time
                 * @example 2026-11-30T14:03:12.345Z
                 */
                deletedAt: string;
            };
        };
        /** @description Processing failed closed (detection, verification, media): the audio was destroyed */
        WebhookEvent_recording_failed: {
            /** @constant */
            type: "recording.failed";
            /**
             * Format: date-time
             * @description when the event happened
             * @example 2026-11-30T14:03:12.345Z
             */
            timestamp: string;
            data: {
                /**
                 * Format: uuid
                 * @example 3d6f0a4e-8b1c-4f5e-9a7d-2c1b0e9f8a76
                 */
                recordingId: string;
                /** @description the platform’s call id, as uploaded */
                externalCallId: string;
                /** @constant */
                status: "failed";
                /** @description why, as a stable code (CONSENT_INSUFFICIENT, VERIFICATION_FAILED, …) */
                reasonCode: string;
            };
        };
        /** @description Consent allowed the recording; redaction runs */
        WebhookEvent_recording_processing: {
            /** @constant */
            type: "recording.processing";
            /**
             * Format: date-time
             * @description when the event happened
             * @example 2026-11-30T14:03:12.345Z
             */
            timestamp: string;
            data: {
                /**
                 * Format: uuid
                 * @example 3d6f0a4e-8b1c-4f5e-9a7d-2c1b0e9f8a76
                 */
                recordingId: string;
                /** @description the platform’s call id, as uploaded */
                externalCallId: string;
                /** @constant */
                status: "processing";
            };
        };
        /** @description An upload was stored (encrypted) and accepted; processing starts */
        WebhookEvent_recording_received: {
            /** @constant */
            type: "recording.received";
            /**
             * Format: date-time
             * @description when the event happened
             * @example 2026-11-30T14:03:12.345Z
             */
            timestamp: string;
            data: {
                /**
                 * Format: uuid
                 * @example 3d6f0a4e-8b1c-4f5e-9a7d-2c1b0e9f8a76
                 */
                recordingId: string;
                /** @description the platform’s call id, as uploaded */
                externalCallId: string;
                /** @constant */
                status: "received";
            };
        };
        /** @description Consent was insufficient: the audio was destroyed, the reason kept */
        WebhookEvent_recording_rejected: {
            /** @constant */
            type: "recording.rejected";
            /**
             * Format: date-time
             * @description when the event happened
             * @example 2026-11-30T14:03:12.345Z
             */
            timestamp: string;
            data: {
                /**
                 * Format: uuid
                 * @example 3d6f0a4e-8b1c-4f5e-9a7d-2c1b0e9f8a76
                 */
                recordingId: string;
                /** @description the platform’s call id, as uploaded */
                externalCallId: string;
                /** @constant */
                status: "rejected";
                /** @description why, as a stable code (CONSENT_INSUFFICIENT, VERIFICATION_FAILED, …) */
                reasonCode: string;
            };
        };
        /** @description The retention sweep deleted a recording whose retention period ended */
        WebhookEvent_retention_deleted: {
            /** @constant */
            type: "retention.deleted";
            /**
             * Format: date-time
             * @description when the event happened
             * @example 2026-11-30T14:03:12.345Z
             */
            timestamp: string;
            data: {
                /**
                 * Format: uuid
                 * @example 3d6f0a4e-8b1c-4f5e-9a7d-2c1b0e9f8a76
                 */
                recordingId: string;
                /** @description the platform’s call id, as uploaded */
                externalCallId: string;
                /**
                 * Format: uuid
                 * @example 3d6f0a4e-8b1c-4f5e-9a7d-2c1b0e9f8a76
                 */
                certificateId: string;
                /** @constant */
                reason: "retention";
                /**
                 * Format: date-time
                 * @example 2026-11-30T14:03:12.345Z
                 */
                deletedAt: string;
            };
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    KeyRotation_start: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description the ARN or key id of a key the operator allowed for the tenant */
                    kmsKeyId: string;
                };
            };
        };
        responses: {
            /** @description the rotation, running */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["KeyRotation"];
                };
            };
            /** @description Error codes: VALIDATION_FAILED */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "VALIDATION_FAILED",
                     *       "message": "reason: Too small: expected string to have >=1 characters",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: UNAUTHENTICATED */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "UNAUTHENTICATED",
                     *       "message": "Missing or invalid credentials",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: FORBIDDEN, KEY_NOT_ALLOWED */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "FORBIDDEN",
                     *       "message": "Role ingest may not recording.list",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: CONFLICT, KEY_ALREADY_CURRENT */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "CONFLICT",
                     *       "message": "conflict",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: PAYLOAD_TOO_LARGE */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "PAYLOAD_TOO_LARGE",
                     *       "message": "payload too large",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: UNSUPPORTED_MEDIA_TYPE, UNSUPPORTED_CONTENT_ENCODING */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "UNSUPPORTED_MEDIA_TYPE",
                     *       "message": "unsupported media type",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: TOO_MANY_AUTH_FAILURES */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "TOO_MANY_AUTH_FAILURES",
                     *       "message": "too many auth failures",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: KMS_UNAVAILABLE, AUDIT_UNAVAILABLE */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "KMS_UNAVAILABLE",
                     *       "message": "kms unavailable",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    KeyRotation_get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description the rotation and its progress */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["KeyRotation"];
                };
            };
            /** @description Error codes: VALIDATION_FAILED */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "VALIDATION_FAILED",
                     *       "message": "reason: Too small: expected string to have >=1 characters",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: UNAUTHENTICATED */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "UNAUTHENTICATED",
                     *       "message": "Missing or invalid credentials",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: FORBIDDEN */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "FORBIDDEN",
                     *       "message": "Role ingest may not recording.list",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: NOT_FOUND */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "NOT_FOUND",
                     *       "message": "not found",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: TOO_MANY_AUTH_FAILURES */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "TOO_MANY_AUTH_FAILURES",
                     *       "message": "too many auth failures",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: AUDIT_UNAVAILABLE */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "AUDIT_UNAVAILABLE",
                     *       "message": "audit unavailable",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    Audit_events: {
        parameters: {
            query?: {
                /** @description ISO 8601, 1970 to 9999, inclusive */
                from?: string;
                /** @description ISO 8601, 1970 to 9999, exclusive */
                to?: string;
                /** @description an API key id or a user’s subject */
                actor?: string;
                /** @description e.g. recording.stream */
                action?: string;
                /** @description e.g. recording */
                resourceType?: string;
                /** @description a resource id */
                resource?: string;
                /** @description page: nextCursor of the previous page (opaque) */
                cursor?: string;
                /** @description events per page */
                limit?: number;
                /** @description jsonl: an export, one event per line */
                format?: "json" | "jsonl";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description one page of events (format=json), or one event per line (format=jsonl) */
            200: {
                headers: {
                    /** @description format=jsonl: the cursor of the next page; absent at the end */
                    "Next-Cursor"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AuditPage"];
                    "application/x-ndjson": string;
                };
            };
            /** @description Error codes: VALIDATION_FAILED */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "VALIDATION_FAILED",
                     *       "message": "reason: Too small: expected string to have >=1 characters",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: UNAUTHENTICATED */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "UNAUTHENTICATED",
                     *       "message": "Missing or invalid credentials",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: FORBIDDEN */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "FORBIDDEN",
                     *       "message": "Role ingest may not recording.list",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: TOO_MANY_AUTH_FAILURES */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "TOO_MANY_AUTH_FAILURES",
                     *       "message": "too many auth failures",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: AUDIT_UNAVAILABLE */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "AUDIT_UNAVAILABLE",
                     *       "message": "audit unavailable",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    Audit_verify: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description valid, or the problem found; the chain is shared, so no counts are shown */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AuditVerification"];
                };
            };
            /** @description Error codes: UNAUTHENTICATED */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "UNAUTHENTICATED",
                     *       "message": "Missing or invalid credentials",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: FORBIDDEN */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "FORBIDDEN",
                     *       "message": "Role ingest may not recording.list",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: TOO_MANY_AUTH_FAILURES */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "TOO_MANY_AUTH_FAILURES",
                     *       "message": "too many auth failures",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: AUDIT_UNAVAILABLE */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "AUDIT_UNAVAILABLE",
                     *       "message": "audit unavailable",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    DevIssuer_jwks: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description the issuer and its public key */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        issuer: string;
                        keys: ({
                            kty: string;
                        } & {
                            [key: string]: unknown;
                        })[];
                    };
                };
            };
            /** @description Error codes: ROUTE_NOT_FOUND */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "ROUTE_NOT_FOUND",
                     *       "message": "route not found",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    DevIssuer_discovery: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OpenID Provider metadata (OpenID Connect Discovery 1.0) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        issuer: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Error codes: ROUTE_NOT_FOUND */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "ROUTE_NOT_FOUND",
                     *       "message": "route not found",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    ApiKey_list: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description every key, revoked ones included */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "items": [
                     *         {
                     *           "id": "3d6f0a4e-8b1c-4f5e-9a7d-2c1b0e9f8a76",
                     *           "role": "ingest",
                     *           "prefix": "crv_k7Qm2x",
                     *           "label": "Genesys connector",
                     *           "createdAt": "2026-11-30T14:03:12.345Z",
                     *           "revokedAt": null
                     *         }
                     *       ]
                     *     }
                     */
                    "application/json": {
                        items: components["schemas"]["ApiKey"][];
                    };
                };
            };
            /** @description Error codes: UNAUTHENTICATED */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "UNAUTHENTICATED",
                     *       "message": "Missing or invalid credentials",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: FORBIDDEN */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "FORBIDDEN",
                     *       "message": "Role ingest may not recording.list",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: TOO_MANY_AUTH_FAILURES */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "TOO_MANY_AUTH_FAILURES",
                     *       "message": "too many auth failures",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: AUDIT_UNAVAILABLE */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "AUDIT_UNAVAILABLE",
                     *       "message": "audit unavailable",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    ApiKey_create: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /**
                     * @description ingest: platforms uploading recordings; admin: tenant settings
                     * @enum {string}
                     */
                    role: "ingest" | "admin";
                    /** @description what the key is for */
                    label?: string;
                };
            };
        };
        responses: {
            /** @description the new key with its secret */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "3d6f0a4e-8b1c-4f5e-9a7d-2c1b0e9f8a76",
                     *       "role": "ingest",
                     *       "prefix": "crv_k7Qm2x",
                     *       "label": "Genesys connector",
                     *       "createdAt": "2026-11-30T14:03:12.345Z",
                     *       "revokedAt": null,
                     *       "key": "crv_k7Qm2x…"
                     *     }
                     */
                    "application/json": components["schemas"]["CreatedApiKey"];
                };
            };
            /** @description Error codes: VALIDATION_FAILED */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "VALIDATION_FAILED",
                     *       "message": "reason: Too small: expected string to have >=1 characters",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: UNAUTHENTICATED */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "UNAUTHENTICATED",
                     *       "message": "Missing or invalid credentials",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: FORBIDDEN */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "FORBIDDEN",
                     *       "message": "Role ingest may not recording.list",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: PAYLOAD_TOO_LARGE */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "PAYLOAD_TOO_LARGE",
                     *       "message": "payload too large",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: UNSUPPORTED_MEDIA_TYPE, UNSUPPORTED_CONTENT_ENCODING */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "UNSUPPORTED_MEDIA_TYPE",
                     *       "message": "unsupported media type",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: TOO_MANY_AUTH_FAILURES */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "TOO_MANY_AUTH_FAILURES",
                     *       "message": "too many auth failures",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: AUDIT_UNAVAILABLE */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "AUDIT_UNAVAILABLE",
                     *       "message": "audit unavailable",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    ApiKey_revoke: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description the revoked key */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "3d6f0a4e-8b1c-4f5e-9a7d-2c1b0e9f8a76",
                     *       "role": "ingest",
                     *       "prefix": "crv_k7Qm2x",
                     *       "label": "Genesys connector",
                     *       "createdAt": "2026-11-30T14:03:12.345Z",
                     *       "revokedAt": "2026-12-01T09:00:00.000Z"
                     *     }
                     */
                    "application/json": components["schemas"]["ApiKey"];
                };
            };
            /** @description Error codes: VALIDATION_FAILED */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "VALIDATION_FAILED",
                     *       "message": "reason: Too small: expected string to have >=1 characters",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: UNAUTHENTICATED */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "UNAUTHENTICATED",
                     *       "message": "Missing or invalid credentials",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: FORBIDDEN */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "FORBIDDEN",
                     *       "message": "Role ingest may not recording.list",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: API_KEY_NOT_FOUND */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "API_KEY_NOT_FOUND",
                     *       "message": "api key not found",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: TOO_MANY_AUTH_FAILURES */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "TOO_MANY_AUTH_FAILURES",
                     *       "message": "too many auth failures",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: AUDIT_UNAVAILABLE */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "AUDIT_UNAVAILABLE",
                     *       "message": "audit unavailable",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    Tenant_current: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description the tenant and who you are in it */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CurrentTenant"];
                };
            };
            /** @description Error codes: UNAUTHENTICATED */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "UNAUTHENTICATED",
                     *       "message": "Missing or invalid credentials",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: FORBIDDEN */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "FORBIDDEN",
                     *       "message": "Role ingest may not recording.list",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: TOO_MANY_AUTH_FAILURES */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "TOO_MANY_AUTH_FAILURES",
                     *       "message": "too many auth failures",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: AUDIT_UNAVAILABLE */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "AUDIT_UNAVAILABLE",
                     *       "message": "audit unavailable",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    Tenant_setWebhook: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description https URL called on each recording’s final status */
                    url: string;
                };
            };
        };
        responses: {
            /** @description the webhook and its signing secret (shown once) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        url: string;
                        /** @description signing secret; shown once */
                        secret: string;
                    };
                };
            };
            /** @description Error codes: VALIDATION_FAILED, WEBHOOK_URL_REFUSED */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "VALIDATION_FAILED",
                     *       "message": "reason: Too small: expected string to have >=1 characters",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: UNAUTHENTICATED */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "UNAUTHENTICATED",
                     *       "message": "Missing or invalid credentials",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: FORBIDDEN */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "FORBIDDEN",
                     *       "message": "Role ingest may not recording.list",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: PAYLOAD_TOO_LARGE */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "PAYLOAD_TOO_LARGE",
                     *       "message": "payload too large",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: UNSUPPORTED_MEDIA_TYPE, UNSUPPORTED_CONTENT_ENCODING */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "UNSUPPORTED_MEDIA_TYPE",
                     *       "message": "unsupported media type",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: TOO_MANY_AUTH_FAILURES */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "TOO_MANY_AUTH_FAILURES",
                     *       "message": "too many auth failures",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: KMS_UNAVAILABLE, AUDIT_UNAVAILABLE */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "KMS_UNAVAILABLE",
                     *       "message": "kms unavailable",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    Tenant_removeWebhook: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description removed (or there was none) */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Error codes: UNAUTHENTICATED */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "UNAUTHENTICATED",
                     *       "message": "Missing or invalid credentials",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: FORBIDDEN */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "FORBIDDEN",
                     *       "message": "Role ingest may not recording.list",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: TOO_MANY_AUTH_FAILURES */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "TOO_MANY_AUTH_FAILURES",
                     *       "message": "too many auth failures",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: AUDIT_UNAVAILABLE */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "AUDIT_UNAVAILABLE",
                     *       "message": "audit unavailable",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    Tenant_setIngestPolicy: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description refuse uploads without a transcript or markers */
                    requireTranscript: boolean;
                };
            };
        };
        responses: {
            /** @description the policy now in force */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description refuse uploads without a transcript or markers */
                        requireTranscript: boolean;
                    };
                };
            };
            /** @description Error codes: VALIDATION_FAILED */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "VALIDATION_FAILED",
                     *       "message": "reason: Too small: expected string to have >=1 characters",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: UNAUTHENTICATED */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "UNAUTHENTICATED",
                     *       "message": "Missing or invalid credentials",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: FORBIDDEN */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "FORBIDDEN",
                     *       "message": "Role ingest may not recording.list",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: PAYLOAD_TOO_LARGE */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "PAYLOAD_TOO_LARGE",
                     *       "message": "payload too large",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: UNSUPPORTED_MEDIA_TYPE, UNSUPPORTED_CONTENT_ENCODING */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "UNSUPPORTED_MEDIA_TYPE",
                     *       "message": "unsupported media type",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: TOO_MANY_AUTH_FAILURES */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "TOO_MANY_AUTH_FAILURES",
                     *       "message": "too many auth failures",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: AUDIT_UNAVAILABLE */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "AUDIT_UNAVAILABLE",
                     *       "message": "audit unavailable",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    Transcription_current: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description the engine in force and where it comes from */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CurrentTranscriptionSettings"];
                };
            };
            /** @description Error codes: UNAUTHENTICATED */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "UNAUTHENTICATED",
                     *       "message": "Missing or invalid credentials",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: FORBIDDEN */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "FORBIDDEN",
                     *       "message": "Role ingest may not recording.list",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: TOO_MANY_AUTH_FAILURES */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "TOO_MANY_AUTH_FAILURES",
                     *       "message": "too many auth failures",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: AUDIT_UNAVAILABLE */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "AUDIT_UNAVAILABLE",
                     *       "message": "audit unavailable",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    Transcription_configure: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @constant */
                    engine: "none";
                } | {
                    /** @constant */
                    engine: "openai-compatible";
                    url: string;
                    model: string;
                    apiKey?: string;
                    language?: string;
                } | {
                    /** @constant */
                    engine: "aws-transcribe";
                    bucket?: string;
                    languageCode?: string;
                };
            };
        };
        responses: {
            /** @description the engine now chosen (its key never shown) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TranscriptionSettings"];
                };
            };
            /** @description Error codes: VALIDATION_FAILED */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "VALIDATION_FAILED",
                     *       "message": "reason: Too small: expected string to have >=1 characters",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: UNAUTHENTICATED */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "UNAUTHENTICATED",
                     *       "message": "Missing or invalid credentials",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: FORBIDDEN */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "FORBIDDEN",
                     *       "message": "Role ingest may not recording.list",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: PAYLOAD_TOO_LARGE */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "PAYLOAD_TOO_LARGE",
                     *       "message": "payload too large",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: UNSUPPORTED_MEDIA_TYPE, UNSUPPORTED_CONTENT_ENCODING */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "UNSUPPORTED_MEDIA_TYPE",
                     *       "message": "unsupported media type",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: TOO_MANY_AUTH_FAILURES */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "TOO_MANY_AUTH_FAILURES",
                     *       "message": "too many auth failures",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: KMS_UNAVAILABLE, AUDIT_UNAVAILABLE */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "KMS_UNAVAILABLE",
                     *       "message": "kms unavailable",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    Recording_list: {
        parameters: {
            query?: {
                status?: components["schemas"]["RecordingStatus"];
                externalCallId?: string;
                /** @description call start at or after; ISO 8601, 1970 to 9999 */
                from?: string;
                /** @description call start before; ISO 8601, 1970 to 9999 */
                to?: string;
                /** @description recordings per page */
                limit?: number;
                /** @description page: nextCursor of the previous page (opaque) */
                cursor?: string;
                /** @description a participant’s number, E.164 (matched by its keyed hash) */
                phone?: string;
                /** @description a participant’s jurisdiction, e.g. US-CA */
                jurisdiction?: string;
                /** @description only recordings with (true) or without (false) muted spans */
                hasRedactions?: "true" | "false";
                /** @description only recordings under (true) or not under (false) legal hold */
                onHold?: "true" | "false";
                /** @description words said (qa and legal only): full-text search over the redacted transcripts, web-search syntax ("exact phrase", or, -word); redacted card data is never indexed */
                q?: string;
                /** @description by date received */
                sort?: "asc" | "desc";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description one page of recordings */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RecordingPage"];
                };
            };
            /** @description Error codes: VALIDATION_FAILED */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "VALIDATION_FAILED",
                     *       "message": "reason: Too small: expected string to have >=1 characters",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: UNAUTHENTICATED */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "UNAUTHENTICATED",
                     *       "message": "Missing or invalid credentials",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: FORBIDDEN */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "FORBIDDEN",
                     *       "message": "Role ingest may not recording.list",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: TOO_MANY_AUTH_FAILURES */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "TOO_MANY_AUTH_FAILURES",
                     *       "message": "too many auth failures",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: AUDIT_UNAVAILABLE */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "AUDIT_UNAVAILABLE",
                     *       "message": "audit unavailable",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    Ingest_upload: {
        parameters: {
            query?: never;
            header?: {
                /** @description a retry with the same key returns the same recording; the key used again for a different call (another externalCallId) is 409 IDEMPOTENCY_KEY_REUSED */
                "Idempotency-Key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "multipart/form-data": {
                    /** @description The call: externalCallId, startedAt, participants, channels?, consent?, markers?, transcript? (see docs/transcript-formats.md). Send it BEFORE the audio part, as a text field or as an application/json file part: the audio is streamed through as it arrives and is checked against it. */
                    metadata: components["schemas"]["UploadMetadata"];
                    /**
                     * Format: binary
                     * @description WAV (PCM, µ-law, A-law, GSM 6.10, G.722), MP3, Ogg Opus/Vorbis, FLAC, AAC in MP4/M4A (audio only), AMR-NB/WB (.amr, .awb)
                     */
                    audio: Blob;
                };
            };
        };
        responses: {
            /** @description stored encrypted; processing continues asynchronously (poll `links.self`) */
            202: {
                headers: {
                    /** @description true when this answers a retry of an earlier upload */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UploadAccepted"];
                };
            };
            /** @description Error codes: VALIDATION_FAILED, INVALID_METADATA */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "VALIDATION_FAILED",
                     *       "message": "reason: Too small: expected string to have >=1 characters",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: UNAUTHENTICATED */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "UNAUTHENTICATED",
                     *       "message": "Missing or invalid credentials",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: FORBIDDEN */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "FORBIDDEN",
                     *       "message": "Role ingest may not recording.list",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: UPLOAD_TIMEOUT */
            408: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "UPLOAD_TIMEOUT",
                     *       "message": "upload timeout",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: IDEMPOTENCY_KEY_REUSED, RECORDING_DELETED */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "IDEMPOTENCY_KEY_REUSED",
                     *       "message": "idempotency key reused",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: PAYLOAD_TOO_LARGE */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "PAYLOAD_TOO_LARGE",
                     *       "message": "payload too large",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: UNSUPPORTED_MEDIA_TYPE, UNSUPPORTED_CONTENT_ENCODING */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "UNSUPPORTED_MEDIA_TYPE",
                     *       "message": "unsupported media type",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: TOO_MANY_AUTH_FAILURES */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "TOO_MANY_AUTH_FAILURES",
                     *       "message": "too many auth failures",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: KMS_UNAVAILABLE, STORAGE_UNAVAILABLE, BUSY, AUDIT_UNAVAILABLE */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "KMS_UNAVAILABLE",
                     *       "message": "kms unavailable",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    Recording_get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description the recording */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RecordingDetail"];
                };
            };
            /** @description Error codes: VALIDATION_FAILED */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "VALIDATION_FAILED",
                     *       "message": "reason: Too small: expected string to have >=1 characters",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: UNAUTHENTICATED */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "UNAUTHENTICATED",
                     *       "message": "Missing or invalid credentials",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: FORBIDDEN */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "FORBIDDEN",
                     *       "message": "Role ingest may not recording.list",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: RECORDING_NOT_FOUND */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "RECORDING_NOT_FOUND",
                     *       "message": "Recording not found",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: TOO_MANY_AUTH_FAILURES */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "TOO_MANY_AUTH_FAILURES",
                     *       "message": "too many auth failures",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: AUDIT_UNAVAILABLE */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "AUDIT_UNAVAILABLE",
                     *       "message": "audit unavailable",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    RecordingDeletion_delete: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description the tombstone (status deleted) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RecordingSummary"];
                };
            };
            /** @description Error codes: VALIDATION_FAILED */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "VALIDATION_FAILED",
                     *       "message": "reason: Too small: expected string to have >=1 characters",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: UNAUTHENTICATED */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "UNAUTHENTICATED",
                     *       "message": "Missing or invalid credentials",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: FORBIDDEN */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "FORBIDDEN",
                     *       "message": "Role ingest may not recording.list",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: RECORDING_NOT_FOUND */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "RECORDING_NOT_FOUND",
                     *       "message": "Recording not found",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: RECORDING_ON_HOLD, RECORDING_IN_PROGRESS */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "RECORDING_ON_HOLD",
                     *       "message": "recording on hold",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: TOO_MANY_AUTH_FAILURES */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "TOO_MANY_AUTH_FAILURES",
                     *       "message": "too many auth failures",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: AUDIT_UNAVAILABLE */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "AUDIT_UNAVAILABLE",
                     *       "message": "audit unavailable",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    Recording_redactions: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description the report, null until the recording has been redacted */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /**
                         * Format: uuid
                         * @example 3d6f0a4e-8b1c-4f5e-9a7d-2c1b0e9f8a76
                         */
                        recordingId: string;
                        status: components["schemas"]["RecordingStatus"];
                        /** @description null until the recording has been redacted */
                        report: components["schemas"]["RedactionReport"] | null;
                        /** @description free-text metadata fields whose card data was masked at upload */
                        metadataMasked: string[];
                    };
                };
            };
            /** @description Error codes: VALIDATION_FAILED */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "VALIDATION_FAILED",
                     *       "message": "reason: Too small: expected string to have >=1 characters",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: UNAUTHENTICATED */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "UNAUTHENTICATED",
                     *       "message": "Missing or invalid credentials",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: FORBIDDEN */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "FORBIDDEN",
                     *       "message": "Role ingest may not recording.list",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: RECORDING_NOT_FOUND */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "RECORDING_NOT_FOUND",
                     *       "message": "Recording not found",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: TOO_MANY_AUTH_FAILURES */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "TOO_MANY_AUTH_FAILURES",
                     *       "message": "too many auth failures",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: AUDIT_UNAVAILABLE */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "AUDIT_UNAVAILABLE",
                     *       "message": "audit unavailable",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    Audio_transcript: {
        parameters: {
            query?: never;
            header?: {
                /** @description why the transcript is read; audited */
                "X-Access-Purpose"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description the redacted word timeline */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RedactedTranscript"];
                };
            };
            /** @description Error codes: VALIDATION_FAILED */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "VALIDATION_FAILED",
                     *       "message": "reason: Too small: expected string to have >=1 characters",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: UNAUTHENTICATED */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "UNAUTHENTICATED",
                     *       "message": "Missing or invalid credentials",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: FORBIDDEN */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "FORBIDDEN",
                     *       "message": "Role ingest may not recording.list",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: RECORDING_NOT_FOUND, TRANSCRIPT_NOT_FOUND */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "RECORDING_NOT_FOUND",
                     *       "message": "Recording not found",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: RECORDING_NOT_AVAILABLE */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "RECORDING_NOT_AVAILABLE",
                     *       "message": "recording not available",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: TOO_MANY_AUTH_FAILURES */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "TOO_MANY_AUTH_FAILURES",
                     *       "message": "too many auth failures",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: AUDIT_UNAVAILABLE */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "AUDIT_UNAVAILABLE",
                     *       "message": "audit unavailable",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    Audio_stream: {
        parameters: {
            query?: {
                /** @description playback token from POST …/playback, instead of Authorization */
                token?: string;
            };
            header?: {
                /** @description why the audio is accessed; audited */
                "X-Access-Purpose"?: string;
                /** @description one range: bytes=a-b, bytes=a- or bytes=-n */
                Range?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description the whole redacted audio */
            200: {
                headers: {
                    /** @description bytes */
                    "Accept-Ranges"?: string;
                    /** @description bytes in this response */
                    "Content-Length"?: string;
                    /** @description changes when the stored object changes (If-Range) */
                    ETag?: string;
                    [name: string]: unknown;
                };
                content: {
                    "audio/*": string;
                };
            };
            /** @description the requested range */
            206: {
                headers: {
                    /** @description bytes */
                    "Accept-Ranges"?: string;
                    /** @description bytes in this response */
                    "Content-Length"?: string;
                    /** @description changes when the stored object changes (If-Range) */
                    ETag?: string;
                    /** @description bytes a-b/total */
                    "Content-Range"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "audio/*": string;
                };
            };
            /** @description Error codes: VALIDATION_FAILED */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "VALIDATION_FAILED",
                     *       "message": "reason: Too small: expected string to have >=1 characters",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: UNAUTHENTICATED */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "UNAUTHENTICATED",
                     *       "message": "Missing or invalid credentials",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: FORBIDDEN */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "FORBIDDEN",
                     *       "message": "Role ingest may not recording.list",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: RECORDING_NOT_FOUND */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "RECORDING_NOT_FOUND",
                     *       "message": "Recording not found",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: RECORDING_NOT_AVAILABLE */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "RECORDING_NOT_AVAILABLE",
                     *       "message": "recording not available",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: RANGE_NOT_SATISFIABLE */
            416: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "RANGE_NOT_SATISFIABLE",
                     *       "message": "range not satisfiable",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: TOO_MANY_AUTH_FAILURES */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "TOO_MANY_AUTH_FAILURES",
                     *       "message": "too many auth failures",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: AUDIT_UNAVAILABLE */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "AUDIT_UNAVAILABLE",
                     *       "message": "audit unavailable",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    Audio_head: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description the headers a GET would send, no body */
            200: {
                headers: {
                    /** @description bytes */
                    "Accept-Ranges"?: string;
                    /** @description bytes in this response */
                    "Content-Length"?: string;
                    /** @description changes when the stored object changes (If-Range) */
                    ETag?: string;
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Error codes: VALIDATION_FAILED */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "VALIDATION_FAILED",
                     *       "message": "reason: Too small: expected string to have >=1 characters",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: UNAUTHENTICATED */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "UNAUTHENTICATED",
                     *       "message": "Missing or invalid credentials",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: FORBIDDEN */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "FORBIDDEN",
                     *       "message": "Role ingest may not recording.list",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: RECORDING_NOT_FOUND */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "RECORDING_NOT_FOUND",
                     *       "message": "Recording not found",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: RECORDING_NOT_AVAILABLE */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "RECORDING_NOT_AVAILABLE",
                     *       "message": "recording not available",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: TOO_MANY_AUTH_FAILURES */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "TOO_MANY_AUTH_FAILURES",
                     *       "message": "too many auth failures",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: AUDIT_UNAVAILABLE */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "AUDIT_UNAVAILABLE",
                     *       "message": "audit unavailable",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    Audio_waveform: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description the peaks of the redacted audio */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Waveform"];
                };
            };
            /** @description Error codes: VALIDATION_FAILED */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "VALIDATION_FAILED",
                     *       "message": "reason: Too small: expected string to have >=1 characters",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: UNAUTHENTICATED */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "UNAUTHENTICATED",
                     *       "message": "Missing or invalid credentials",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: FORBIDDEN */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "FORBIDDEN",
                     *       "message": "Role ingest may not recording.list",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: RECORDING_NOT_FOUND, WAVEFORM_NOT_FOUND */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "RECORDING_NOT_FOUND",
                     *       "message": "Recording not found",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: RECORDING_NOT_AVAILABLE */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "RECORDING_NOT_AVAILABLE",
                     *       "message": "recording not available",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: TOO_MANY_AUTH_FAILURES */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "TOO_MANY_AUTH_FAILURES",
                     *       "message": "too many auth failures",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: AUDIT_UNAVAILABLE */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "AUDIT_UNAVAILABLE",
                     *       "message": "audit unavailable",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    Audio_playback: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description why you listen; audited */
                    purpose: string;
                };
            };
        };
        responses: {
            /** @description the URL to play */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "url": "/v1/recordings/3d6f0a4e-8b1c-4f5e-9a7d-2c1b0e9f8a76/audio?token=eyJhbGciOi…",
                     *       "expiresAt": "2026-11-30T14:08:12.000Z"
                     *     }
                     */
                    "application/json": components["schemas"]["PlaybackLink"];
                };
            };
            /** @description Error codes: VALIDATION_FAILED */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "VALIDATION_FAILED",
                     *       "message": "reason: Too small: expected string to have >=1 characters",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: UNAUTHENTICATED */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "UNAUTHENTICATED",
                     *       "message": "Missing or invalid credentials",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: FORBIDDEN */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "FORBIDDEN",
                     *       "message": "Role ingest may not recording.list",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: RECORDING_NOT_FOUND */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "RECORDING_NOT_FOUND",
                     *       "message": "Recording not found",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: RECORDING_NOT_AVAILABLE */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "RECORDING_NOT_AVAILABLE",
                     *       "message": "recording not available",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: PAYLOAD_TOO_LARGE */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "PAYLOAD_TOO_LARGE",
                     *       "message": "payload too large",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: UNSUPPORTED_MEDIA_TYPE, UNSUPPORTED_CONTENT_ENCODING */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "UNSUPPORTED_MEDIA_TYPE",
                     *       "message": "unsupported media type",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: TOO_MANY_AUTH_FAILURES */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "TOO_MANY_AUTH_FAILURES",
                     *       "message": "too many auth failures",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: AUDIT_UNAVAILABLE */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "AUDIT_UNAVAILABLE",
                     *       "message": "audit unavailable",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    WebhookDelivery_list: {
        parameters: {
            query?: {
                status?: components["schemas"]["WebhookDeliveryStatus"];
                /** @description only deliveries of this event type */
                eventType?: "recording.received" | "recording.awaiting_consent" | "recording.processing" | "recording.available" | "recording.rejected" | "recording.failed" | "recording.deleted" | "deletion.certificate" | "retention.deleted" | "hold.placed" | "hold.released" | "job.progress" | "job.completed";
                /** @description deliveries per page */
                limit?: number;
                /** @description page: nextCursor of the previous page (opaque) */
                cursor?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description one page of deliveries */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookDeliveryPage"];
                };
            };
            /** @description Error codes: VALIDATION_FAILED */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "VALIDATION_FAILED",
                     *       "message": "reason: Too small: expected string to have >=1 characters",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: UNAUTHENTICATED */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "UNAUTHENTICATED",
                     *       "message": "Missing or invalid credentials",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: FORBIDDEN */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "FORBIDDEN",
                     *       "message": "Role ingest may not recording.list",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: TOO_MANY_AUTH_FAILURES */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "TOO_MANY_AUTH_FAILURES",
                     *       "message": "too many auth failures",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: AUDIT_UNAVAILABLE */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "AUDIT_UNAVAILABLE",
                     *       "message": "audit unavailable",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    WebhookDelivery_replay: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description the delivery, queued */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookDelivery"];
                };
            };
            /** @description Error codes: VALIDATION_FAILED */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "VALIDATION_FAILED",
                     *       "message": "reason: Too small: expected string to have >=1 characters",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: UNAUTHENTICATED */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "UNAUTHENTICATED",
                     *       "message": "Missing or invalid credentials",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: FORBIDDEN */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "FORBIDDEN",
                     *       "message": "Role ingest may not recording.list",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: WEBHOOK_DELIVERY_NOT_FOUND */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "WEBHOOK_DELIVERY_NOT_FOUND",
                     *       "message": "webhook delivery not found",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: WEBHOOK_DELIVERY_IN_PROGRESS */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "WEBHOOK_DELIVERY_IN_PROGRESS",
                     *       "message": "webhook delivery in progress",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: TOO_MANY_AUTH_FAILURES */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "TOO_MANY_AUTH_FAILURES",
                     *       "message": "too many auth failures",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: AUDIT_UNAVAILABLE */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "AUDIT_UNAVAILABLE",
                     *       "message": "audit unavailable",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    TenantPolicy_consentRules: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description the rule set and the override (null: none) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ConsentRules"];
                };
            };
            /** @description Error codes: UNAUTHENTICATED */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "UNAUTHENTICATED",
                     *       "message": "Missing or invalid credentials",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: FORBIDDEN */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "FORBIDDEN",
                     *       "message": "Role ingest may not recording.list",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: TOO_MANY_AUTH_FAILURES */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "TOO_MANY_AUTH_FAILURES",
                     *       "message": "too many auth failures",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: AUDIT_UNAVAILABLE */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "AUDIT_UNAVAILABLE",
                     *       "message": "audit unavailable",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    TenantPolicy_putConsentRules: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    version: string;
                    /** @default {} */
                    rules?: {
                        [key: string]: {
                            /** @enum {string} */
                            partyConsent?: "all" | "one";
                            acceptsNotice?: boolean;
                            impliedByKnowledge?: boolean;
                            noticeMustBeRecorded?: boolean;
                            priorConsentMustBeWritten?: boolean;
                            agentMustConsent?: boolean;
                            extraterritorial?: boolean;
                            /** @enum {string} */
                            declineScope?: "from-decline" | "whole-call";
                            decidablePerCall?: boolean;
                            lawfulBasis?: string;
                            citation: string;
                            note?: string;
                        };
                    };
                    declarations?: {
                        employeeConsent?: {
                            reference: string;
                            worksCouncilAgreement?: string;
                            jurisdictions: string[];
                        };
                        lawfulBasis?: {
                            [key: string]: {
                                basis: string;
                                reference: string;
                            };
                        };
                        recordingLocation?: {
                            jurisdiction: string;
                            reference: string;
                        };
                    };
                };
            };
        };
        responses: {
            /** @description the stored override */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ConsentRulesStored"];
                };
            };
            /** @description Error codes: VALIDATION_FAILED, CONSENT_RULE_LOOSER_THAN_LAW */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "VALIDATION_FAILED",
                     *       "message": "reason: Too small: expected string to have >=1 characters",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: UNAUTHENTICATED */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "UNAUTHENTICATED",
                     *       "message": "Missing or invalid credentials",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: FORBIDDEN */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "FORBIDDEN",
                     *       "message": "Role ingest may not recording.list",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: PAYLOAD_TOO_LARGE */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "PAYLOAD_TOO_LARGE",
                     *       "message": "payload too large",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: UNSUPPORTED_MEDIA_TYPE, UNSUPPORTED_CONTENT_ENCODING */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "UNSUPPORTED_MEDIA_TYPE",
                     *       "message": "unsupported media type",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: TOO_MANY_AUTH_FAILURES */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "TOO_MANY_AUTH_FAILURES",
                     *       "message": "too many auth failures",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: AUDIT_UNAVAILABLE */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "AUDIT_UNAVAILABLE",
                     *       "message": "audit unavailable",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    TenantPolicy_retentionPolicy: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description the policy */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RetentionPolicy"];
                };
            };
            /** @description Error codes: UNAUTHENTICATED */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "UNAUTHENTICATED",
                     *       "message": "Missing or invalid credentials",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: FORBIDDEN */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "FORBIDDEN",
                     *       "message": "Role ingest may not recording.list",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: TOO_MANY_AUTH_FAILURES */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "TOO_MANY_AUTH_FAILURES",
                     *       "message": "too many auth failures",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: AUDIT_UNAVAILABLE */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "AUDIT_UNAVAILABLE",
                     *       "message": "audit unavailable",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    TenantPolicy_putRetention: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    defaultDays: number;
                    /** @default {} */
                    byJurisdiction?: {
                        [key: string]: number;
                    };
                };
            };
        };
        responses: {
            /** @description the policy now in force */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RetentionPolicy"];
                };
            };
            /** @description Error codes: VALIDATION_FAILED */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "VALIDATION_FAILED",
                     *       "message": "reason: Too small: expected string to have >=1 characters",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: UNAUTHENTICATED */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "UNAUTHENTICATED",
                     *       "message": "Missing or invalid credentials",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: FORBIDDEN */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "FORBIDDEN",
                     *       "message": "Role ingest may not recording.list",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: PAYLOAD_TOO_LARGE */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "PAYLOAD_TOO_LARGE",
                     *       "message": "payload too large",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: UNSUPPORTED_MEDIA_TYPE, UNSUPPORTED_CONTENT_ENCODING */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "UNSUPPORTED_MEDIA_TYPE",
                     *       "message": "unsupported media type",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: TOO_MANY_AUTH_FAILURES */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "TOO_MANY_AUTH_FAILURES",
                     *       "message": "too many auth failures",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: AUDIT_UNAVAILABLE */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "AUDIT_UNAVAILABLE",
                     *       "message": "audit unavailable",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    Evidence_evidence: {
        parameters: {
            query?: {
                /** @description html: a printable page */
                format?: "json" | "html";
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description the signed bundle (format=json) or a printable page of it (format=html) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["EvidenceBundle"];
                    "text/html": string;
                };
            };
            /** @description Error codes: VALIDATION_FAILED */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "VALIDATION_FAILED",
                     *       "message": "reason: Too small: expected string to have >=1 characters",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: UNAUTHENTICATED */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "UNAUTHENTICATED",
                     *       "message": "Missing or invalid credentials",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: FORBIDDEN */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "FORBIDDEN",
                     *       "message": "Role ingest may not recording.list",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: RECORDING_NOT_FOUND */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "RECORDING_NOT_FOUND",
                     *       "message": "Recording not found",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: TOO_MANY_AUTH_FAILURES */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "TOO_MANY_AUTH_FAILURES",
                     *       "message": "too many auth failures",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: AUDIT_UNAVAILABLE */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "AUDIT_UNAVAILABLE",
                     *       "message": "audit unavailable",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    Evidence_verify: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** @description the bundle exactly as returned by GET …/evidence */
        requestBody: {
            content: {
                "application/json": {
                    signature: {
                        [key: string]: unknown;
                    };
                } & {
                    [key: string]: unknown;
                };
            };
        };
        responses: {
            /** @description valid, or why not */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "valid": false,
                     *       "reason": "digest mismatch: the document was changed after signing"
                     *     }
                     */
                    "application/json": components["schemas"]["VerifyOutcome"];
                };
            };
            /** @description Error codes: VALIDATION_FAILED */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "VALIDATION_FAILED",
                     *       "message": "reason: Too small: expected string to have >=1 characters",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: UNAUTHENTICATED */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "UNAUTHENTICATED",
                     *       "message": "Missing or invalid credentials",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: FORBIDDEN */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "FORBIDDEN",
                     *       "message": "Role ingest may not recording.list",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: PAYLOAD_TOO_LARGE */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "PAYLOAD_TOO_LARGE",
                     *       "message": "payload too large",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: UNSUPPORTED_MEDIA_TYPE, UNSUPPORTED_CONTENT_ENCODING */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "UNSUPPORTED_MEDIA_TYPE",
                     *       "message": "unsupported media type",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: TOO_MANY_AUTH_FAILURES */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "TOO_MANY_AUTH_FAILURES",
                     *       "message": "too many auth failures",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: AUDIT_UNAVAILABLE */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "AUDIT_UNAVAILABLE",
                     *       "message": "audit unavailable",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    LegalHold_list: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description active and released holds */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["LegalHold"][];
                    };
                };
            };
            /** @description Error codes: VALIDATION_FAILED */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "VALIDATION_FAILED",
                     *       "message": "reason: Too small: expected string to have >=1 characters",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: UNAUTHENTICATED */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "UNAUTHENTICATED",
                     *       "message": "Missing or invalid credentials",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: FORBIDDEN */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "FORBIDDEN",
                     *       "message": "Role ingest may not recording.list",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: RECORDING_NOT_FOUND */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "RECORDING_NOT_FOUND",
                     *       "message": "Recording not found",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: TOO_MANY_AUTH_FAILURES */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "TOO_MANY_AUTH_FAILURES",
                     *       "message": "too many auth failures",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: AUDIT_UNAVAILABLE */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "AUDIT_UNAVAILABLE",
                     *       "message": "audit unavailable",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    LegalHold_place: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    matter: string;
                    reason: string;
                };
            };
        };
        responses: {
            /** @description the matter already holds the recording: its hold, unchanged (one hold per matter per recording) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LegalHold"];
                };
            };
            /** @description the hold placed */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LegalHold"];
                };
            };
            /** @description Error codes: VALIDATION_FAILED */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "VALIDATION_FAILED",
                     *       "message": "reason: Too small: expected string to have >=1 characters",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: UNAUTHENTICATED */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "UNAUTHENTICATED",
                     *       "message": "Missing or invalid credentials",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: FORBIDDEN */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "FORBIDDEN",
                     *       "message": "Role ingest may not recording.list",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: RECORDING_NOT_FOUND */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "RECORDING_NOT_FOUND",
                     *       "message": "Recording not found",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: RECORDING_DELETED */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "RECORDING_DELETED",
                     *       "message": "recording deleted",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: PAYLOAD_TOO_LARGE */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "PAYLOAD_TOO_LARGE",
                     *       "message": "payload too large",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: UNSUPPORTED_MEDIA_TYPE, UNSUPPORTED_CONTENT_ENCODING */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "UNSUPPORTED_MEDIA_TYPE",
                     *       "message": "unsupported media type",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: TOO_MANY_AUTH_FAILURES */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "TOO_MANY_AUTH_FAILURES",
                     *       "message": "too many auth failures",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: AUDIT_UNAVAILABLE */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "AUDIT_UNAVAILABLE",
                     *       "message": "audit unavailable",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    LegalHold_release: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
                holdId: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": {
                    reason: string;
                };
            };
        };
        responses: {
            /** @description the released hold */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LegalHold"];
                };
            };
            /** @description Error codes: VALIDATION_FAILED */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "VALIDATION_FAILED",
                     *       "message": "reason: Too small: expected string to have >=1 characters",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: UNAUTHENTICATED */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "UNAUTHENTICATED",
                     *       "message": "Missing or invalid credentials",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: FORBIDDEN */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "FORBIDDEN",
                     *       "message": "Role ingest may not recording.list",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: RECORDING_NOT_FOUND, HOLD_NOT_FOUND */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "RECORDING_NOT_FOUND",
                     *       "message": "Recording not found",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: HOLD_RELEASED */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "HOLD_RELEASED",
                     *       "message": "hold released",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: PAYLOAD_TOO_LARGE */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "PAYLOAD_TOO_LARGE",
                     *       "message": "payload too large",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: UNSUPPORTED_MEDIA_TYPE, UNSUPPORTED_CONTENT_ENCODING */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "UNSUPPORTED_MEDIA_TYPE",
                     *       "message": "unsupported media type",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: TOO_MANY_AUTH_FAILURES */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "TOO_MANY_AUTH_FAILURES",
                     *       "message": "too many auth failures",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: AUDIT_UNAVAILABLE */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "AUDIT_UNAVAILABLE",
                     *       "message": "audit unavailable",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    Matter_list: {
        parameters: {
            query?: {
                /** @description matters, newest first */
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description the matters */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["Matter"][];
                    };
                };
            };
            /** @description Error codes: VALIDATION_FAILED */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "VALIDATION_FAILED",
                     *       "message": "reason: Too small: expected string to have >=1 characters",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: UNAUTHENTICATED */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "UNAUTHENTICATED",
                     *       "message": "Missing or invalid credentials",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: FORBIDDEN */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "FORBIDDEN",
                     *       "message": "Role ingest may not recording.list",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: TOO_MANY_AUTH_FAILURES */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "TOO_MANY_AUTH_FAILURES",
                     *       "message": "too many auth failures",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: AUDIT_UNAVAILABLE */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "AUDIT_UNAVAILABLE",
                     *       "message": "audit unavailable",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    Matter_create: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    name: string;
                    /** @description the case’s own reference; unique in the tenant */
                    reference: string;
                    description?: string;
                };
            };
        };
        responses: {
            /** @description the matter */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Matter"];
                };
            };
            /** @description Error codes: VALIDATION_FAILED */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "VALIDATION_FAILED",
                     *       "message": "reason: Too small: expected string to have >=1 characters",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: UNAUTHENTICATED */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "UNAUTHENTICATED",
                     *       "message": "Missing or invalid credentials",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: FORBIDDEN */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "FORBIDDEN",
                     *       "message": "Role ingest may not recording.list",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: CONFLICT */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "CONFLICT",
                     *       "message": "conflict",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: PAYLOAD_TOO_LARGE */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "PAYLOAD_TOO_LARGE",
                     *       "message": "payload too large",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: UNSUPPORTED_MEDIA_TYPE, UNSUPPORTED_CONTENT_ENCODING */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "UNSUPPORTED_MEDIA_TYPE",
                     *       "message": "unsupported media type",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: TOO_MANY_AUTH_FAILURES */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "TOO_MANY_AUTH_FAILURES",
                     *       "message": "too many auth failures",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: AUDIT_UNAVAILABLE */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "AUDIT_UNAVAILABLE",
                     *       "message": "audit unavailable",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    Matter_get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description the matter */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Matter"];
                };
            };
            /** @description Error codes: VALIDATION_FAILED */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "VALIDATION_FAILED",
                     *       "message": "reason: Too small: expected string to have >=1 characters",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: UNAUTHENTICATED */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "UNAUTHENTICATED",
                     *       "message": "Missing or invalid credentials",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: FORBIDDEN */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "FORBIDDEN",
                     *       "message": "Role ingest may not recording.list",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: MATTER_NOT_FOUND */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "MATTER_NOT_FOUND",
                     *       "message": "matter not found",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: TOO_MANY_AUTH_FAILURES */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "TOO_MANY_AUTH_FAILURES",
                     *       "message": "too many auth failures",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: AUDIT_UNAVAILABLE */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "AUDIT_UNAVAILABLE",
                     *       "message": "audit unavailable",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    Matter_holds: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description the holds, each with its call */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: {
                            /**
                             * Format: uuid
                             * @example 3d6f0a4e-8b1c-4f5e-9a7d-2c1b0e9f8a76
                             */
                            id: string;
                            /**
                             * Format: uuid
                             * @example 3d6f0a4e-8b1c-4f5e-9a7d-2c1b0e9f8a76
                             */
                            recordingId: string;
                            /**
                             * Format: uuid
                             * @description the matter the hold belongs to
                             * @example 3d6f0a4e-8b1c-4f5e-9a7d-2c1b0e9f8a76
                             */
                            matterId: string;
                            /** @description the matter’s reference */
                            matter: string;
                            reason: string;
                            placedBy: string;
                            /**
                             * Format: date-time
                             * @example 2026-11-30T14:03:12.345Z
                             */
                            placedAt: string;
                            releasedBy: string | null;
                            releasedAt: string | null;
                            releaseReason: string | null;
                            active: boolean;
                            externalCallId: string;
                        }[];
                    };
                };
            };
            /** @description Error codes: VALIDATION_FAILED */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "VALIDATION_FAILED",
                     *       "message": "reason: Too small: expected string to have >=1 characters",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: UNAUTHENTICATED */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "UNAUTHENTICATED",
                     *       "message": "Missing or invalid credentials",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: FORBIDDEN */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "FORBIDDEN",
                     *       "message": "Role ingest may not recording.list",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: MATTER_NOT_FOUND */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "MATTER_NOT_FOUND",
                     *       "message": "matter not found",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: TOO_MANY_AUTH_FAILURES */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "TOO_MANY_AUTH_FAILURES",
                     *       "message": "too many auth failures",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: AUDIT_UNAVAILABLE */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "AUDIT_UNAVAILABLE",
                     *       "message": "audit unavailable",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    Matter_attach: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description every recording GET /v1/recordings lists with this query (at most 1000) */
                    filter?: {
                        status?: components["schemas"]["RecordingStatus"];
                        externalCallId?: string;
                        /**
                         * Format: date-time
                         * @description call start at or after; ISO 8601, 1970 to 9999
                         * @example 2026-11-30T14:03:12Z
                         */
                        from?: string;
                        /**
                         * Format: date-time
                         * @description call start before; ISO 8601, 1970 to 9999
                         * @example 2026-11-30T14:03:12Z
                         */
                        to?: string;
                        /** @description a participant’s number, E.164 (matched by its keyed hash) */
                        phone?: string;
                        /** @description a participant’s jurisdiction, e.g. US-CA */
                        jurisdiction?: string;
                        /**
                         * @description only recordings with (true) or without (false) muted spans
                         * @enum {string}
                         */
                        hasRedactions?: "true" | "false";
                        /**
                         * @description only recordings under (true) or not under (false) legal hold
                         * @enum {string}
                         */
                        onHold?: "true" | "false";
                        /** @description words said (qa and legal only): full-text search over the redacted transcripts, web-search syntax ("exact phrase", or, -word); redacted card data is never indexed */
                        q?: string;
                    };
                    /** @description or these recordings */
                    recordingIds?: string[];
                    reason: string;
                };
            };
        };
        responses: {
            /** @description the holds placed, and what was already held, deleted or not found (201 also when a repeat places none) */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MatterAttachOutcome"];
                };
            };
            /** @description Error codes: VALIDATION_FAILED */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "VALIDATION_FAILED",
                     *       "message": "reason: Too small: expected string to have >=1 characters",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: UNAUTHENTICATED */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "UNAUTHENTICATED",
                     *       "message": "Missing or invalid credentials",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: FORBIDDEN */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "FORBIDDEN",
                     *       "message": "Role ingest may not recording.list",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: MATTER_NOT_FOUND */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "MATTER_NOT_FOUND",
                     *       "message": "matter not found",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: PAYLOAD_TOO_LARGE */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "PAYLOAD_TOO_LARGE",
                     *       "message": "payload too large",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: UNSUPPORTED_MEDIA_TYPE, UNSUPPORTED_CONTENT_ENCODING */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "UNSUPPORTED_MEDIA_TYPE",
                     *       "message": "unsupported media type",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: TOO_MANY_AUTH_FAILURES */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "TOO_MANY_AUTH_FAILURES",
                     *       "message": "too many auth failures",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: AUDIT_UNAVAILABLE */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "AUDIT_UNAVAILABLE",
                     *       "message": "audit unavailable",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    Matter_release: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    reason: string;
                };
            };
        };
        responses: {
            /** @description holds released; recordings another matter still holds */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MatterReleaseOutcome"];
                };
            };
            /** @description Error codes: VALIDATION_FAILED */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "VALIDATION_FAILED",
                     *       "message": "reason: Too small: expected string to have >=1 characters",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: UNAUTHENTICATED */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "UNAUTHENTICATED",
                     *       "message": "Missing or invalid credentials",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: FORBIDDEN */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "FORBIDDEN",
                     *       "message": "Role ingest may not recording.list",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: MATTER_NOT_FOUND */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "MATTER_NOT_FOUND",
                     *       "message": "matter not found",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: PAYLOAD_TOO_LARGE */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "PAYLOAD_TOO_LARGE",
                     *       "message": "payload too large",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: UNSUPPORTED_MEDIA_TYPE, UNSUPPORTED_CONTENT_ENCODING */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "UNSUPPORTED_MEDIA_TYPE",
                     *       "message": "unsupported media type",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: TOO_MANY_AUTH_FAILURES */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "TOO_MANY_AUTH_FAILURES",
                     *       "message": "too many auth failures",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: AUDIT_UNAVAILABLE */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "AUDIT_UNAVAILABLE",
                     *       "message": "audit unavailable",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    Matter_trail: {
        parameters: {
            query?: {
                /** @description page: nextCursor of the previous page (opaque) */
                cursor?: string;
                /** @description events per page */
                limit?: number;
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description one page of events */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AuditPage"];
                };
            };
            /** @description Error codes: VALIDATION_FAILED */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "VALIDATION_FAILED",
                     *       "message": "reason: Too small: expected string to have >=1 characters",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: UNAUTHENTICATED */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "UNAUTHENTICATED",
                     *       "message": "Missing or invalid credentials",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: FORBIDDEN */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "FORBIDDEN",
                     *       "message": "Role ingest may not recording.list",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: MATTER_NOT_FOUND */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "MATTER_NOT_FOUND",
                     *       "message": "matter not found",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: TOO_MANY_AUTH_FAILURES */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "TOO_MANY_AUTH_FAILURES",
                     *       "message": "too many auth failures",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: AUDIT_UNAVAILABLE */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "AUDIT_UNAVAILABLE",
                     *       "message": "audit unavailable",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    Dsar_search: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    phone: string;
                };
            };
        };
        responses: {
            /** @description the recordings found */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description the number, masked */
                        phone: string;
                        items: components["schemas"]["DsarMatch"][];
                    };
                };
            };
            /** @description Error codes: VALIDATION_FAILED */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "VALIDATION_FAILED",
                     *       "message": "reason: Too small: expected string to have >=1 characters",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: UNAUTHENTICATED */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "UNAUTHENTICATED",
                     *       "message": "Missing or invalid credentials",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: FORBIDDEN */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "FORBIDDEN",
                     *       "message": "Role ingest may not recording.list",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: PAYLOAD_TOO_LARGE */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "PAYLOAD_TOO_LARGE",
                     *       "message": "payload too large",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: UNSUPPORTED_MEDIA_TYPE, UNSUPPORTED_CONTENT_ENCODING */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "UNSUPPORTED_MEDIA_TYPE",
                     *       "message": "unsupported media type",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: TOO_MANY_AUTH_FAILURES */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "TOO_MANY_AUTH_FAILURES",
                     *       "message": "too many auth failures",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: AUDIT_UNAVAILABLE */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "AUDIT_UNAVAILABLE",
                     *       "message": "audit unavailable",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    Dsar_export: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    phone: string;
                };
            };
        };
        responses: {
            /** @description one signed evidence bundle per recording */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description the number, masked */
                        phone: string;
                        items: {
                            recording: components["schemas"]["DsarMatch"];
                            evidence: components["schemas"]["EvidenceBundle"];
                            links: {
                                audio: string | null;
                                playback: string | null;
                            };
                        }[];
                    };
                };
            };
            /** @description Error codes: VALIDATION_FAILED */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "VALIDATION_FAILED",
                     *       "message": "reason: Too small: expected string to have >=1 characters",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: UNAUTHENTICATED */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "UNAUTHENTICATED",
                     *       "message": "Missing or invalid credentials",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: FORBIDDEN */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "FORBIDDEN",
                     *       "message": "Role ingest may not recording.list",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: PAYLOAD_TOO_LARGE */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "PAYLOAD_TOO_LARGE",
                     *       "message": "payload too large",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: UNSUPPORTED_MEDIA_TYPE, UNSUPPORTED_CONTENT_ENCODING */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "UNSUPPORTED_MEDIA_TYPE",
                     *       "message": "unsupported media type",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: TOO_MANY_AUTH_FAILURES */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "TOO_MANY_AUTH_FAILURES",
                     *       "message": "too many auth failures",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: AUDIT_UNAVAILABLE */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "AUDIT_UNAVAILABLE",
                     *       "message": "audit unavailable",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    Dsar_erase: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    phone: string;
                    reason: string;
                };
            };
        };
        responses: {
            /** @description what was erased, refused (held) or is still in the pipeline */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description the number, masked */
                        phone: string;
                        erased: {
                            /**
                             * Format: uuid
                             * @example 3d6f0a4e-8b1c-4f5e-9a7d-2c1b0e9f8a76
                             */
                            id: string;
                            /**
                             * Format: uuid
                             * @example 3d6f0a4e-8b1c-4f5e-9a7d-2c1b0e9f8a76
                             */
                            certificateId: string;
                        }[];
                        /** @description refused: under legal hold */
                        held: {
                            /**
                             * Format: uuid
                             * @example 3d6f0a4e-8b1c-4f5e-9a7d-2c1b0e9f8a76
                             */
                            id: string;
                            holdIds: string[];
                        }[];
                        alreadyDeleted: string[];
                        /** @description still in the pipeline: retry */
                        pending: string[];
                    };
                };
            };
            /** @description Error codes: VALIDATION_FAILED */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "VALIDATION_FAILED",
                     *       "message": "reason: Too small: expected string to have >=1 characters",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: UNAUTHENTICATED */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "UNAUTHENTICATED",
                     *       "message": "Missing or invalid credentials",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: FORBIDDEN */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "FORBIDDEN",
                     *       "message": "Role ingest may not recording.list",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: PAYLOAD_TOO_LARGE */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "PAYLOAD_TOO_LARGE",
                     *       "message": "payload too large",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: UNSUPPORTED_MEDIA_TYPE, UNSUPPORTED_CONTENT_ENCODING */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "UNSUPPORTED_MEDIA_TYPE",
                     *       "message": "unsupported media type",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: TOO_MANY_AUTH_FAILURES */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "TOO_MANY_AUTH_FAILURES",
                     *       "message": "too many auth failures",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: AUDIT_UNAVAILABLE */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "AUDIT_UNAVAILABLE",
                     *       "message": "audit unavailable",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    Ingest_addConsent: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    consent: {
                        participant: string | "*";
                        /** @enum {string} */
                        kind: "granted" | "declined" | "revoked" | "notified";
                        /** @enum {string} */
                        method: "ivr-keypress" | "verbal" | "announcement" | "written" | "agent-attested";
                        /**
                         * Format: date-time
                         * @description ISO 8601 with Z or an offset, 1970-01-01T00:00:00Z to 9999-12-31T23:59:59.999Z
                         * @example 2026-11-30T14:03:12Z
                         */
                        at?: string;
                        offsetMs?: number;
                        evidence?: {
                            [key: string]: unknown;
                        };
                    }[];
                };
            };
        };
        responses: {
            /** @description recorded; the consent decision is taken again */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /**
                         * Format: uuid
                         * @example 3d6f0a4e-8b1c-4f5e-9a7d-2c1b0e9f8a76
                         */
                        id: string;
                        status: components["schemas"]["RecordingStatus"];
                        added: number;
                        /** @description paths of evidence fields whose card data was masked */
                        cardDataMasked: string[];
                    };
                };
            };
            /** @description Error codes: VALIDATION_FAILED */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "VALIDATION_FAILED",
                     *       "message": "reason: Too small: expected string to have >=1 characters",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: UNAUTHENTICATED */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "UNAUTHENTICATED",
                     *       "message": "Missing or invalid credentials",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: FORBIDDEN */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "FORBIDDEN",
                     *       "message": "Role ingest may not recording.list",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: RECORDING_NOT_FOUND */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "RECORDING_NOT_FOUND",
                     *       "message": "Recording not found",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: CONFLICT */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "CONFLICT",
                     *       "message": "conflict",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: PAYLOAD_TOO_LARGE */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "PAYLOAD_TOO_LARGE",
                     *       "message": "payload too large",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: UNSUPPORTED_MEDIA_TYPE, UNSUPPORTED_CONTENT_ENCODING */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "UNSUPPORTED_MEDIA_TYPE",
                     *       "message": "unsupported media type",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: TOO_MANY_AUTH_FAILURES */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "TOO_MANY_AUTH_FAILURES",
                     *       "message": "too many auth failures",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: AUDIT_UNAVAILABLE */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "AUDIT_UNAVAILABLE",
                     *       "message": "audit unavailable",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    BulkJob_list: {
        parameters: {
            query?: {
                status?: components["schemas"]["JobStatus"];
                limit?: number;
                /** @description page: nextCursor of the previous page (opaque) */
                cursor?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description one page of jobs */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["JobPage"];
                };
            };
            /** @description Error codes: VALIDATION_FAILED */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "VALIDATION_FAILED",
                     *       "message": "reason: Too small: expected string to have >=1 characters",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: UNAUTHENTICATED */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "UNAUTHENTICATED",
                     *       "message": "Missing or invalid credentials",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: FORBIDDEN */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "FORBIDDEN",
                     *       "message": "Role ingest may not recording.list",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: TOO_MANY_AUTH_FAILURES */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "TOO_MANY_AUTH_FAILURES",
                     *       "message": "too many auth failures",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: AUDIT_UNAVAILABLE */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "AUDIT_UNAVAILABLE",
                     *       "message": "audit unavailable",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    BulkJob_start: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["StartJob"];
            };
        };
        responses: {
            /** @description the job, queued; poll links GET /v1/jobs/{id} */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["JobStarted"];
                };
            };
            /** @description Error codes: VALIDATION_FAILED */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "VALIDATION_FAILED",
                     *       "message": "reason: Too small: expected string to have >=1 characters",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: UNAUTHENTICATED */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "UNAUTHENTICATED",
                     *       "message": "Missing or invalid credentials",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: FORBIDDEN */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "FORBIDDEN",
                     *       "message": "Role ingest may not recording.list",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: PAYLOAD_TOO_LARGE */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "PAYLOAD_TOO_LARGE",
                     *       "message": "payload too large",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: UNSUPPORTED_MEDIA_TYPE, UNSUPPORTED_CONTENT_ENCODING */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "UNSUPPORTED_MEDIA_TYPE",
                     *       "message": "unsupported media type",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: TOO_MANY_AUTH_FAILURES */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "TOO_MANY_AUTH_FAILURES",
                     *       "message": "too many auth failures",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: AUDIT_UNAVAILABLE */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "AUDIT_UNAVAILABLE",
                     *       "message": "audit unavailable",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    BulkJob_get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description the job */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Job"];
                };
            };
            /** @description Error codes: VALIDATION_FAILED */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "VALIDATION_FAILED",
                     *       "message": "reason: Too small: expected string to have >=1 characters",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: UNAUTHENTICATED */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "UNAUTHENTICATED",
                     *       "message": "Missing or invalid credentials",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: FORBIDDEN */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "FORBIDDEN",
                     *       "message": "Role ingest may not recording.list",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: JOB_NOT_FOUND */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "JOB_NOT_FOUND",
                     *       "message": "job not found",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: TOO_MANY_AUTH_FAILURES */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "TOO_MANY_AUTH_FAILURES",
                     *       "message": "too many auth failures",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: AUDIT_UNAVAILABLE */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "AUDIT_UNAVAILABLE",
                     *       "message": "audit unavailable",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    BulkJob_remove: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description deleted (or it already was) */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Error codes: VALIDATION_FAILED */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "VALIDATION_FAILED",
                     *       "message": "reason: Too small: expected string to have >=1 characters",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: UNAUTHENTICATED */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "UNAUTHENTICATED",
                     *       "message": "Missing or invalid credentials",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: FORBIDDEN, JOB_CREATOR_ONLY */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "FORBIDDEN",
                     *       "message": "Role ingest may not recording.list",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: JOB_NOT_FOUND */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "JOB_NOT_FOUND",
                     *       "message": "job not found",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: JOB_NOT_FINISHED */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "JOB_NOT_FINISHED",
                     *       "message": "job not finished",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: TOO_MANY_AUTH_FAILURES */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "TOO_MANY_AUTH_FAILURES",
                     *       "message": "too many auth failures",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: AUDIT_UNAVAILABLE */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "AUDIT_UNAVAILABLE",
                     *       "message": "audit unavailable",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    BulkJob_cancel: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description the job, cancelled */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Job"];
                };
            };
            /** @description Error codes: VALIDATION_FAILED */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "VALIDATION_FAILED",
                     *       "message": "reason: Too small: expected string to have >=1 characters",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: UNAUTHENTICATED */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "UNAUTHENTICATED",
                     *       "message": "Missing or invalid credentials",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: FORBIDDEN, JOB_CREATOR_ONLY */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "FORBIDDEN",
                     *       "message": "Role ingest may not recording.list",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: JOB_NOT_FOUND */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "JOB_NOT_FOUND",
                     *       "message": "job not found",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: CONFLICT */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "CONFLICT",
                     *       "message": "conflict",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: TOO_MANY_AUTH_FAILURES */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "TOO_MANY_AUTH_FAILURES",
                     *       "message": "too many auth failures",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: AUDIT_UNAVAILABLE */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "AUDIT_UNAVAILABLE",
                     *       "message": "audit unavailable",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    BulkJob_items: {
        parameters: {
            query?: {
                status?: "failed" | "succeeded" | "pending";
                limit?: number;
                /** @description page: nextCursor of the previous page (opaque) */
                cursor?: string;
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description one page of items, in order */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["JobItemPage"];
                };
            };
            /** @description Error codes: VALIDATION_FAILED */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "VALIDATION_FAILED",
                     *       "message": "reason: Too small: expected string to have >=1 characters",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: UNAUTHENTICATED */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "UNAUTHENTICATED",
                     *       "message": "Missing or invalid credentials",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: FORBIDDEN */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "FORBIDDEN",
                     *       "message": "Role ingest may not recording.list",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: JOB_NOT_FOUND */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "JOB_NOT_FOUND",
                     *       "message": "job not found",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: TOO_MANY_AUTH_FAILURES */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "TOO_MANY_AUTH_FAILURES",
                     *       "message": "too many auth failures",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: AUDIT_UNAVAILABLE */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "AUDIT_UNAVAILABLE",
                     *       "message": "audit unavailable",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    BulkJob_resultLink: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description the URL to download */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["JobResultLink"];
                };
            };
            /** @description Error codes: VALIDATION_FAILED */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "VALIDATION_FAILED",
                     *       "message": "reason: Too small: expected string to have >=1 characters",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: UNAUTHENTICATED */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "UNAUTHENTICATED",
                     *       "message": "Missing or invalid credentials",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: FORBIDDEN */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "FORBIDDEN",
                     *       "message": "Role ingest may not recording.list",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: JOB_NOT_FOUND */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "JOB_NOT_FOUND",
                     *       "message": "job not found",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: JOB_RESULT_NOT_READY */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "JOB_RESULT_NOT_READY",
                     *       "message": "job result not ready",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: JOB_RESULT_GONE */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "JOB_RESULT_GONE",
                     *       "message": "job result gone",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: TOO_MANY_AUTH_FAILURES */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "TOO_MANY_AUTH_FAILURES",
                     *       "message": "too many auth failures",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: AUDIT_UNAVAILABLE */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "AUDIT_UNAVAILABLE",
                     *       "message": "audit unavailable",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    BulkJob_result: {
        parameters: {
            query?: {
                /** @description download token from POST …/result-link, instead of Authorization */
                token?: string;
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description the archive */
            200: {
                headers: {
                    /** @description bytes */
                    "Content-Length"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/x-tar": string;
                };
            };
            /** @description Error codes: VALIDATION_FAILED */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "VALIDATION_FAILED",
                     *       "message": "reason: Too small: expected string to have >=1 characters",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: UNAUTHENTICATED */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "UNAUTHENTICATED",
                     *       "message": "Missing or invalid credentials",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: FORBIDDEN */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "FORBIDDEN",
                     *       "message": "Role ingest may not recording.list",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: JOB_NOT_FOUND */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "JOB_NOT_FOUND",
                     *       "message": "job not found",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: JOB_RESULT_NOT_READY */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "JOB_RESULT_NOT_READY",
                     *       "message": "job result not ready",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: JOB_RESULT_GONE */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "JOB_RESULT_GONE",
                     *       "message": "job result gone",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: TOO_MANY_AUTH_FAILURES */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "TOO_MANY_AUTH_FAILURES",
                     *       "message": "too many auth failures",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Error codes: AUDIT_UNAVAILABLE */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "AUDIT_UNAVAILABLE",
                     *       "message": "audit unavailable",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    Health_live: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description alive */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "status": "ok"
                     *     }
                     */
                    "application/json": {
                        /** @constant */
                        status: "ok";
                    };
                };
            };
        };
    };
    Health_ready: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description ready (503 with the same shape names each unreachable dependency and its error code) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "status": "ok",
                     *       "checks": {
                     *         "database": "ok",
                     *         "storage": "ok",
                     *         "kms": "ok"
                     *       }
                     *     }
                     */
                    "application/json": components["schemas"]["Readiness"];
                };
            };
            /** @description Error codes: SERVICE_UNAVAILABLE */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": "SERVICE_UNAVAILABLE",
                     *       "message": "service unavailable",
                     *       "correlationId": "req-3f1c9a2e"
                     *     }
                     */
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    webhook_recording_received: {
        parameters: {
            query?: never;
            header: {
                /**
                 * @description the event’s id: the same on every retry and replay
                 * @example 3d6f0a4e-8b1c-4f5e-9a7d-2c1b0e9f8a76
                 */
                "webhook-id": string;
                /**
                 * @description when this attempt was signed, Unix seconds
                 * @example 1764511392
                 */
                "webhook-timestamp": string;
                /**
                 * @description space-separated `v1,<base64 HMAC-SHA256>` signatures
                 * @example v1,K5oZfzN95Z9UVu1EsfQmfVNQhnkZ2pj9o9NDN/H/pI4=
                 */
                "webhook-signature": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["WebhookEvent_recording_received"];
            };
        };
        responses: {
            /** @description any 2xx acknowledges the event; anything else, or no answer within WEBHOOK_TIMEOUT, is retried with backoff */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    webhook_recording_awaiting_consent: {
        parameters: {
            query?: never;
            header: {
                /**
                 * @description the event’s id: the same on every retry and replay
                 * @example 3d6f0a4e-8b1c-4f5e-9a7d-2c1b0e9f8a76
                 */
                "webhook-id": string;
                /**
                 * @description when this attempt was signed, Unix seconds
                 * @example 1764511392
                 */
                "webhook-timestamp": string;
                /**
                 * @description space-separated `v1,<base64 HMAC-SHA256>` signatures
                 * @example v1,K5oZfzN95Z9UVu1EsfQmfVNQhnkZ2pj9o9NDN/H/pI4=
                 */
                "webhook-signature": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["WebhookEvent_recording_awaiting_consent"];
            };
        };
        responses: {
            /** @description any 2xx acknowledges the event; anything else, or no answer within WEBHOOK_TIMEOUT, is retried with backoff */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    webhook_recording_processing: {
        parameters: {
            query?: never;
            header: {
                /**
                 * @description the event’s id: the same on every retry and replay
                 * @example 3d6f0a4e-8b1c-4f5e-9a7d-2c1b0e9f8a76
                 */
                "webhook-id": string;
                /**
                 * @description when this attempt was signed, Unix seconds
                 * @example 1764511392
                 */
                "webhook-timestamp": string;
                /**
                 * @description space-separated `v1,<base64 HMAC-SHA256>` signatures
                 * @example v1,K5oZfzN95Z9UVu1EsfQmfVNQhnkZ2pj9o9NDN/H/pI4=
                 */
                "webhook-signature": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["WebhookEvent_recording_processing"];
            };
        };
        responses: {
            /** @description any 2xx acknowledges the event; anything else, or no answer within WEBHOOK_TIMEOUT, is retried with backoff */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    webhook_recording_available: {
        parameters: {
            query?: never;
            header: {
                /**
                 * @description the event’s id: the same on every retry and replay
                 * @example 3d6f0a4e-8b1c-4f5e-9a7d-2c1b0e9f8a76
                 */
                "webhook-id": string;
                /**
                 * @description when this attempt was signed, Unix seconds
                 * @example 1764511392
                 */
                "webhook-timestamp": string;
                /**
                 * @description space-separated `v1,<base64 HMAC-SHA256>` signatures
                 * @example v1,K5oZfzN95Z9UVu1EsfQmfVNQhnkZ2pj9o9NDN/H/pI4=
                 */
                "webhook-signature": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["WebhookEvent_recording_available"];
            };
        };
        responses: {
            /** @description any 2xx acknowledges the event; anything else, or no answer within WEBHOOK_TIMEOUT, is retried with backoff */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    webhook_recording_rejected: {
        parameters: {
            query?: never;
            header: {
                /**
                 * @description the event’s id: the same on every retry and replay
                 * @example 3d6f0a4e-8b1c-4f5e-9a7d-2c1b0e9f8a76
                 */
                "webhook-id": string;
                /**
                 * @description when this attempt was signed, Unix seconds
                 * @example 1764511392
                 */
                "webhook-timestamp": string;
                /**
                 * @description space-separated `v1,<base64 HMAC-SHA256>` signatures
                 * @example v1,K5oZfzN95Z9UVu1EsfQmfVNQhnkZ2pj9o9NDN/H/pI4=
                 */
                "webhook-signature": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["WebhookEvent_recording_rejected"];
            };
        };
        responses: {
            /** @description any 2xx acknowledges the event; anything else, or no answer within WEBHOOK_TIMEOUT, is retried with backoff */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    webhook_recording_failed: {
        parameters: {
            query?: never;
            header: {
                /**
                 * @description the event’s id: the same on every retry and replay
                 * @example 3d6f0a4e-8b1c-4f5e-9a7d-2c1b0e9f8a76
                 */
                "webhook-id": string;
                /**
                 * @description when this attempt was signed, Unix seconds
                 * @example 1764511392
                 */
                "webhook-timestamp": string;
                /**
                 * @description space-separated `v1,<base64 HMAC-SHA256>` signatures
                 * @example v1,K5oZfzN95Z9UVu1EsfQmfVNQhnkZ2pj9o9NDN/H/pI4=
                 */
                "webhook-signature": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["WebhookEvent_recording_failed"];
            };
        };
        responses: {
            /** @description any 2xx acknowledges the event; anything else, or no answer within WEBHOOK_TIMEOUT, is retried with backoff */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    webhook_recording_deleted: {
        parameters: {
            query?: never;
            header: {
                /**
                 * @description the event’s id: the same on every retry and replay
                 * @example 3d6f0a4e-8b1c-4f5e-9a7d-2c1b0e9f8a76
                 */
                "webhook-id": string;
                /**
                 * @description when this attempt was signed, Unix seconds
                 * @example 1764511392
                 */
                "webhook-timestamp": string;
                /**
                 * @description space-separated `v1,<base64 HMAC-SHA256>` signatures
                 * @example v1,K5oZfzN95Z9UVu1EsfQmfVNQhnkZ2pj9o9NDN/H/pI4=
                 */
                "webhook-signature": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["WebhookEvent_recording_deleted"];
            };
        };
        responses: {
            /** @description any 2xx acknowledges the event; anything else, or no answer within WEBHOOK_TIMEOUT, is retried with backoff */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    webhook_deletion_certificate: {
        parameters: {
            query?: never;
            header: {
                /**
                 * @description the event’s id: the same on every retry and replay
                 * @example 3d6f0a4e-8b1c-4f5e-9a7d-2c1b0e9f8a76
                 */
                "webhook-id": string;
                /**
                 * @description when this attempt was signed, Unix seconds
                 * @example 1764511392
                 */
                "webhook-timestamp": string;
                /**
                 * @description space-separated `v1,<base64 HMAC-SHA256>` signatures
                 * @example v1,K5oZfzN95Z9UVu1EsfQmfVNQhnkZ2pj9o9NDN/H/pI4=
                 */
                "webhook-signature": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["WebhookEvent_deletion_certificate"];
            };
        };
        responses: {
            /** @description any 2xx acknowledges the event; anything else, or no answer within WEBHOOK_TIMEOUT, is retried with backoff */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    webhook_retention_deleted: {
        parameters: {
            query?: never;
            header: {
                /**
                 * @description the event’s id: the same on every retry and replay
                 * @example 3d6f0a4e-8b1c-4f5e-9a7d-2c1b0e9f8a76
                 */
                "webhook-id": string;
                /**
                 * @description when this attempt was signed, Unix seconds
                 * @example 1764511392
                 */
                "webhook-timestamp": string;
                /**
                 * @description space-separated `v1,<base64 HMAC-SHA256>` signatures
                 * @example v1,K5oZfzN95Z9UVu1EsfQmfVNQhnkZ2pj9o9NDN/H/pI4=
                 */
                "webhook-signature": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["WebhookEvent_retention_deleted"];
            };
        };
        responses: {
            /** @description any 2xx acknowledges the event; anything else, or no answer within WEBHOOK_TIMEOUT, is retried with backoff */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    webhook_hold_placed: {
        parameters: {
            query?: never;
            header: {
                /**
                 * @description the event’s id: the same on every retry and replay
                 * @example 3d6f0a4e-8b1c-4f5e-9a7d-2c1b0e9f8a76
                 */
                "webhook-id": string;
                /**
                 * @description when this attempt was signed, Unix seconds
                 * @example 1764511392
                 */
                "webhook-timestamp": string;
                /**
                 * @description space-separated `v1,<base64 HMAC-SHA256>` signatures
                 * @example v1,K5oZfzN95Z9UVu1EsfQmfVNQhnkZ2pj9o9NDN/H/pI4=
                 */
                "webhook-signature": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["WebhookEvent_hold_placed"];
            };
        };
        responses: {
            /** @description any 2xx acknowledges the event; anything else, or no answer within WEBHOOK_TIMEOUT, is retried with backoff */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    webhook_hold_released: {
        parameters: {
            query?: never;
            header: {
                /**
                 * @description the event’s id: the same on every retry and replay
                 * @example 3d6f0a4e-8b1c-4f5e-9a7d-2c1b0e9f8a76
                 */
                "webhook-id": string;
                /**
                 * @description when this attempt was signed, Unix seconds
                 * @example 1764511392
                 */
                "webhook-timestamp": string;
                /**
                 * @description space-separated `v1,<base64 HMAC-SHA256>` signatures
                 * @example v1,K5oZfzN95Z9UVu1EsfQmfVNQhnkZ2pj9o9NDN/H/pI4=
                 */
                "webhook-signature": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["WebhookEvent_hold_released"];
            };
        };
        responses: {
            /** @description any 2xx acknowledges the event; anything else, or no answer within WEBHOOK_TIMEOUT, is retried with backoff */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    webhook_job_progress: {
        parameters: {
            query?: never;
            header: {
                /**
                 * @description the event’s id: the same on every retry and replay
                 * @example 3d6f0a4e-8b1c-4f5e-9a7d-2c1b0e9f8a76
                 */
                "webhook-id": string;
                /**
                 * @description when this attempt was signed, Unix seconds
                 * @example 1764511392
                 */
                "webhook-timestamp": string;
                /**
                 * @description space-separated `v1,<base64 HMAC-SHA256>` signatures
                 * @example v1,K5oZfzN95Z9UVu1EsfQmfVNQhnkZ2pj9o9NDN/H/pI4=
                 */
                "webhook-signature": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["WebhookEvent_job_progress"];
            };
        };
        responses: {
            /** @description any 2xx acknowledges the event; anything else, or no answer within WEBHOOK_TIMEOUT, is retried with backoff */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    webhook_job_completed: {
        parameters: {
            query?: never;
            header: {
                /**
                 * @description the event’s id: the same on every retry and replay
                 * @example 3d6f0a4e-8b1c-4f5e-9a7d-2c1b0e9f8a76
                 */
                "webhook-id": string;
                /**
                 * @description when this attempt was signed, Unix seconds
                 * @example 1764511392
                 */
                "webhook-timestamp": string;
                /**
                 * @description space-separated `v1,<base64 HMAC-SHA256>` signatures
                 * @example v1,K5oZfzN95Z9UVu1EsfQmfVNQhnkZ2pj9o9NDN/H/pI4=
                 */
                "webhook-signature": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["WebhookEvent_job_completed"];
            };
        };
        responses: {
            /** @description any 2xx acknowledges the event; anything else, or no answer within WEBHOOK_TIMEOUT, is retried with backoff */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
}
