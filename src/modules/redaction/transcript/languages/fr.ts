import { list, monthTable, numbered, type LanguageTable } from './language-table';

export const FR: LanguageTable = {
  code: 'fr',
  units: numbered('zero un deux trois quatre cinq six sept huit neuf'),
  weakUnits: { une: 1 },
  words: {
    ...numbered('dix onze douze treize quatorze quinze seize', 10),
    'dix sept': 17,
    'dix huit': 18,
    'dix neuf': 19,
  },
  // Belgian and Swiss French say septante, huitante/octante and nonante.
  tens: {
    ...numbered('vingt trente quarante cinquante soixante', 20, 10),
    'quatre vingt': 80,
    'quatre vingts': 80,
    septante: 70,
    huitante: 80,
    octante: 80,
    nonante: 90,
  },
  tensTakeTeens: [60, 80],
  tensJoiners: ['et'],
  hundred: ['cent', 'cents'],
  thousand: ['mille', 'mil'],
  repeats: { double: 2, triple: 3 },
  months: monthTable('janvier fevrier mars avril mai juin juillet aout septembre octobre novembre decembre'),
  fillers: list('euh, heu, hum, bah, ben, et, tiret, barre, slash, mm'),
  interruptions: list(`
    mm, hm, mhm, oui, ouais, ok, okay, d accord, daccord, tres bien, bien, parfait, merci, merci beaucoup, voila, c est ca,
    continuez, continue, allez y, allez, et, puis, ensuite, apres, les, le, la, suivants, suivantes, prochains, la suite,
    le reste, reste, chiffres, numeros, s il vous plait, s il te plait, un instant, un moment, une seconde, attendez, attends,
    je, regarde, cherche, euh, heu, bon, alors, c est, ce sont, derniers, encore`),
  countBefore: list('prochains, suivants, derniers, encore'),
  countAfter: list('suivants, suivantes, prochains, derniers, de plus, restants'),
  homophones: { cette: '7', set: '7', cet: '7', saint: '5', sein: '5', sain: '5', hein: '1', scie: '6' },
  cues: {
    pan: String.raw`numero de (la |votre |ta )?carte|numeros? de (la|votre|ta) carte|carte (bancaire|bleue|de credit|de paiement)|(les )?(seize|16|quinze|15) chiffres|chiffres de (la|votre) carte|(les )?(quatre|4|huit|8) (suivants|prochains)|(les )?(prochains|suivants) chiffres`,
    cvv: String.raw`cryptogramme|code de (securite|verification)|code cvv|cvv|cvc|(les )?(trois|3) (derniers )?chiffres (au dos|derriere|du dos|au verso)`,
    expiry: String.raw`date d ?expiration|date de (validite|fin de validite)|expire|expiration|valable jusqu|fin de validite`,
    other: String.raw`telephone|portable|mobile|commande|reference|compte|facture|code postal|euros?|dollars?|montant|total|solde|naissance|dossier|reservation|client|heures?`,
  },
};
