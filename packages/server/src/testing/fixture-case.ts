import type { ParsedRecord, Store, TransferRow } from '@dragnet/core';
import { contextLabelRow } from '@dragnet/core/labels/chat-context-pass.ts';
import type { FindingsSupport } from '@dragnet/core/findings/findings.ts';
import type { Findings } from '../findings.ts';

/** Hand-made small case for API and browser tests: one shop chain, a hostile channel, one seizure. */
export const FIXTURE = {
  bankFile: 'a'.repeat(64),
  telegramFile: 'b'.repeat(64),
  kycFile: 'c'.repeat(64),
  chat: 'tg:chat:1001',
  buyer: 'card:4400430000000011',
  buyer2: 'card:4400430000000029',
  dropper: 'card:4400430000000037',
  dropper2: 'card:4400430000000045',
  collector: 'card:4400430000000052',
  exchange: 'exchange:fastcoin:7781',
  endWallet: 'tron:TXyZ1111111111111111111111111111aa',
  operator: 'P-OPERATOR',
  mule: 'P-MULE',
  hostileText:
    'Прайс обновлён <img src=x onerror=alert(1)> пишите javascript:alert(document.cookie) или на карту 4400 4300 0000 0037',
  /** The reason of the label message 2 has from its chat (author ids in it come from evidence: rendered as text). */
  contextReason:
    'message in a two-person chat where tg:user:<b>7</b> posted sale evidence: messages 1; own score 0.04',
} as const;

const F = FIXTURE;

/** A transfer record of the fixture's bank file (`row:<n + 1>`), or of another file where `at` says so. */
export function transfer(
  n: number,
  ts: string,
  amount: string,
  currency: string,
  from: string,
  to: string,
  channel: TransferRow['channel'],
  at: Partial<Pick<TransferRow, 'id' | 'txId' | 'evidenceId' | 'locator'>> = {},
): ParsedRecord {
  return {
    table: 'transfers',
    row: {
      id: `t${n}`,
      txId: `TX${n}`,
      timestamp: ts,
      amount,
      currency,
      fromAccount: from,
      toAccount: to,
      fromHolder: null,
      toHolder: null,
      channel,
      reference: null,
      props: null,
      evidenceId: F.bankFile,
      locator: `row:${n + 1}`,
      ...at,
    },
  };
}

export const FIXTURE_FINDINGS: Findings = {
  schemaVersion: 1,
  case: { name: 'Fixture case', evidence: 3, transfers: 8, messages: 3 },
  summary: {
    participants: 2,
    networks: 1,
    droppers: 2,
    exchangers: 1,
    channelsFlagged: 1,
    endRecipients: 1,
    turnoverUsd: 1234.56,
  },
  persons: [
    {
      id: F.operator,
      names: ['Асанов Бекзат', 'Asanov Bekzat'],
      identifiers: ['iin:900101300012', 'phone:+77010000001'],
      roles: ['operator'],
      network: 'n1',
      nationality: ['KZ'],
      accounts: [F.collector],
      turnoverUsd: { in: 1000.5, out: 950.25 },
    },
    {
      id: F.mule,
      names: ['Мулов Иван'],
      identifiers: [],
      roles: ['dropper'],
      network: 'n1',
      nationality: ['KZ'],
      accounts: [F.dropper],
      turnoverUsd: { in: 300, out: 290 },
    },
  ],
  accounts: [
    {
      id: F.dropper,
      kind: 'card',
      holder: F.mule,
      roles: [
        {
          role: 'dropper',
          score: 0.91,
          reasons: [
            '12 payers in one day (16-МР: >10)',
            'out within 1 minute of in',
            'fan-in from 12 different payers',
          ],
        },
      ],
      inUsd: 300,
      outUsd: 290,
      counterparties: 3,
    },
    {
      id: F.dropper2,
      kind: 'card',
      holder: null,
      roles: [{ role: 'dropper', score: 0.8, reasons: ['many small payers, one sweep'] }],
      inUsd: 100,
      outUsd: 100,
      counterparties: 2,
    },
    {
      id: F.collector,
      kind: 'card',
      holder: F.operator,
      roles: [{ role: 'operator', score: 0.7, reasons: ['receives consolidated funds from droppers'] }],
      inUsd: 390,
      outUsd: 380,
      counterparties: 3,
    },
    {
      id: F.exchange,
      kind: 'exchange',
      holder: null,
      roles: [{ role: 'exchanger', score: 0.88, reasons: ['fiat in from droppers, USDT out'] }],
      inUsd: 380,
      outUsd: 380,
      counterparties: 2,
    },
    {
      id: F.buyer,
      kind: 'card',
      holder: null,
      roles: [{ role: 'buyer', score: 0.6, reasons: ['few small payments into droppers'] }],
      inUsd: 0,
      outUsd: 60,
      counterparties: 1,
    },
  ],
  channels: [
    {
      id: F.chat,
      title: 'Магазин <b>Север</b>',
      labels: [{ label: 'sale', score: 0.97, evidence: [`${F.chat}/1`] }],
    },
  ],
  networks: [
    {
      id: 'n1',
      size: 2,
      members: [F.operator, F.mule],
      turnoverUsd: 1234.56,
      regions: ['Shymkent', 'Mangystau'],
    },
  ],
  endRecipients: [
    { account: F.endWallet, holder: null, jurisdiction: 'AE', receivedUsd: 375.4, method: 'fifo' },
  ],
  crossCase: [],
  keyFigures: [],
};

