import { describe, expect, it } from 'vitest';
import { detectHeader } from './detect-header.ts';
import { classifyHeader } from './header-synonyms.ts';
import { parseTableDate } from './table-date.ts';

describe('classifyHeader', () => {
  it.each([
    ['Дата', 'date'],
    ['Күні', 'date'],
    // Uzbek (Latin, Cyrillic) and Kyrgyz headers.
    ['Sana', 'date'],
    ['Operatsiya sanasi', 'date'],
    ['Сана', 'date'],
    ['Күнү', 'date'],
    ['Summa', 'amount'],
    ['Суммасы', 'amount'],
    ['Valyuta', 'currency'],
    ['Kirim', 'credit'],
    ['Chiqim', 'debit'],
    ["Jo'natuvchi", 'sender'],
    ['Жөнөтүүчү', 'sender'],
    ['Qabul qiluvchi', 'receiver'],
    ['Олувчи', 'receiver'],
    ['Алуучу', 'receiver'],
    ['STIR', 'iin'],
    ['Izoh', 'description'],
    ["To'lov maqsadi", 'description'],
    ['Qoldiq', 'balance'],
    // The other side's IIN/BIN is its IIN, not its name; an amount in some currency is an amount.
    ['БИН/ИИН получателя', 'iin'],
    ['Телефон получателя', 'phone'],
    ['Phone of the payee', 'phone'],
    ['ИИН отправителя', 'iin'],
    ['Сумма в валюте счета', 'amount'],
    ['Amount in account currency', 'amount'],
    ['Валюта суммы', 'currency'],
    ['Transaction date', 'date'],
    ['Дата платежа', 'valueDate'],
    ['Время', 'time'],
    ['Сумма', 'amount'],
    ['Сомасы', 'amount'],
    ['Amount', 'amount'],
    ['Списание', 'debit'],
    ['Шығыс', 'debit'],
    ['Withdrawal', 'debit'],
    ['Зачисление', 'credit'],
    ['Кіріс', 'credit'],
    ['Deposit', 'credit'],
    ['Дебет/Кредит', 'direction'],
    ['Отправитель', 'sender'],
    ['Жіберуші', 'sender'],
    ['Получатель', 'receiver'],
    ['Алушы', 'receiver'],
    ['Отправитель/Получатель', 'counterparty'],
    ['Счет получателя', 'receiverAccount'],
    ['Номер карты', 'card'],
    ['Карта нөмірі', 'card'],
    ['ИИН/БИН', 'iin'],
    ['ЖСН', 'iin'],
    ['Телефон', 'phone'],
    ['Валюта', 'currency'],
    ['Валютасы', 'currency'],
    ['Назначение платежа', 'description'],
    ['Сипаттама', 'description'],
    ['Остаток', 'balance'],
    ['Статус', 'status'],
    ['Комбинация', undefined],
  ])('%s → %s', (cell, role) => {
    expect(classifyHeader(cell)).toBe(role);
  });
});

describe('detectHeader', () => {
  it('skips a metadata block and joins a two-row header', () => {
    const rows = [
      ['Выписка по карте', '', ''],
      ['Номер карты: *1234', '', ''],
      ['Дата', 'Сумма', 'Сумма'],
      ['Дата', 'Списание', 'Зачисление'],
      ['05.03.2024', '100,00', ''],
    ];
    const h = detectHeader(rows);
    expect(h?.index).toBe(3);
    expect(h?.columns).toEqual({ date: 0, debit: 1, credit: 2 });
  });

  it('needs a date and an amount column', () => {
    expect(
      detectHeader([
        ['Имя', 'Сумма'],
        ['a', '1'],
      ]),
    ).toBeUndefined();
  });
});

describe('parseTableDate', () => {
  it.each([
    ['05.03.2024 14:22', '2024-03-05T14:22:00.000Z'],
    ['05.03.24', '2024-03-05T00:00:00.000Z'],
    ['2024-03-05T14:22:00+05:00', '2024-03-05T09:22:00.000Z'],
    ['2024-03-05', '2024-03-05T00:00:00.000Z'],
    ['45356.5', '2024-03-05T12:00:00.000Z'],
    ['30.02.2024', undefined],
    ['hello', undefined],
  ])('%s → %s', (text, iso) => {
    expect(parseTableDate(text)).toBe(iso);
  });

  it('reads month-first dates when told, and applies the offset', () => {
    expect(parseTableDate('03/05/2024 10:00', 'MDY', 300)).toBe('2024-03-05T05:00:00.000Z');
  });
});
