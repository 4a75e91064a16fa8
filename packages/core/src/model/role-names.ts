/**
 * The names of the roles (CONTRACT §4) and of the channel and message labels, in the two languages of the workspace and
 * the report: one table, so that the web UI and `dragnet report` call the same thing by the same word (дроп, продажа).
 */
export const ROLE_NAMES: Readonly<Record<'ru' | 'en', Readonly<Record<string, string>>>> = {
  en: {
    operator: 'operator',
    recruiter: 'recruiter',
    courier: 'courier',
    dropper: 'dropper',
    exchanger: 'exchanger',
    end_recipient: 'end recipient',
    buyer: 'buyer',
    chemist: 'chemist',
    supplier: 'supplier',
    unknown: 'unknown',
    sale: 'sale',
    recruitment: 'recruitment',
    training: 'training',
    payment: 'payment',
    drop_report: 'drop report',
  },
  ru: {
    operator: 'оператор',
    recruiter: 'вербовщик',
    courier: 'курьер',
    dropper: 'дроп',
    exchanger: 'обменник',
    end_recipient: 'конечный получатель',
    buyer: 'покупатель',
    chemist: 'химик',
    supplier: 'поставщик',
    unknown: 'неизвестно',
    sale: 'продажа',
    recruitment: 'вербовка',
    training: 'обучение',
    payment: 'оплата',
    drop_report: 'отчёт о закладке',
  },
};

/** A role or label by its name in `lang`; one the table does not know as it is. */
export function roleName(role: string, lang: 'ru' | 'en'): string {
  return ROLE_NAMES[lang][role] ?? role;
}