/** Fills `store` with the fixture case and its findings document. */
export async function fillFixtureCase(store: Store): Promise<void> {
  await store.init();
  // `path`: where each file was ingested from, as the register keeps it (docs/data-model.md).
  const ev = (id: string, name: string, format: string, path: string | null) => ({
    id,
    size: 1000,
    originalName: name,
    path,
    storedPath: `evidence/${id}`,
    format,
    parserVersion: '1',
    source: 'fixture',
    ingestedAt: '2025-03-10T10:00:00.000Z',
  });
  await store.ingest(
    ev(F.bankFile, 'statement <script>.csv', 'transfers-csv', 'bank/statement <script>.csv'),
    async (sink) => {
      const rows = [
        transfer(1, '2025-03-01T09:00:00.000Z', '15000', 'KZT', F.buyer, F.dropper, 'card2card'),
        transfer(2, '2025-03-01T09:05:00.000Z', '20000', 'KZT', F.buyer2, F.dropper, 'card2card'),
        transfer(3, '2025-03-01T09:10:00.000Z', '10000', 'KZT', F.buyer2, F.dropper2, 'card2card'),
        transfer(4, '2025-03-01T09:20:00.000Z', '34000', 'KZT', F.dropper, F.collector, 'card2card'),
        transfer(5, '2025-03-01T09:25:00.000Z', '10000', 'KZT', F.dropper2, F.collector, 'card2card'),
        transfer(6, '2025-03-02T11:00:00.000Z', '44000', 'KZT', F.collector, F.exchange, 'p2p'),
        transfer(7, '2025-03-02T12:00:00.000Z', '90.5', 'USDT', F.exchange, F.endWallet, 'crypto'),
        // Before the money arrived at the collector: a time-respecting trace from the buyer skips it.
        transfer(8, '2025-02-20T08:00:00.000Z', '5000', 'KZT', F.collector, F.buyer2, 'card2card'),
      ];
      for (const r of rows) await sink.add(r);
      await sink.add({
        table: 'fx_rates',
        row: {
          date: '2025-03-01',
          currency: 'KZT',
          usdPerUnit: '0.002',
          evidenceId: F.bankFile,
          locator: 'rates:1',
        },
      });
      await sink.add({
        table: 'fx_rates',
        row: {
          date: '2025-02-01',
          currency: 'KZT',
          usdPerUnit: '0.0021',
          evidenceId: F.bankFile,
          locator: 'rates:2',
        },
      });
      await sink.issue({
        evidenceId: F.bankFile,
        locator: 'row:10',
        severity: 'quarantine',
        reason: 'amount "12,5,0" is not a number',
        raw: '9,2025-03-01,12,5,0,KZT',
      });
    },
  );
  await store.ingest(
    ev(F.telegramFile, 'result.json', 'telegram-json', 'phone1/ChatExport_2025-03-10/result.json'),
    async (sink) => {
      await sink.add({
        table: 'chats',
        row: {
          chatId: F.chat,
          type: 'channel',
          title: 'Магазин <b>Север</b>',
          username: 'sever_shop',
          evidenceId: F.telegramFile,
          locator: 'chat',
        },
      });
      await sink.add({
        table: 'tg_users',
        row: {
          userId: 'tg:user:501',
          username: 'sever_admin',
          displayName: 'Admin',
          phone: null,
          evidenceId: F.telegramFile,
          locator: 'message:1',
        },
      });
      await sink.add({
        table: 'memberships',
        row: {
          userId: 'tg:user:501',
          chatId: F.chat,
          role: 'admin',
          timestamp: null,
          evidenceId: F.telegramFile,
          locator: 'message:1',
        },
      });
      const msg = (id: string, ts: string, text: string) =>
        sink.add({
          table: 'messages',
          row: {
            chatId: F.chat,
            messageId: id,
            timestamp: ts,
            authorId: 'tg:user:501',
            authorName: 'Admin <i>',
            text,
            replyTo: null,
            forwardedFrom: null,
            viaBot: null,
            edited: null,
            mediaKind: null,
            action: null,
            evidenceId: F.telegramFile,
            locator: `message:${id}`,
          },
        });
      await msg('1', '2025-02-28T18:00:00.000Z', F.hostileText);
      await msg(
        '2',
        '2025-03-01T08:00:00.000Z',
        'Новый адрес: <a href="javascript:alert(2)">клик</a> точка 43.2973, 68.2518',
      );
      await msg('3', '2025-03-01T08:30:00.000Z', 'Всем привет');
      const start = F.hostileText.indexOf('4400');
      await sink.add({
        table: 'mentions',
        row: {
          chatId: F.chat,
          messageId: '1',
          identifier: F.dropper,
          kind: 'card',
          start,
          end: start + 19,
          validated: true,
          raw: '4400 4300 0000 0037',
          source: 'text',
          evidenceId: F.telegramFile,
          locator: 'message:1',
        },
      });
      await sink.add({
        table: 'mentions',
        row: {
          chatId: F.chat,
          messageId: '2',
          identifier: 'geo:43.2973,68.2518',
          kind: 'coordinates',
          start: 59,
          end: 75,
          validated: true,
          raw: '43.2973, 68.2518',
          source: 'text',
          evidenceId: F.telegramFile,
          locator: 'message:2',
        },
      });
      await sink.add({
        table: 'message_labels',
        row: {
          chatId: F.chat,
          messageId: '1',
          label: 'sale',
          score: 0.97,
          lexiconVersion: '1',
          terms: [{ term: 'прайс', start: 0, end: 5, lang: 'ru' }],
          evidenceId: F.telegramFile,
          locator: 'message:1',
        },
      });
      // A label message 2 has from its chat (docs/labels.md, "Chat context"), stored as an ingest stores it.
      await sink.add({
        table: 'message_labels',
        row: contextLabelRow(
          F.chat,
          { id: '2', evidenceId: F.telegramFile, locator: 'message:2' },
          { label: 'sale', score: 0.68, reason: F.contextReason, refs: ['1'] },
        ),
      });
    },
  );
  await store.ingest(ev(F.kycFile, 'kyc.csv', 'holders-csv', null), async (sink) => {
    await sink.add({
      table: 'holders',
      row: {
        account: F.dropper,
        holderName: 'Мулов Иван',
        iin: null,
        passport: null,
        nationality: 'KZ',
        birthdate: null,
        phone: null,
        address: null,
        institution: 'Kaspi',
        openedAt: null,
        evidenceId: F.kycFile,
        locator: 'row:2',
      },
    });
    await sink.add({
      table: 'persons',
      row: {
        personId: F.operator,
        name: 'Асанов Бекзат',
        iin: null,
        passport: null,
        nationality: 'KZ',
        birthdate: null,
        status: 'detained',
        evidenceId: F.kycFile,
        locator: 'row:5',
      },
    });
    await sink.add({
      table: 'seizures',
      row: {
        seizureId: 'S1',
        date: '2025-03-05',
        place: 'Шымкент',
        lat: 42.3417,
        lon: 69.5901,
        substance: 'code A',
        massG: '12.5',
        description: null,
        personId: F.operator,
        evidenceId: F.kycFile,
        locator: 'row:9',
      },
    });
  });
  await store.putDocument('findings', FIXTURE_FINDINGS);
  await store.putDocument('findings-support', FIXTURE_SUPPORT);
}

/** The footnotes of a few figures (`findings-support`): the report cites their records. */
export const FIXTURE_SUPPORT: FindingsSupport = {
  footnotes: {
    droppers: { figure: 'droppers', evidenceIds: [F.bankFile], records: ['t1', 't2'] },
    [`account:${F.dropper}`]: {
      figure: `account:${F.dropper}`,
      evidenceIds: [],
      records: ['t1', 't2', 't4'],
    },
    channels: { figure: 'channels', evidenceIds: [F.telegramFile], records: [`${F.chat}#1`] },
    [`channel:${F.chat}`]: { figure: `channel:${F.chat}`, evidenceIds: [], records: [`${F.chat}#1`] },
  },
};
