import { list, monthTable, numbered, type LanguageTable } from './language-table';

const UNITS = ['', 'uno', 'due', 'tre', 'quattro', 'cinque', 'sei', 'sette', 'otto', 'nove'];
const TENS = ['venti', 'trenta', 'quaranta', 'cinquanta', 'sessanta', 'settanta', 'ottanta', 'novanta'];

/** Italian writes 21–99 as one word, dropping the tens' last vowel before uno and otto: "ventuno", "ventotto". */
function compoundTens(): Record<string, number> {
  const out: Record<string, number> = {};
  TENS.forEach((tens, t) => {
    out[tens] = (t + 2) * 10;
    for (let u = 1; u <= 9; u++) {
      const stem = u === 1 || u === 8 ? tens.slice(0, -1) : tens;
      out[stem + UNITS[u]] = (t + 2) * 10 + u;
    }
  });
  return out;
}

export const IT: LanguageTable = {
  code: 'it',
  units: numbered('zero uno due tre quattro cinque sei sette otto nove'),
  weakUnits: { un: 1, una: 1 },
  words: {
    ...numbered('dieci undici dodici tredici quattordici quindici sedici diciassette diciotto diciannove', 10),
    ...compoundTens(),
  },
  tens: {},
  hundreds: {
    cento: 100,
    ...numbered('duecento trecento quattrocento cinquecento seicento settecento ottocento novecento', 200, 100),
  },
  hundred: [],
  thousand: ['mila', 'mille'],
  compounds: true,
  repeats: { doppio: 2, triplo: 3 },
  months: monthTable('gennaio febbraio marzo aprile maggio giugno luglio agosto settembre ottobre novembre dicembre'),
  monthJoiners: ['del'],
  fillers: list('ehm, eh, mm, cioe, e, trattino, barra, allora'),
  interruptions: list(`
    mm, hm, mhm, si, ok, okay, va bene, bene, perfetto, certo, esatto, grazie, prego, continui, continua, vada avanti, avanti,
    e, poi, dopo, i, le, gli, il, la, prossimi, prossime, successivi, successive, restanti, altre, altri, cifre, numeri,
    per favore, un momento, un attimo, un secondo, aspetti, aspetta, sto, cercando, vediamo, ehm, eh, allora, sono, e poi, ultimi, ultime`),
  countBefore: list('prossimi, prossime, successivi, successive, ultimi, ultime, altri, altre'),
  countAfter: list('successivi, successive, restanti'),
  homophones: { nuove: '9', nuovo: '9', sete: '7', set: '7' },
  cues: {
    pan: String.raw`numero (della|di|della sua|della tua) carta|carta di (credito|debito)|(le )?(sedici|16|quindici|15) cifre|(i |le )?(prossimi|prossime|successivi|successive) (quattro|4|otto|8|cifre|numeri)`,
    cvv: String.raw`codice (di sicurezza|cvv|cvc|di verifica)|cvv|cvc|(le )?(tre|3) cifre (sul retro|dietro)`,
    expiry: String.raw`data di scadenza|scadenza|scade|valida fino`,
    other: String.raw`telefono|cellulare|ordine|riferimento|conto|fattura|cap|codice postale|euro|dollari|importo|totale|saldo|nascita|pratica|prenotazione|cliente|ore`,
  },
};
