/**
 * Column roles of tabular bank statements and the header words (Russian, Kazakh, English) that name them.
 * Order matters: the first rule whose words match a header cell wins, so specific rules ("дата платежа",
 * "счет получателя") come before general ones ("дата", "получатель").
 */
export type ColumnRole =
  | 'date'
  | 'time'
  | 'valueDate'
  | 'amount'
  | 'debit'
  | 'credit'
  | 'direction'
  | 'currency'
  | 'balance'
  | 'description'
  | 'operation'
  | 'category'
  | 'counterparty'
  | 'counterpartyAccount'
  | 'sender'
  | 'senderAccount'
  | 'receiver'
  | 'receiverAccount'
  | 'card'
  | 'phone'
  | 'iin'
  | 'reference'
  | 'status';

export const COLUMN_ROLES: readonly ColumnRole[] = [
  'date',
  'time',
  'valueDate',
  'amount',
  'debit',
  'credit',
  'direction',
  'currency',
  'balance',
  'description',
  'operation',
  'category',
  'counterparty',
  'counterpartyAccount',
  'sender',
  'senderAccount',
  'receiver',
  'receiverAccount',
  'card',
  'phone',
  'iin',
  'reference',
  'status',
];

const ACCOUNT_WORDS = /(сч[её]т|iban|account|шот|карт|card|реквизит|номер)/;
// Uzbek (Latin and Cyrillic) and Kyrgyz words too: jo'natuvchi / жўнатувчи, qabul qiluvchi / олувчи, жөнөтүүчү,
// алуучу.
const SENDER =
  /(отправител|плательщик|жіберуші|төлеуші|sender|payer|ordering|remitter|^from$|jo[ʻ'’]?natuvchi|жўнатувчи|yuboruvchi|юборувчи|to[ʻ'’]?lovchi|тўловчи|жөнөтүүчү|төлөөчү)/;
const RECEIVER =
  /(получател|бенефициар|алушы|recipient|receiver|payee|beneficiary|^to$|qabul qiluvchi|қабул қилувчи|oluvchi|олувчи|алуучу)/;
const IIN =
  /(^|[^a-zа-яәіңғүұқөһ])(иин|бин|жсн|бсн|iin|bin|инн|stir|стир|jshshir|жшшир)([^a-zа-яәіңғүұқөһ]|$)/;
const PHONE = /(телефон|phone|тел\.)/;
const COUNTERPARTY = /(контрагент|корреспондент|counterpart|merchant|мерчант|торговая точка|наименование)/;

interface Rule {
  role: ColumnRole;
  test: (h: string) => boolean;
}

const has = (re: RegExp) => (h: string) => re.test(h);

export const HEADER_RULES: readonly Rule[] = [
  {
    role: 'direction',
    test: (h) =>
      /(дебет|debit|д)\s*\/\s*(кредит|credit|к)|приход\s*\/\s*расход|d\/c|dr\/cr|направление|direction|кіріс\s*\/\s*шығыс/.test(
        h,
      ),
  },
  {
    role: 'counterparty',
    test: (h) => SENDER.test(h) && RECEIVER.test(h) && !ACCOUNT_WORDS.test(h),
  },
  { role: 'counterpartyAccount', test: (h) => SENDER.test(h) && RECEIVER.test(h) },
  { role: 'balance', test: has(/(остаток|баланс|balance|қалдық|qoldiq|қолдиқ)/) },
  {
    role: 'valueDate',
    test: has(
      /(дата платежа|дата валютирования|дата списания|дата зачисления|value date|валюттау күні|төлем күні)/,
    ),
  },
  { role: 'date', test: has(/(дата|date|күні|күн$|уақыты мен күні|^sana|^сана|sanasi$|санаси$|күнү$)/) },
  { role: 'time', test: has(/^(время|time|уақыт|уақыты)$/) },
  {
    role: 'debit',
    test: has(
      /(списан|расход|дебет|debit|withdraw|шығыс|шығын|outflow|paid out|money out|снятие|chiqim|чиқим|чыгаша)/,
    ),
  },
  {
    role: 'credit',
    test: has(
      /(зачислен|поступлен|приход|кредит|credit|deposit|кіріс|түсім|inflow|paid in|money in|пополнен|kirim|кирим|киреше)/,
    ),
  },
  { role: 'senderAccount', test: (h) => SENDER.test(h) && ACCOUNT_WORDS.test(h) },
  { role: 'receiverAccount', test: (h) => RECEIVER.test(h) && ACCOUNT_WORDS.test(h) },
  { role: 'counterpartyAccount', test: (h) => COUNTERPARTY.test(h) && ACCOUNT_WORDS.test(h) },
  // `БИН/ИИН получателя`, `Телефон получателя`: the other side's IIN/BIN or phone, not its name.
  { role: 'iin', test: (h) => IIN.test(h) && !ACCOUNT_WORDS.test(h) },
  { role: 'phone', test: (h) => PHONE.test(h) && !ACCOUNT_WORDS.test(h) },
  { role: 'sender', test: has(SENDER) },
  { role: 'receiver', test: has(RECEIVER) },
  { role: 'counterparty', test: has(COUNTERPARTY) },
  { role: 'iin', test: has(IIN) },
  { role: 'phone', test: has(PHONE) },
  {
    role: 'card',
    test: has(
      /(номер карты|карта нөмірі|card number|^карта$|^card$|карточк|^№ карты|^карта\/сч[её]т|pan$|karta raqami|карта рақами)/,
    ),
  },
  // `Сумма в валюте счета`, `Amount in account currency`: an amount, whatever currency it names.
  { role: 'amount', test: has(/(сумма|сомасы|amount).*(валют|currency)/) },
  { role: 'currency', test: has(/(валют|currency|^ccy$|^cur$|valyuta)/) },
  { role: 'amount', test: has(/(сумма|сомасы|сома$|amount|^sum$|^итого$|^summa|суммаси|суммасы)/) },
  {
    role: 'counterpartyAccount',
    test: has(/(^iban$|номер сч[её]та|^сч[её]т$|^account$|account number|шот нөмірі)/),
  },
  {
    role: 'reference',
    test: has(
      /(номер документа|номер операции|референс|reference|^ref|^№|^id$|transaction id|квитанци|құжат нөмірі)/,
    ),
  },
  { role: 'status', test: has(/(статус|status|мәртебе|күйі)/) },
  { role: 'category', test: has(/(категори|category|mcc)/) },
  {
    role: 'description',
    test: has(
      /(описание|назначение|детали|description|details|сипаттама|мақсаты|комментари|memo|narrative|примечание|purpose|izoh|изоҳ|изох|maqsadi|мақсади|to[ʻ'’]?lov maqsadi)/,
    ),
  },
  {
    role: 'operation',
    test: has(
      /(операция|вид операции|тип операции|operation|^type$|^тип$|transaction type|операция түрі|^түрі$)/,
    ),
  },
];

/** Lower-case, `ё`→`е`, spaces collapsed: how header cells are compared. */
export function normalizeHeader(cell: string): string {
  return cell
    .toLowerCase()
    .replace(/ё/g, 'е')
    .replace(/[\s\u00a0\u2009\u202f]+/g, ' ')
    .replace(/[:*]+$/, '')
    .trim();
}

/** The role a header cell names, or undefined. */
export function classifyHeader(cell: string): ColumnRole | undefined {
  const h = normalizeHeader(cell);
  if (h === '' || h.length > 80) return undefined;
  for (const r of HEADER_RULES) if (r.test(h)) return r.role;
  return undefined;
}
