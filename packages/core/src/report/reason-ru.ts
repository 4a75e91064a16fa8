import { groupDigits } from '../text/group-digits.ts';
/**
 * Russian wording of the English role reasons (analysis/assign-roles.ts, analysis/analyze-case-data.ts,
 * analysis/role-evidence.ts) for the ru report. The findings JSON keeps the English strings (CONTRACT.md
 * §4); only the rendered report is translated. Identifiers and names are copied verbatim from the English text;
 * numbers and percentages are written the Russian way (`11.8` → `11,8`, `97.5%` → `97,5%`, `numberRu`) and a `$`
 * amount too (`$22,301.58` → `22 301,58 USD`, `usdRu`), as the report's own figures and USD columns are. Roles are named by the workspace's words (дроп, model/role-names.ts). A reason no
 * template knows stays in English: a prosecutor must still see every ground, and reason-ru.test.ts fails when the
 * analysis grows a reason without a template.
 */

/** The Russian noun form for a count: `pluralRu(n, 'платёж', 'платежа', 'платежей')`. */
export function pluralRu(n: number, one: string, few: string, many: string): string {
  const abs = Math.abs(Math.trunc(n));
  const d10 = abs % 10;
  const d100 = abs % 100;
  if (d10 === 1 && d100 !== 11) return one;
  if (d10 >= 2 && d10 <= 4 && (d100 < 12 || d100 > 14)) return few;
  return many;
}

/** `"5 платежей"`, `"12 500 платежей"`: the count grouped the Russian way (`numberRu`), then its noun form. */
const n = (count: string | undefined, one: string, few: string, many: string) =>
  `${count === undefined ? count : numberRu(count)} ${pluralRu(Number(count), one, few, many)}`;

/**
 * A number of an English reason written the Russian way, as the report's own figures are: a decimal comma, thousands
 * grouped by a no-break space (`11.8` → `11,8`, `97.5%` → `97,5%`, `12500` → `12 500`), as `usdRu` groups an
 * amount. Any other text (an id, a date, a name) as it is.
 */
export function numberRu(text: string): string {
  const m = /^(-?)(\d+)(?:\.(\d+))?(%?)$/.exec(text);
  if (!m) return text;
  const whole = groupDigits(m[2]!, '\u00a0');
  return `${m[1]}${whole}${m[3] === undefined ? '' : `,${m[3]}`}${m[4]}`;
}

type Rule = readonly [RegExp, (g: (string | undefined)[]) => string];

