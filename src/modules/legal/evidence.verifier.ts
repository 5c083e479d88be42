import { Injectable } from '@nestjs/common';
import { DocumentSigner, type VerifyOutcome } from './document.signer';

export const BUNDLE_KIND = 'call-recording-evidence';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Checks a bundle as it was handed out: the signature over the canonical JSON
 * of everything but the signature block, made by the configured signing key;
 * and the deletion certificate inside it, which carries its own signature.
 */
@Injectable()
export class EvidenceVerifier {
  constructor(private readonly signer: DocumentSigner) {}

  async verify(bundle: unknown): Promise<VerifyOutcome> {
    if (!isObject(bundle)) return { valid: false, reason: 'not a JSON object' };
    const { signature, ...document } = bundle;
    if (!isObject(signature)) return { valid: false, reason: 'no signature block' };
    if (document.kind !== BUNDLE_KIND)
      return { valid: false, reason: `not an evidence bundle (kind must be ${BUNDLE_KIND})` };
    const outer = await this.signer.verify('evidence-bundle', document, signature);
    if (!outer.valid) return outer;
    const certificate = document.deletionCertificate;
    if (certificate !== null && certificate !== undefined) {
      if (!isObject(certificate) || !isObject(certificate.signature))
        return { valid: false, reason: 'deletion certificate has no signature' };
      const { signature: certSig, ...certDoc } = certificate;
      const inner = await this.signer.verify('deletion-certificate', certDoc, certSig);
      if (!inner.valid) return { valid: false, reason: `deletion certificate: ${inner.reason}` };
    }
    return { valid: true };
  }
}
