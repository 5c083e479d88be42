import { LANGUAGE_CODES, type LanguageCode } from './language-table';

/** Which number words a recording is read with, and why: reported with the redaction. */
export interface LanguageChoice {
  codes: LanguageCode[];
  source: 'transcript' | 'jurisdiction' | 'default';
  /** The transcript's own language tag or name, as given. */
  requested?: string;
  /** false when the transcript names a language we have no tables for: numerals are still read, number words may not be. */
  supported: boolean;
}

const NAMES: Partial<Record<string, LanguageCode>> = {
  english: 'en',
  spanish: 'es',
  castilian: 'es',
  french: 'fr',
  german: 'de',
  italian: 'it',
  portuguese: 'pt',
  dutch: 'nl',
  flemish: 'nl',
};

/** Countries (ISO 3166-1) whose callers speak one of our languages, the most likely first. */
const COUNTRIES: Partial<Record<string, LanguageCode[]>> = {
  US: ['en'],
  GB: ['en'],
  IE: ['en'],
  AU: ['en'],
  NZ: ['en'],
  ZA: ['en'],
  IN: ['en'],
  SG: ['en'],
  MT: ['en'],
  CA: ['en', 'fr'],
  ES: ['es'],
  MX: ['es'],
  AR: ['es'],
  CO: ['es'],
  CL: ['es'],
  PE: ['es'],
  VE: ['es'],
  EC: ['es'],
  GT: ['es'],
  CU: ['es'],
  BO: ['es'],
  DO: ['es'],
  HN: ['es'],
  PY: ['es'],
  SV: ['es'],
  NI: ['es'],
  CR: ['es'],
  PA: ['es'],
  UY: ['es'],
  PR: ['es', 'en'],
  FR: ['fr'],
  MC: ['fr'],
  LU: ['fr', 'de'],
  BE: ['nl', 'fr'],
  CH: ['de', 'fr', 'it'],
  DE: ['de'],
  AT: ['de'],
  LI: ['de'],
  IT: ['it'],
  SM: ['it'],
  VA: ['it'],
  PT: ['pt'],
  BR: ['pt'],
  AO: ['pt'],
  MZ: ['pt'],
  NL: ['nl'],
  SR: ['nl'],
};

/** Subdivisions whose language differs from the country's first. */
const SUBDIVISIONS: Partial<Record<string, LanguageCode[]>> = {
  'CA-QC': ['fr', 'en'],
  'BE-WAL': ['fr'],
  'BE-BRU': ['fr', 'nl'],
  'BE-VLG': ['nl'],
  'CH-GE': ['fr'],
  'CH-VD': ['fr'],
  'CH-NE': ['fr'],
  'CH-JU': ['fr'],
  'CH-TI': ['it'],
  'US-PR': ['es', 'en'],
};

/** A tag ("pt-BR", "en_us") or a name ("german") to one of our languages, or null. */
export function languageOf(tag: string): LanguageCode | null {
  const lower = tag.trim().toLowerCase();
  const named = Object.hasOwn(NAMES, lower) ? NAMES[lower] : undefined;
  if (named) return named;
  const primary = lower.split(/[-_]/)[0];
  return (LANGUAGE_CODES as readonly string[]).includes(primary) ? (primary as LanguageCode) : null;
}

function ofJurisdiction(jurisdiction: string): LanguageCode[] {
  return SUBDIVISIONS[jurisdiction] ?? COUNTRIES[jurisdiction.slice(0, 2)] ?? [];
}

/**
 * The transcript's language when it names one we read; otherwise the
 * languages of the customers' jurisdictions (then anyone's), at most three;
 * otherwise English.
 */
export function chooseLanguages(
  transcriptLanguage: string | undefined,
  participants: ReadonlyArray<{ role: string; jurisdiction: string | null }>,
): LanguageChoice {
  const requested = transcriptLanguage ? { requested: transcriptLanguage } : {};
  const named = transcriptLanguage ? languageOf(transcriptLanguage) : null;
  if (named) return { codes: [named], source: 'transcript', ...requested, supported: true };
  const supported = !transcriptLanguage;
  const customers = participants.filter((p) => p.role === 'customer');
  for (const group of [customers, participants]) {
    const codes = [...new Set(group.flatMap((p) => (p.jurisdiction ? ofJurisdiction(p.jurisdiction) : [])))].slice(
      0,
      3,
    );
    if (codes.length) return { codes, source: 'jurisdiction', ...requested, supported };
  }
  return { codes: ['en'], source: 'default', ...requested, supported };
}
