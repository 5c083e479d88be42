import { list, monthTable, numbered, type LanguageTable } from './language-table';

export const EN: LanguageTable = {
  code: 'en',
  units: { ...numbered('zero one two three four five six seven eight nine'), nought: 0, naught: 0 },
  weakUnits: { oh: 0, o: 0 },
  words: numbered('ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen', 10),
  tens: { ...numbered('twenty thirty forty fifty sixty seventy eighty ninety', 20, 10), fourty: 40 },
  hundredJoiners: ['and'],
  hundred: ['hundred'],
  thousand: ['thousand'],
  repeats: { double: 2, triple: 3, treble: 3, quadruple: 4 },
  months: monthTable(
    'january|jan february|feb march|mar april|apr may june|jun july|jul august|aug september|sept|sep october|oct november|nov december|dec',
  ),
  monthJoiners: ['of'],
  // "slash"/"dash" are how people read "04/27" and "4111-1111" aloud.
  fillers: list('um, umm, uhm, uh, er, erm, ah, hmm, mm, like, sorry, okay, ok, yeah, and, slash, dash, hyphen'),
  interruptions: list(`
    mm, hm, mhm, mmhm, uh huh, huh, yes, yep, yup, yeah, ok, okay, right, alright, all right, got it, go on, go ahead,
    sure, great, perfect, lovely, good, fine, thanks, thank you, cheers, continue, carry on, please, and, then, the, a,
    next, rest, remaining, more, digits, numbers, ones, that's, it's, it, is, are, so, hang on, hold on, one moment,
    just a moment, a moment, a second, one second, just a second, sec, take your time, no rush, wait, let me, me, check,
    find, get, see, where, was, I, sorry, um, uh, er, erm, ah, hmm, like, yeah, thats, its, keep going, after that, last`),
  countBefore: list('next, last, first, following, another'),
  countAfter: list('more'),
  homophones: { for: '4', fore: '4', to: '2', too: '2', won: '1', ate: '8', tree: '3' },
  cues: {
    pan: String.raw`((credit|debit|bank|payment) )?(card|cards|cart) (numbers?|details|digits|please)|long number|numbers? (on|across) the (front|card)|numbers? on (the|your) card|next (four|for|fore|4|eight|ate|8|twelve|12|digits|numbers|ones|group|set)`,
    cvv: String.raw`security (code|number)|cvv2?|cvc2?|cv2|c v [v2c]|c v two|(code|digits|numbers?) on the back|(three|four|3|4) digit (security )?(code|number)|card verification|verification (code|number|value)`,
    expiry: String.raw`expires?|expiry|expiring|expiration|exp date|valid (thru|through|until)|good (thru|through)`,
    other: String.raw`(tele)?phone|mobile|cell|order|reference|ref|account|invoice|zip|post ?code|postal|extension|ext|dollars?|pounds?|euros?|cents?|bucks|amount|total|balance|birth|born|ticket|policy|tracking|confirmation|booking|member(ship)?|customer (number|id)|o ?clock`,
  },
};
