import { describe, expect, it } from 'vitest';
import { readStatementMeta } from './statement-meta.ts';

const holderOf = (...rows: string[][]) => readStatementMeta(rows).holder;

describe('readStatementMeta holder labels', () => {
  it.each([
    ['Владелец:'],
    ['Владелец'],
    ['Владелец карты'],
    ['Владелец карты:'],
    ['ФИО клиента'],
    ['ФИО'],
    ['Ф.И.О.:'],
    ['Клиент'],
    ['Клиент:'],
    ['Иесі'],
    ['Шот иесі:'],
    ['Account holder'],
    ['Account holder:'],
    ['Card holder:'],
  ])('%s followed by the name in the next non-empty cell', (label) => {
    expect(holderOf([label, '', 'Иванов Иван'])).toBe('Иванов Иван');
  });

  it.each([
    ['Владелец: Иванов Иван'],
    ['Владелец карты: Иванов Иван'],
    ['ФИО клиента: Иванов Иван'],
    ['Клиент – Иванов Иван'],
    ['Иесі: Иванов Иван'],
    ['Account holder: Иванов Иван'],
    ['ВЛАДЕЛЕЦ:Иванов Иван'],
  ])('%s in one cell (a CSV header line) gives the name after the separator', (cell) => {
    expect(holderOf([cell])).toBe('Иванов Иван');
  });

  it('never keeps a piece of the label as the name', () => {
    // the XLSX cell `Владелец:` with the name beside it, and a label cell alone on its row
    expect(holderOf(['Владелец:', 'Сейітов Ә.'])).toBe('Сейітов Ә.');
    expect(holderOf(['Владелец:'])).toBeUndefined();
    expect(holderOf(['Владелец карты'])).toBeUndefined();
    expect(holderOf(['ФИО клиента'])).toBeUndefined();
  });

  it('needs the whole label word: Клиентский номер is not a holder label', () => {
    expect(holderOf(['Клиентский номер', 'Абвгд'])).toBeUndefined();
    expect(holderOf(['Владельцы', 'Абвгд'])).toBeUndefined();
  });

  it('lets a longer label of another kind win and reads a label in parentheses', () => {
    expect(readStatementMeta([['Клиент (ИИН)', '900101300126']])).toEqual({ iin: 'iin:900101300126' });
    expect(readStatementMeta([['Номер карты:', '*1234']]).holder).toBeUndefined();
    expect(readStatementMeta([['Шот валютасы:', 'теңге']])).toEqual({ currency: 'KZT' });
  });

  it('still reads the period from a title line and the other labelled facts', () => {
    expect(
      readStatementMeta([
        ['ВЫПИСКА по Kaspi Gold за период с 01.03.24 по 31.03.24'],
        ['Владелец', 'Иванов Иван Иванович'],
        ['ИИН', '900101300126'],
        ['Номер счета:', 'KZ86125KZT5004100100'],
        ['Валюта счёта', 'KZT'],
        ['Остаток на начало периода', '10 000,00 ₸'],
        ['Исходящий остаток:', '-5,5'],
      ]),
    ).toEqual({
      periodFrom: '2024-03-01',
      periodTo: '2024-03-31',
      holder: 'Иванов Иван Иванович',
      iin: 'iin:900101300126',
      account: 'iban:KZ86125KZT5004100100',
      accountRaw: 'KZ86125KZT5004100100',
      currency: 'KZT',
      openingBalance: '10000.00',
      closingBalance: '-5.5',
    });
  });
});