// Order matters only where two templates share an opening; each regex is anchored at both ends.
const RULES: readonly Rule[] = [
  // --- Droppers ---
  [
    /^(\d+) payers? sent (\$\S+) in (\d+) credits?$/,
    ([p, amount, c]) =>
      `${n(p, 'плательщик', 'плательщика', 'плательщиков')} ${pluralRu(Number(p), 'перевёл', 'перевели', 'перевели')} ${amount} за ${n(c, 'зачисление', 'зачисления', 'зачислений')}`,
  ],
  [/^(\S+%) left again$/, ([x]) => `${x} ушло дальше`],
  [
    /^(\S+%) of the outflow left within (\d+) h of arriving$/,
    ([x, h]) => `${x} исходящих средств ушло в течение ${h} ч после поступления`,
  ],
  [
    /^(\S+%) of the outflow left within (\d+) days of arriving$/,
    ([x, d]) => `${x} исходящих средств ушло в течение ${n(d, 'дня', 'дней', 'дней')} после поступления`,
  ],
  [
    /^no everyday spending \((\d+) of (\d+) debits ≤ (\$\S+), to (\d+) payees?\)$/,
    ([a, b, lim, c]) =>
      `нет бытовых трат (${a} из ${n(b, 'списания', 'списаний', 'списаний')} ≤ ${lim}, в адрес ${n(c, 'получателя', 'получателей', 'получателей')})`,
  ],
  [
    /^no everyday spending \((\d+) of (\d+) debits ≤ (\$\S+)\)$/,
    ([a, b, lim]) => `нет бытовых трат (${a} из ${n(b, 'списания', 'списаний', 'списаний')} ≤ ${lim})`,
  ],
  [
    /^(\d+) counterparties on (\S+) \(> (\d+)\/day\)$/,
    ([c, day, lim]) => `${n(c, 'контрагент', 'контрагента', 'контрагентов')} за ${day} (> ${lim} в день)`,
  ],
  [
    /^(\d+) counterparties in one month \(> (\d+)\)$/,
    ([c, lim]) => `${n(c, 'контрагент', 'контрагента', 'контрагентов')} за один месяц (> ${lim})`,
  ],
  [
    /^(\d+) operations in one day \(> (\d+)\)$/,
    ([c, lim]) => `${n(c, 'операция', 'операции', 'операций')} за один день (> ${lim})`,
  ],
  [
    /^(\$\S+) moved on (\S+) \(> (\$\S+)\/day\)$/,
    ([amount, day, lim]) => `${amount} проведено за ${day} (> ${lim} в день)`,
  ],
  [
    /^(\$\S+) moved in one month \(> (\$\S+)\)$/,
    ([amount, lim]) => `${amount} проведено за один месяц (> ${lim})`,
  ],
  [
    /^(\d+) of (\d+) debits within (\d+) s of a credit$/,
    ([a, b, s]) => `${a} из ${n(b, 'списания', 'списаний', 'списаний')} в течение ${s} с после зачисления`,
  ],
  [/^active in (\d+) different hours of one day$/, ([h]) => `операции в разные часы одного дня: ${h}`],
  [
    /^fan-in from (\d+) different payers$/,
    ([p]) => `поступления от ${n(p, 'разного плательщика', 'разных плательщиков', 'разных плательщиков')}`,
  ],
  [
    /^transit for (\S+) months: (\S+%) of the outflow left within (\d+) days$/,
    ([m, x, d]) =>
      `транзит в течение ${m} мес.: ${x} исходящих средств ушло в течение ${n(d, 'дня', 'дней', 'дней')}`,
  ],
  [/^(\S+%) swept to one account, (.+)$/, ([x, acct]) => `${x} переведено на один счёт, ${acct}`],
  [
    /^published as payment details in (\d+) message\(s\)$/,
    ([c]) => `опубликован как реквизиты для оплаты в ${n(c, 'сообщении', 'сообщениях', 'сообщениях')}`,
  ],
  [
    /^collects (\$\S+) from (\d+) dropper accounts \((\S+%) of its inflow\)$/,
    ([amount, c, x]) =>
      `собирает ${amount} с ${n(c, 'счёта дропа', 'счетов дропов', 'счетов дропов')} (${x} его поступлений)`,
  ],
  [
    /^(\S+%) swept on to (.+), (\S+%) passed through$/,
    ([x, acct, y]) => `${x} переведено дальше на ${acct}, ${y} прошло транзитом`,
  ],
  [
    /^(\S+%) of the outflow \((\$\S+)\) went to dropper accounts \(≥ (\S+%)\)$/,
    ([x, amount, y]) => `${x} исходящих средств (${amount}) ушло на счета дропов (≥ ${y})`,
  ],
  [/^holds dropper account (.+)$/, ([acct]) => `владеет счётом дропа ${acct}`],

  // --- Exchangers ---
  [
    /^fiat in from (\d+) counterparties on (\d+) account\(s\)(?:, (\d+) of them dropper accounts)?$/,
    ([c, a, d]) =>
      `фиатные поступления от ${n(c, 'контрагента', 'контрагентов', 'контрагентов')} на ${n(a, 'счёт', 'счёта', 'счетов')}${d === undefined ? '' : `, из них ${d} — ${pluralRu(Number(d), 'счёт дропа', 'счета дропов', 'счета дропов')}`}`,
  ],
  [
    /^(\d+) crypto\/exchange-account debits to (\d+) wallets from (.+)$/,
    ([c, w, from]) =>
      `${n(c, 'списание', 'списания', 'списаний')} с криптовалютных и биржевых счетов на ${n(w, 'кошелёк', 'кошелька', 'кошельков')} с ${from}`,
  ],
  [
    /^(\d+) P2P orders as seller or payee with (\d+) buyers$/,
    ([o, b]) =>
      `${n(o, 'P2P-ордер', 'P2P-ордера', 'P2P-ордеров')} в роли продавца или получателя оплаты, ${n(b, 'покупатель', 'покупателя', 'покупателей')}`,
  ],
  [/^not on the licensed exchange registry$/, () => 'отсутствует в реестре лицензированных обменников'],
  [
    /^(\d+) fiat-for-crypto trades with (\d+) customer\(s\): (\$\S+) in fiat to (.+?) answered within (\d+) h by (\$\S+) in crypto from (.+?) \(customers got back a median (\S+%) of what they paid(?:, a (\S+%) margin)?\)$/,
    ([t, c, fiat, to, h, crypto, from, rate, margin]) =>
      `${n(t, 'сделка', 'сделки', 'сделок')} обмена фиата на криптовалюту с ${n(c, 'клиентом', 'клиентами', 'клиентами')}: ${fiat} в фиате на ${to}, в ответ в течение ${h} ч ${crypto} в криптовалюте с ${from} (медиана возврата клиентам — ${rate} уплаченного${margin === undefined ? '' : `, маржа ${margin}`})`,
  ],
  [
    /^takes the fiat side of (.+)'s trades on (.+?): (.+)$/,
    ([name, ids, inner]) => `принимает фиатную сторону сделок ${name} на ${ids}: ${reasonRu(inner ?? '')}`,
  ],

  // --- Operators ---
  [/^administers flagged chat\(s\) (.+)$/, ([chats]) => `администрирует отмеченные чаты: ${chats}`],
  [
    /^authored (\d+) sale-labelled message\(s\)$/,
    ([c]) => `автор ${n(c, 'сообщения', 'сообщений', 'сообщений')} о продаже`,
  ],
  [
    /^named as the contact in (\d+) sale-labelled post\(s\) \(≥ (\d+)\)$/,
    ([c, lim]) =>
      `указан как контакт в ${n(c, 'публикации', 'публикациях', 'публикациях')} о продаже (≥ ${lim})`,
  ],
  [
    /^(\S+) is published together with (\S+) in (\d+) post\(s\) of flagged chats; that phone is on the record of (.+)$/,
    ([handle, phone, c, name]) =>
      `${handle} опубликован вместе с ${phone} в ${n(c, 'публикации', 'публикациях', 'публикациях')} отмеченных чатов; этот телефон числится за ${name}`,
  ],
  [
    /^received (\$\S+) consolidated from (\d+) dropper accounts$/,
    ([amount, d]) =>
      `получил ${amount}, собранные с ${n(d, 'счёта дропа', 'счетов дропов', 'счетов дропов')}`,
  ],
  [
    /^bought crypto in (\d+) trades \((\$\S+)\) from unlicensed exchanger\(s\) (.+?), paying from (.+), fed by dropper accounts \(≥ (\S+%) of the inflow\)$/,
    ([t, amount, names, from, x]) =>
      `купил криптовалюту в ${n(t, 'сделке', 'сделках', 'сделках')} (${amount}) у нелицензированных обменников ${names}, оплачивая с ${from}, которые пополняются со счетов дропов (≥ ${x} поступлений)`,
  ],

  // --- Recruiters, chemists, suppliers ---
  [
    /^authored (\d+) recruitment-labelled message\(s\)$/,
    ([c]) => `автор ${n(c, 'сообщения', 'сообщений', 'сообщений')} о вербовке`,
  ],
  [
    /^named as the contact in (\d+) recruitment-labelled post\(s\) \(≥ (\d+)\)$/,
    ([c, lim]) =>
      `указан как контакт в ${n(c, 'публикации', 'публикациях', 'публикациях')} о вербовке (≥ ${lim})`,
  ],
  [/^administers recruitment chat\(s\) (.+)$/, ([chats]) => `администрирует чаты вербовки: ${chats}`],
  [
    /^paid (\d+) time\(s\) over (\d+) month\(s\), (\$\S+) in all, from operator accounts$/,
    ([c, m, amount]) =>
      `получил ${n(c, 'выплату', 'выплаты', 'выплат')} за ${n(m, 'месяц', 'месяца', 'месяцев')}, всего ${amount}, со счетов операторов`,
  ],
  [
    /^tied to seizure (\S+)(?: of (\S+))?(?: at (.+?))? \((.+) in its record\)$/,
    ([id, date, place, words]) =>
      `связан с изъятием ${id}${date === undefined ? '' : ` от ${date}`}${place === undefined ? '' : ` (место: ${place})`} (${words} в протоколе)`,
  ],
  [
    /^authored (\d+) production-training message\(s\)$/,
    ([c]) => `автор ${n(c, 'сообщения', 'сообщений', 'сообщений')} с обучением производству`,
  ],
  [
    /^administers production-training chat\(s\) (.+)$/,
    ([chats]) => `администрирует чаты обучения производству: ${chats}`,
  ],
  [
    /^paid by (\S+) in (\d+) of the same months as (.+?) \(a chemist: (.*)\), median (\$\S+) against (\$\S+)$/,
    ([payer, c, name, inner, m, ref]) =>
      `получал выплаты с ${payer} в ${c} из тех же месяцев, что и ${name} (химик: ${reasonRu(inner ?? '')}), медиана ${m} против ${ref}`,
  ],
  [
    /^(\S+%) of (.+)'s inflow comes from operator accounts$/,
    ([x, acct]) => `${x} поступлений на ${acct} приходит со счетов операторов`,
  ],
  [
    /^inferred from the pay pattern only: confirm before relying on it$/,
    () => 'выведено только из характера выплат: требует проверки',
  ],
  [
    /^(\d+) payments totalling (\$\S+) from chemists' accounts$/,
    ([c, amount]) => `${n(c, 'платёж', 'платежа', 'платежей')} на сумму ${amount} со счетов химиков`,
  ],
  [
    /^(\d+) payments totalling (\$\S+) from operator accounts$/,
    ([c, amount]) => `${n(c, 'платёж', 'платежа', 'платежей')} на сумму ${amount} со счетов операторов`,
  ],
  [
    /^account published in production-training post\(s\): (.+)$/,
    ([refs]) =>
      `счёт опубликован в публикациях с обучением производству: ${(refs ?? '')
        .split('; ')
        .map((r) => r.replace(/^(\S+) names (\S+)$/, '$1 называет $2'))
        .join('; ')}`,
  ],

  // --- Couriers and buyers ---
  [
    /^(\d+) payments \(max (\$\S+)\) from shop accounts into (.+) over (\d+) weeks$/,
    ([c, max, acct, w]) =>
      `${n(c, 'платёж', 'платежа', 'платежей')} (макс. ${max}) со счетов магазина на ${acct} за ${n(w, 'неделю', 'недели', 'недель')}`,
  ],
  [/^authored (\d+) drop report\(s\)$/, ([c]) => `автор ${n(c, 'отчёта', 'отчётов', 'отчётов')} о закладках`],
  [
    /^(\d+) small payment\(s\) \(max (\$\S+)\) into dropper account\(s\)$/,
    ([c, max]) =>
      `${n(c, 'небольшой платёж', 'небольших платежа', 'небольших платежей')} (макс. ${max}) на счета дропов`,
  ],

  // --- End recipients ---
  [
    /^received (\$\S+) directly from network accounts and keeps it \((\S+%) paid out, ≤ (\S+%)\)$/,
    ([amount, out, lim]) =>
      `получил ${amount} напрямую со счетов сети и удерживает их (выплачено дальше ${out}, ≤ ${lim})`,
  ],
  [
    /^(\$\S+) traced here \((\S+)\) from dropper accounts, (\d+) hop\(s\)$/,
    ([amount, method, h]) =>
      `${amount} прослежено сюда (${method}) со счетов дропов, ${n(h, 'переход', 'перехода', 'переходов')}`,
  ],
  [/^path: (.+)$/, ([p]) => `путь: ${p}`],
  [/^(\$\S+) paid by operator accounts$/, ([amount]) => `${amount} выплачено со счетов операторов`],
  [/^jurisdiction (\S+) \(outside (\S+)\)$/, ([j, home]) => `юрисдикция ${j} (за пределами ${home})`],
  [/^jurisdiction unknown$/, () => 'юрисдикция неизвестна'],
  [/^jurisdiction (\S+)$/, ([j]) => `юрисдикция ${j}`],
];

