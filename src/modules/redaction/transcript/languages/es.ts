import { list, monthTable, numbered, type LanguageTable } from './language-table';

export const ES: LanguageTable = {
  code: 'es',
  units: numbered('cero uno dos tres cuatro cinco seis siete ocho nueve'),
  weakUnits: { un: 1, una: 1 },
  words: {
    ...numbered('diez once doce trece catorce quince dieciseis diecisiete dieciocho diecinueve', 10),
    ...numbered(
      'veinte veintiuno|veintiun|veintiuna veintidos veintitres veinticuatro veinticinco veintiseis veintisiete veintiocho veintinueve',
      20,
    ),
  },
  tens: numbered('treinta cuarenta cincuenta sesenta setenta ochenta noventa', 30, 10),
  tensJoiners: ['y'],
  hundreds: {
    cien: 100,
    ciento: 100,
    ...numbered(
      'doscientos|doscientas trescientos|trescientas cuatrocientos|cuatrocientas quinientos|quinientas seiscientos|seiscientas setecientos|setecientas ochocientos|ochocientas novecientos|novecientas',
      200,
      100,
    ),
  },
  hundred: [],
  thousand: ['mil'],
  repeats: { doble: 2, triple: 3 },
  months: monthTable(
    'enero febrero marzo abril mayo junio julio agosto septiembre|setiembre octubre noviembre diciembre',
  ),
  monthJoiners: ['de', 'del'],
  fillers: list('eh, em, emm, este, pues, o sea, y, barra, guion, vale, bueno, mm'),
  interruptions: list(`
    mm, hm, mhm, aja, si, vale, ok, okey, bueno, bien, muy bien, de acuerdo, perfecto, claro, gracias, muchas gracias,
    siga, sigue, continue, continua, adelante, y, luego, despues, los, las, el, la, siguientes, proximos, proximas, demas,
    resto, mas, digitos, numeros, por favor, un momento, un segundo, espere, espera, deje, dejeme, ver, a ver, donde,
    estaba, eh, em, este, pues, es, son, entonces, ultimos`),
  countBefore: list('siguientes, proximos, proximas, ultimos, otros, los siguientes'),
  countAfter: list('mas, siguientes, restantes'),
  homophones: { nuevo: '9', nueva: '9', sero: '0', seys: '6' },
  cues: {
    pan: String.raw`numero de (la |su |tu )?tarjeta|numeros? de (la|su|tu) tarjeta|tarjeta de (credito|debito)|(los )?(dieciseis|16|quince|15) (digitos|numeros)|(los )?(siguientes|proximos) (cuatro|4|ocho|8|digitos|numeros)`,
    cvv: String.raw`codigo de (seguridad|verificacion)|codigo cvv|cvv|cvc|(los )?(tres|3|cuatro|4) (digitos|numeros) (de atras|del reverso|de detras|de la parte de atras)`,
    expiry: String.raw`fecha de (caducidad|vencimiento|expiracion)|caduca|vence|vencimiento|caducidad|valida hasta`,
    other: String.raw`telefono|movil|celular|pedido|referencia|cuenta|factura|codigo postal|euros?|dolares?|pesos|importe|total|saldo|nacimiento|expediente|reserva|cliente|horas?`,
  },
};
