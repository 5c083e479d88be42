import { list, monthTable, numbered, type LanguageTable } from './language-table';

export const NL: LanguageTable = {
  code: 'nl',
  units: { nul: 0, twee: 2, drie: 3, vier: 4, vijf: 5, zes: 6, zeven: 7, acht: 8, negen: 9 },
  // "één" is the number, "een" as often the article.
  strict: { één: 1, eén: 1, éen: 1 },
  weakUnits: { een: 1 },
  words: numbered('tien elf twaalf dertien veertien vijftien zestien zeventien achttien negentien', 10),
  tens: numbered('twintig dertig veertig vijftig zestig zeventig tachtig negentig', 20, 10),
  unitFirstJoiners: ['en'],
  hundredJoiners: ['en'],
  hundred: ['honderd'],
  thousand: ['duizend'],
  compounds: true,
  repeats: { dubbel: 2, dubbele: 2, driedubbel: 3 },
  months: monthTable('januari februari maart april mei juni juli augustus september oktober november december'),
  fillers: list('eh, uh, ehm, uhm, hm, mm, en, streepje, schuine streep, nou'),
  interruptions: list(`
    mm, hm, mhm, ja, jawel, oke, ok, okay, goed, prima, precies, klopt, dank, dank je, dank u, bedankt, ga door, ga verder, verder,
    en, dan, de, het, volgende, laatste, overige, rest, cijfers, nummers, nog, alstublieft, alsjeblieft, graag, een moment,
    momentje, een seconde, wacht, even, ik, kijk, zoek, eh, uh, ehm, nou, dat, zijn, is`),
  countBefore: list('volgende, laatste, nog, overige'),
  countAfter: list('erbij'),
  homophones: { ach: '8', vir: '4', fier: '4' },
  cues: {
    pan: String.raw`kaartnummer|creditcardnummer|creditcard|nummer (van|op) (de|uw|je) (kaart|pas|creditcard)|pasnummer|(de )?volgende (vier|4|acht|8|cijfers)|(zestien|16) cijfers`,
    cvv: String.raw`beveiligingscode|controlecode|verificatiecode|cvc|cvv|(de )?(drie|3) cijfers (op de achterkant|achterop)`,
    expiry: String.raw`vervaldatum|geldig|tot wanneer|verloopt|verloopdatum|vervalt`,
    other: String.raw`telefoon(nummer)?|mobiel|bestel(ling|nummer)|referentie|klantnummer|rekening(nummer)?|factuur|postcode|euro|dollar|bedrag|totaal|saldo|geboortedatum|boeking|uur`,
  },
};