/** A USD amount as the analysis writes it (`$1,234.56`, `$60`, `$-5.00`; assign-roles.ts `usd`). */
const USD_EN = /^\$(-?)(\d{1,3}(?:,\d{3})*|\d+)(?:\.(\d+))?$/;

/**
 * A USD amount of an English reason written the Russian way, as the report's USD columns write theirs (`ru-RU`
 * grouping by a no-break space, a decimal comma) with the unit after it: `$22,301.58` → `22 301,58 USD`, `$60` →
 * `60 USD`. Any other text as it is.
 */
export function usdRu(text: string): string {
  const m = USD_EN.exec(text);
  if (!m) return text;
  const whole = groupDigits(m[2]!.replace(/,/g, ''), '\u00a0');
  return `${m[1]}${whole}${m[3] === undefined ? '' : `,${m[3]}`}\u00a0USD`;
}

function translateOne(text: string): string | undefined {
  for (const [re, ru] of RULES) {
    const m = re.exec(text);
    // The parts that are amounts are rewritten before the template places them; every other part stays as written.
    if (m) return ru(m.slice(1).map((g) => (g === undefined ? g : numberRu(usdRu(g)))));
  }
  return undefined;
}

/**
 * The Russian wording of one English role reason. A reason built of "; "-separated parts that no
 * template matches as a whole is translated part by part; a part no template knows stays in English.
 */
export function reasonRu(text: string): string {
  const whole = translateOne(text);
  if (whole !== undefined) return whole;
  if (!text.includes('; ')) return text;
  return text
    .split('; ')
    .map((part) => translateOne(part) ?? part)
    .join('; ');
}
