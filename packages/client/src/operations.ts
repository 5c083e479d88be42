// Generated from openapi/openapi.json by packages/client/scripts/generate.mjs. Do not edit.
/** Every operation with the permission it needs and the roles that hold it (`public`: no credentials). */
export const OPERATIONS = {
  "DELETE /v1/api-keys/{id}": {
    "permission": "apikey.manage",
    "roles": [
      "admin"
    ]
  },
  "DELETE /v1/jobs/{id}": {
    "permission": "job.delete",
    "roles": [
      "qa",
      "legal",
      "admin"
    ]
  },
  "DELETE /v1/recordings/{id}": {
    "permission": "recording.delete",
    "roles": [
      "legal",
      "admin"
    ]
  },
  "DELETE /v1/recordings/{id}/holds/{holdId}": {
    "permission": "recording.hold",
    "roles": [
      "legal"
    ]
  },
  "DELETE /v1/tenants/current/webhook": {
    "permission": "tenant.policy",
    "roles": [
      "admin"
    ]
  },
  "GET /dev-oidc/.well-known/openid-configuration": {
    "permission": "public",
    "roles": []
  },
  "GET /dev-oidc/jwks.json": {
    "permission": "public",
    "roles": []
  },
  "GET /health/live": {
    "permission": "public",
    "roles": []
  },
  "GET /health/ready": {
    "permission": "public",
    "roles": []
  },
  "GET /v1/api-keys": {
    "permission": "apikey.manage",
    "roles": [
      "admin"
    ]
  },
  "GET /v1/audit/events": {
    "permission": "audit.read",
    "roles": [
      "auditor"
    ]
  },
  "GET /v1/audit/verify": {
    "permission": "audit.verify",
    "roles": [
      "auditor"
    ]
  },
  "GET /v1/jobs": {
    "permission": "job.read",
    "roles": [
      "qa",
      "legal",
      "admin"
    ]
  },
  "GET /v1/jobs/{id}": {
    "permission": "job.read",
    "roles": [
      "qa",
      "legal",
      "admin"
    ]
  },
  "GET /v1/jobs/{id}/items": {
    "permission": "job.read",
    "roles": [
      "qa",
      "legal",
      "admin"
    ]
  },
  "GET /v1/jobs/{id}/result": {
    "permission": "job.read",
    "roles": [
      "qa",
      "legal",
      "admin"
    ]
  },
  "GET /v1/matters": {
    "permission": "matter.read",
    "roles": [
      "legal"
    ]
  },
  "GET /v1/matters/{id}": {
    "permission": "matter.read",
    "roles": [
      "legal"
    ]
  },
  "GET /v1/matters/{id}/audit": {
    "permission": "matter.read",
    "roles": [
      "legal"
    ]
  },
  "GET /v1/matters/{id}/holds": {
    "permission": "matter.read",
    "roles": [
      "legal"
    ]
  },
  "GET /v1/recordings": {
    "permission": "recording.list",
    "roles": [
      "qa",
      "legal",
      "admin"
    ]
  },
  "GET /v1/recordings/{id}": {
    "permission": "recording.read",
    "roles": [
      "ingest",
      "qa",
      "legal",
      "admin"
    ]
  },
  "GET /v1/recordings/{id}/audio": {
    "permission": "recording.stream",
    "roles": [
      "qa",
      "legal"
    ]
  },
  "GET /v1/recordings/{id}/evidence": {
    "permission": "recording.evidence",
    "roles": [
      "legal"
    ]
  },
  "GET /v1/recordings/{id}/holds": {
    "permission": "recording.hold",
    "roles": [
      "legal"
    ]
  },
  "GET /v1/recordings/{id}/redactions": {
    "permission": "recording.redactions",
    "roles": [
      "qa",
      "legal",
      "admin"
    ]
  },
  "GET /v1/recordings/{id}/transcript": {
    "permission": "recording.stream",
    "roles": [
      "qa",
      "legal"
    ]
  },
  "GET /v1/recordings/{id}/waveform": {
    "permission": "recording.waveform",
    "roles": [
      "qa",
      "legal"
    ]
  },
  "GET /v1/tenants/current": {
    "permission": "tenant.read",
    "roles": [
      "admin",
      "ingest",
      "qa",
      "legal",
      "auditor"
    ]
  },
  "GET /v1/tenants/current/consent-rules": {
    "permission": "tenant.policy",
    "roles": [
      "admin"
    ]
  },
  "GET /v1/tenants/current/key-rotations/{id}": {
    "permission": "tenant.keys.rotate",
    "roles": [
      "admin"
    ]
  },
  "GET /v1/tenants/current/retention": {
    "permission": "tenant.policy",
    "roles": [
      "admin"
    ]
  },
  "GET /v1/tenants/current/transcription": {
    "permission": "tenant.policy",
    "roles": [
      "admin"
    ]
  },
  "GET /v1/webhooks/deliveries": {
    "permission": "webhook.manage",
    "roles": [
      "admin"
    ]
  },
  "HEAD /v1/recordings/{id}/audio": {
    "permission": "recording.stream",
    "roles": [
      "qa",
      "legal"
    ]
  },
  "POST /v1/api-keys": {
    "permission": "apikey.manage",
    "roles": [
      "admin"
    ]
  },
  "POST /v1/dsar/erase": {
    "permission": "dsar.manage",
    "roles": [
      "legal"
    ]
  },
  "POST /v1/dsar/export": {
    "permission": "dsar.manage",
    "roles": [
      "legal"
    ]
  },
  "POST /v1/dsar/search": {
    "permission": "dsar.manage",
    "roles": [
      "legal"
    ]
  },
  "POST /v1/evidence/verify": {
    "permission": "evidence.verify",
    "roles": [
      "legal",
      "auditor"
    ]
  },
  "POST /v1/jobs": {
    "permission": "job.create",
    "roles": [
      "qa",
      "legal",
      "admin"
    ]
  },
  "POST /v1/jobs/{id}/cancel": {
    "permission": "job.cancel",
    "roles": [
      "qa",
      "legal",
      "admin"
    ]
  },
  "POST /v1/jobs/{id}/result-link": {
    "permission": "job.read",
    "roles": [
      "qa",
      "legal",
      "admin"
    ]
  },
  "POST /v1/matters": {
    "permission": "matter.create",
    "roles": [
      "legal"
    ]
  },
  "POST /v1/matters/{id}/recordings": {
    "permission": "matter.hold",
    "roles": [
      "legal"
    ]
  },
  "POST /v1/matters/{id}/release": {
    "permission": "matter.hold",
    "roles": [
      "legal"
    ]
  },
  "POST /v1/recordings": {
    "permission": "recording.create",
    "roles": [
      "ingest"
    ]
  },
  "POST /v1/recordings/{id}/consent": {
    "permission": "recording.consent.add",
    "roles": [
      "ingest"
    ]
  },
  "POST /v1/recordings/{id}/holds": {
    "permission": "recording.hold",
    "roles": [
      "legal"
    ]
  },
  "POST /v1/recordings/{id}/playback": {
    "permission": "recording.stream",
    "roles": [
      "qa",
      "legal"
    ]
  },
  "POST /v1/tenants/current/key-rotations": {
    "permission": "tenant.keys.rotate",
    "roles": [
      "admin"
    ]
  },
  "POST /v1/webhooks/deliveries/{id}/replay": {
    "permission": "webhook.manage",
    "roles": [
      "admin"
    ]
  },
  "PUT /v1/tenants/current/consent-rules": {
    "permission": "tenant.policy",
    "roles": [
      "admin"
    ]
  },
  "PUT /v1/tenants/current/ingest-policy": {
    "permission": "tenant.policy",
    "roles": [
      "admin"
    ]
  },
  "PUT /v1/tenants/current/retention": {
    "permission": "tenant.policy",
    "roles": [
      "admin"
    ]
  },
  "PUT /v1/tenants/current/transcription": {
    "permission": "tenant.policy",
    "roles": [
      "admin"
    ]
  },
  "PUT /v1/tenants/current/webhook": {
    "permission": "tenant.policy",
    "roles": [
      "admin"
    ]
  }
} as const;
