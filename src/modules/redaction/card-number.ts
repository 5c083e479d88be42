/**
 * Card-number helpers shared by every detector. Nothing here may ever put more
 * than the last four digits of a card number into a string that leaves the
 * process (invariant 3 in docs/ARCHITECTURE.md).
 */

export function luhnValid(digits: string): boolean {
  if (!/^\d+$/.test(digits)) return false;
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return sum % 10 === 0;
}

/** A primary account number is 13–19 digits and passes Luhn. */
export function isPan(digits: string): boolean {
  return digits.length >= 13 && digits.length <= 19 && luhnValid(digits);
}

/**
 * Issuer prefixes of payment cards (ISO/IEC 7812 major industry identifiers 2–6 as the card brands
 * assign them, UATP's 1 at 15 digits, UnionPay/RuPay 81–82, Troy 9792). A Luhn-valid number outside
 * them — a date-stamped call id such as 2026120312345678 — is no payment card.
 */
const ISSUED = /^(4|5|6|3[04-9]|2(?:20[0-4]|22[1-9]|2[3-9]\d|[3-6]\d\d|7[01]\d|720)|8[12]|9792)/;

/** A card number a payment brand could have issued: a PAN with an issuer prefix. */
export function isIssuedPan(digits: string): boolean {
  return isPan(digits) && (ISSUED.test(digits) || (digits.length === 15 && digits.startsWith('1')));
}

/** `•••• 1111` — the only form of a card number allowed outside detection code. */
export function maskDigits(digits: string): string {
  const tail = digits.length >= 4 ? digits.slice(-4) : '';
  return tail ? `•••• ${tail}` : '••••';
}

/** Month 01–12 followed by a two- or four-digit year, e.g. `0427`, `42027`, `122029`. */
export function looksLikeExpiry(digits: string): boolean {
  const m = /^(0?[1-9]|1[0-2])(\d{2}|20\d{2})$/.exec(digits);
  return m !== null;
}
