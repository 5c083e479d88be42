import { list, monthTable, numbered, type LanguageTable } from './language-table';

export const PT: LanguageTable = {
  code: 'pt',
  // Brazilians say "meia" (half a dozen) for six when reading digits.
  units: { ...numbered('zero um dois tres quatro cinco seis sete oito nove'), duas: 2, meia: 6 },
  weakUnits: { uma: 1 },
  words: numbered(
    'dez onze doze treze catorze|quatorze quinze dezesseis|dezasseis dezessete|dezassete dezoito dezenove|dezanove',
    10,
  ),
  tens: numbered('vinte trinta quarenta cinquenta sessenta setenta oitenta noventa', 20, 10),
  tensJoiners: ['e'],
  hundredJoiners: ['e'],
  hundreds: {
    cem: 100,
    cento: 100,
    ...numbered(
      'duzentos|duzentas trezentos|trezentas quatrocentos|quatrocentas quinhentos|quinhentas seiscentos|seiscentas setecentos|setecentas oitocentos|oitocentas novecentos|novecentas',
      200,
      100,
    ),
  },
  hundred: [],
  thousand: ['mil'],
  repeats: { duplo: 2, triplo: 3 },
  months: monthTable('janeiro fevereiro marco abril maio junho julho agosto setembro outubro novembro dezembro'),
  monthJoiners: ['de'],
  fillers: list('eh, hum, ahn, ah, tipo, e, barra, traco, entao, mm'),
  interruptions: list(`
    mm, hm, mhm, uhum, aham, sim, ok, okay, certo, ta, ta bom, esta bem, tudo bem, perfeito, otimo, isso, obrigado, obrigada,
    continue, pode continuar, pode seguir, siga, e, depois, os, as, o, a, proximos, proximas, seguintes, restantes, resto,
    mais, digitos, numeros, por favor, um momento, um segundo, so um momento, espere, espera, deixa, deixe, ver, estou,
    procurando, eh, entao, sao, ultimos`),
  countBefore: list('proximos, proximas, seguintes, ultimos, mais, outros'),
  countAfter: list('seguintes, restantes, a mais'),
  homophones: { sei: '6', novo: '9', nova: '9', treis: '3' },
  cues: {
    pan: String.raw`numero do (seu |teu )?cartao|numeros? do (seu |teu )?cartao|cartao de (credito|debito)|(os )?(dezesseis|dezasseis|16|quinze|15) (digitos|numeros)|(os )?(proximos|seguintes) (quatro|4|oito|8|digitos|numeros)`,
    cvv: String.raw`codigo (de seguranca|de verificacao|cvv|cvc)|cvv|cvc|(os )?(tres|3) (digitos|numeros) (de tras|no verso|atras|do verso)`,
    expiry: String.raw`data de (validade|vencimento|expiracao)|validade|vence|vencimento|expira`,
    other: String.raw`telefone|telemovel|celular|pedido|encomenda|referencia|conta|fatura|cep|codigo postal|euros?|reais|dolares|valor|total|saldo|nascimento|reserva|cliente|horas?`,
  },
};
