import { list, monthTable, numbered, type LanguageTable } from './language-table';

export const DE: LanguageTable = {
  code: 'de',
  units: { ...numbered('null eins zwei drei vier funf sechs sieben acht neun'), zwo: 2 },
  weakUnits: { ein: 1, eine: 1 },
  words: {
    ...numbered('zehn elf zwolf dreizehn vierzehn funfzehn sechzehn siebzehn achtzehn neunzehn', 10),
    sechszehn: 16,
    siebenzehn: 17,
  },
  tens: numbered('zwanzig dreissig vierzig funfzig sechzig siebzig achtzig neunzig', 20, 10),
  unitFirstJoiners: ['und'],
  hundredJoiners: ['und'],
  hundred: ['hundert'],
  thousand: ['tausend'],
  compounds: true,
  repeats: { doppel: 2, doppelte: 2, dreifach: 3 },
  months: monthTable('januar|janner februar|feber marz april mai juni juli august september oktober november dezember'),
  fillers: list('ah, ahm, oh, hm, hmm, mm, und, strich, schragstrich, bindestrich, also'),
  interruptions: list(`
    mm, hm, mhm, aha, ja, jawohl, genau, richtig, okay, ok, gut, sehr gut, prima, super, alles klar, klar, danke, danke schon,
    weiter, bitte, und, dann, die, den, der, nachsten, folgenden, restlichen, rest, ziffern, zahlen, noch, mal, einen moment,
    moment, augenblick, sekunde, warten sie, ich, schaue, suche, ah, ahm, also, das, sind, ist, letzten, weitere`),
  countBefore: list('nachsten, folgenden, letzten, noch, weitere, restlichen'),
  countAfter: list('weitere'),
  homophones: { fur: '4', fier: '4', ach: '8', neu: '9', eis: '1', sex: '6' },
  cues: {
    pan: String.raw`kartennummer|kreditkartennummer|kreditkarte|nummer (der|ihrer|auf der|auf ihrer) (kredit)?karte|(die )?(nachsten|folgenden) (vier|4|acht|8|ziffern|zahlen)|(sechzehn|16)stellige`,
    cvv: String.raw`prufnummer|prufziffer|prufcode|sicherheitscode|kartenprufnummer|cvv|cvc|(die )?(drei|3) (ziffern|zahlen) (auf der ruckseite|hinten)`,
    expiry: String.raw`ablaufdatum|gultig|lauft (sie |die karte )?ab|verfallsdatum|ablauf|gultigkeit`,
    other: String.raw`telefon(nummer)?|handy(nummer)?|bestell(ung|nummer)|referenz|kundennummer|konto(nummer)?|rechnung(snummer)?|postleitzahl|plz|euro|dollar|betrag|summe|gesamt|geburtsdatum|geboren|buchung|uhr`,
  },
};
