/**
 * The generator's entry point: a scenario, a seed and a scale in; a sequence of file operations out
 * (canonical CSVs, bank statements, explorer exports, Telegram exports, truth.json). Pure and streaming:
 * transfers are produced one day at a time and written as they come.
 */
import { buildChats, type ChannelLabel, courierChats, courierDayMessages } from './chats.ts';
import type { Emit, Sink } from './emit.ts';
import {
  BankCsvWriter,
  Camt053Writer,
  KaspiXlsxWriter,
  OneCWriter,
  type StatementAccount,
} from './formats/bank.ts';
import { EsploraJsonWriter, TronGridJsonWriter, TronscanCsvWriter } from './formats/crypto.ts';
import { csvLine, isoUtc } from './formats/csv.ts';
import { TelegramHtmlWriter, TelegramJsonWriter } from './formats/telegram.ts';
import { buildFx, CURRENCY_SCALE, formatUnits, RATE_DECIMALS } from './fx.ts';
import { makeKzIban, maskCard } from './make-identifiers.ts';
import { createRng } from './prng.ts';
import { type ResolvedScenario, resolveScenario } from './scenario.ts';
import {
  BUYER_CARD,
  BUYER_CARD2,
  BUYER_RELATIVE,
  type DropReport,
  generateTransfers,
  type Transfer,
} from './transfers.ts';
import { buyerOf, type Person, type World, buildWorld } from './world.ts';

export interface GenerateOptions {
  scenario: string;
  seed: number;
  scale: number;
  overrides?: unknown;
}

export interface GenerateCounts {
  transfers: number;
  transfersCsvRows: number;
  messages: number;
  chats: number;
  persons: number;
  accounts: number;
  participants: number;
  files: number;
}

export const BIC: Record<string, string> = {
  'АО «Kaspi Bank»': 'CASPKZKA',
  'АО «Народный Банк Казахстана»': 'HSBKKZKX',
  'АО «ForteBank»': 'IRTYKZKA',
  'АО «Банк ЦентрКредит»': 'KCJBKZKX',
  'АО «Jusan Bank»': 'TSESKZKA',
};

const TRANSFER_HEADER = [
  'tx_id',
  'timestamp',
  'amount',
  'currency',
  'from_account',
  'to_account',
  'from_holder',
  'to_holder',
  'channel',
  'reference',
];

export function* generateEvidence(options: GenerateOptions): Generator<Emit, GenerateCounts> {
  const s = resolveScenario(options.scenario, {
    seed: options.seed,
    scale: options.scale,
    overrides: options.overrides,
  });
  const world = buildWorld(s);
  const root = createRng(s.seed);
  const fx = buildFx(s, root.fork('fx'));
  const queue: Emit[] = [];
  const files = new Set<string>();
  const sink: Sink = (e) => {
    if (e.op === 'open') files.add(e.file);
    queue.push(e);
  };
  const off = world.utcOffsetSeconds;
  const folders: Record<string, string> = { legit: 'shymkent' };
  for (const n of world.networks) folders[n.id] = n.region.toLowerCase();
  const mainFolder = folders[world.networks[0]?.id ?? 'n1'] ?? 'shymkent';

  // Canonical transfers per case folder.
  const transferFiles = new Map<string, string>();
  for (const folder of new Set(Object.values(folders))) {
    const file = `${folder}/transfers.csv`;
    transferFiles.set(folder, file);
    sink({ op: 'open', file, encoding: 'utf8', format: 'transfers-csv' });
    sink({ op: 'write', file, text: csvLine(TRANSFER_HEADER) });
  }
  const rowsPerFile = new Map<string, number>();

  const stmt = (id: string): StatementAccount => {
    const a = world.accounts.get(id);
    const p = world.persons.get(a?.holder ?? '');
    return {
      id,
      holderName: a?.holderName ?? '',
      institution: a?.institution ?? '',
      bic: BIC[a?.institution ?? ''] ?? 'CASPKZKA',
      holderIin: p?.iin ?? null,
    };
  };
  const sl = world.slice;
  const last4 = (id: string) => id.slice(-4);
  const endDay = new Date((world.epochStart + s.days * 86400) * 1000).toISOString().slice(0, 10);
  const ddmmyy = (iso: string) => `${iso.slice(8, 10)}.${iso.slice(5, 7)}.${iso.slice(2, 4)}`;
  const ddmmyyyy = (iso: string) => `${iso.slice(8, 10)}.${iso.slice(5, 7)}.${iso.slice(0, 4)}`;
  const bankCsv = new BankCsvWriter(
    `${mainFolder}/bank/vypiska_karta_${last4(sl.dropperCard)}.csv`,
    stmt(sl.dropperCard),
    sink,
    off,
    { from: ddmmyyyy(s.start), to: ddmmyyyy(endDay) },
  );
  // The Kaspi statement names the card's current account (IBAN): the same holder's second identifier.
  const collectorCard = world.accounts.get(sl.collectorCard);
  const kaspiIban = makeKzIban(root.fork('kaspi-iban'), '722');
  if (collectorCard) {
    world.accounts.set(`iban:${kaspiIban}`, {
      ...collectorCard,
      id: `iban:${kaspiIban}`,
      kind: 'iban',
      raw: kaspiIban,
    });
    world.persons.get(collectorCard.holder)?.accounts.push(`iban:${kaspiIban}`);
  }
  const xlsx = new KaspiXlsxWriter(
    `${mainFolder}/bank/kaspi_gold_${last4(sl.collectorCard)}.xlsx`,
    stmt(sl.collectorCard),
    sink,
    off,
    { from: ddmmyy(s.start), to: ddmmyy(endDay) },
    kaspiIban,
  );
  const camt = new Camt053Writer(
    `${mainFolder}/bank/camt053_${sl.keyFigureIban.slice(5)}.xml`,
    stmt(sl.keyFigureIban),
    sink,
    off,
    12_500_000n,
    `${endDay}T09:00:00+05:00`,
  );
  const partyOf = (id: string) => {
    const a = world.accounts.get(id);
    const p = world.persons.get(a?.holder ?? '');
    return {
      name: a?.holderName ?? '',
      iin: p?.iin ?? null,
      bic: BIC[a?.institution ?? ''] ?? '',
      bank: a?.institution ?? '',
    };
  };
  const [ey, em, ed] = endDay.split('-');
  const onec = new OneCWriter(
    `${mainFolder}/bank/1c_${sl.frontIban.slice(5)}.txt`,
    stmt(sl.frontIban),
    sink,
    off,
    3_450_000n,
    partyOf,
    {
      date: `${ed}.${em}.${ey}`,
      time: '10:15:00',
      from: `${s.start.slice(8, 10)}.${s.start.slice(5, 7)}.${s.start.slice(0, 4)}`,
      to: `${ed}.${em}.${ey}`,
    },
  );
  const tronscan = new TronscanCsvWriter(
    `${mainFolder}/crypto/tronscan_${sl.keyFigureTron.slice(5)}.csv`,
    sink,
  );
  const trongrid = new TronGridJsonWriter(
    `${mainFolder}/crypto/trongrid_trc20_${sl.endRecipientTron.slice(5)}.json`,
    sink,
  );
  const esplora = sl.keyFigureBtc
    ? new EsploraJsonWriter(
        `${mainFolder}/crypto/esplora_txs_${sl.keyFigureBtc.slice(4)}.json`,
        sink,
        root.fork('esplora'),
      )
    : undefined;
  const ordersFile = `${mainFolder}/exchange-orders.csv`;
  sink({ op: 'open', file: ordersFile, encoding: 'utf8', format: 'exchange-orders-csv' });
  sink({
    op: 'write',
    file: ordersFile,
    text: csvLine([
      'exchange',
      'order_id',
      'timestamp',
      'buyer_user',
      'seller_user',
      'fiat_amount',
      'fiat_currency',
      'crypto_amount',
      'asset',
      'payment_from',
      'payment_to',
    ]),
  });

  // Truth accumulators: per network account in/out cents, per person turnover without own-account moves.
  const accIn = new Map<string, bigint>();
  const accOut = new Map<string, bigint>();
  const personIn = new Map<string, bigint>();
  const personOut = new Map<string, bigint>();
  const multiFile: Array<{ txId: string; files: string[] }> = [];
  const malformed: Array<{ file: string; row: number; reason: string }> = [];
  let masked = 0;
  let total = 0;
  const trng = root.fork('routing');
  const malformedAt = new Set<number>();
  for (let i = 0; i < s.noise.malformedRows; i++) malformedAt.add(trng.int(100, 5000));

  const markBuyer = (t: Transfer) => {
    const u = t.buyer && buyerUsage.get(t.network);
    if (u && t.buyer) u[t.buyer.index] = (u[t.buyer.index] ?? 0) | t.buyer.flag;
  };
  const route = (t: Transfer): string[] => {
    const out: string[] = [];
    const touches = (id: string) => t.from === id || t.to === id;
    if (touches(sl.dropperCard)) out.push(bankCsv.file);
    if (touches(sl.collectorCard)) out.push(xlsx.file);
    if (touches(sl.keyFigureIban)) out.push(camt.file);
    if (touches(sl.frontIban)) out.push(onec.file);
    if (t.currency === 'USDT' && touches(sl.keyFigureTron)) out.push(tronscan.file);
    if (t.currency === 'USDT' && touches(sl.endRecipientTron)) out.push(trongrid.file);
    if (esplora && t.currency === 'BTC' && touches(sl.keyFigureBtc)) out.push(esplora.file);
    return out;
  };

  // Which buyers' cards actually paid (visibly, not masked): truth lists only those as buyer accounts.
  const buyerUsage = new Map<string, Uint8Array>(world.networks.map((n) => [n.id, new Uint8Array(n.buyers)]));
  // The courier chats are written as the drops happen: reports scale with the couriers, not the cap.
  const crng = root.fork('courier-chats');
  const couriers = courierChats(world, crng, folders).map((c) => ({
    ...c,
    writer: new TelegramJsonWriter(`${c.spec.folder}/result.json`, c.spec.chat, sink, off),
  }));
  const dropsByNet = new Map<string, DropReport[]>();
  const pending = new Map<string, string>();
  const transferGen = generateTransfers(world, fx, root.fork('transfers'));
  for (const dayOut of transferGen) {
    for (const t of dayOut.transfers) {
      total++;
      const usd = fx.toUsdCents(t.amount, t.currency, t.day);
      const fa = world.accounts.get(t.from);
      const ta = world.accounts.get(t.to);
      if (fa) accOut.set(t.from, (accOut.get(t.from) ?? 0n) + usd);
      if (ta) accIn.set(t.to, (accIn.get(t.to) ?? 0n) + usd);
      if (!(fa && ta && fa.holder === ta.holder)) {
        if (fa) personOut.set(fa.holder, (personOut.get(fa.holder) ?? 0n) + usd);
        if (ta) personIn.set(ta.holder, (personIn.get(ta.holder) ?? 0n) + usd);
      }
      const files = route(t);
      for (const f of files) {
        if (f === bankCsv.file) bankCsv.add(t);
        else if (f === xlsx.file) xlsx.add(t);
        else if (f === camt.file) camt.add(t);
        else if (f === onec.file) onec.add(t);
        else if (f === tronscan.file) tronscan.add(t);
        else if (f === trongrid.file) trongrid.add(t);
        else if (esplora && f === esplora.file) esplora.add(t);
      }
      if (files.length > 1) multiFile.push({ txId: t.txId, files });
      if (files.length > 0) markBuyer(t);
      if (files.length === 0) {
        const folder = folders[t.network] ?? mainFolder;
        const file = transferFiles.get(folder) as string;
        const row = (rowsPerFile.get(file) ?? 0) + 1;
        rowsPerFile.set(file, row);
        let from = t.from;
        const to = t.to;
        if (t.flow === 'retail' && trng.chance(s.noise.maskedCardShare)) {
          from = `card:${maskCard(t.from.slice(5))}`;
          masked++;
        } else markBuyer(t);
        const cells = [
          t.txId,
          isoUtc(t.ts),
          formatUnits(t.amount, CURRENCY_SCALE[t.currency] ?? 2),
          t.currency,
          from,
          to,
          t.fromName,
          t.toName,
          t.channel,
          t.reference,
        ];
        if (folder === mainFolder && malformedAt.has(row)) {
          const kind = malformed.length % 3;
          if (kind === 0)
            cells[2] =
              formatUnits(t.amount, 2)
                .replace('.', ',')
                .replace(/(\d)(\d{3},)/, '$1 $2') + ' тг';
          else if (kind === 1) cells[1] = `${isoUtc(t.ts).slice(0, 10).split('-').reverse().join('/')} 25:61`;
          else cells[5] = `card:${to.slice(5, -1)}${(Number(to.slice(-1)) + 1) % 10}`;
          malformed.push({
            file,
            row: row + 1,
            reason: ['amount with comma and currency text', 'impossible time', 'card fails Luhn'][
              kind
            ] as string,
          });
          rowsPerFile.set(file, row);
        }
        pending.set(file, `${pending.get(file) ?? ''}${csvLine(cells)}`);
      }
    }
    // One write per file and day keeps the event count small at ten million transfers.
    for (const [file, text] of pending) sink({ op: 'write', file, text });
    pending.clear();
    for (const o of dayOut.orders) {
      sink({
        op: 'write',
        file: ordersFile,
        text: csvLine([
          o.exchange,
          o.orderId,
          isoUtc(o.ts),
          o.buyerUser,
          o.sellerUser,
          formatUnits(o.fiatAmount, 2),
          'KZT',
          formatUnits(o.cryptoAmount, 6),
          'USDT',
          o.paymentFrom,
          o.paymentTo,
        ]),
      });
    }
    for (const d of dayOut.drops) {
      const list = dropsByNet.get(d.network);
      if (list) list.push(d);
      else dropsByNet.set(d.network, [d]);
    }
    for (const c of couriers) {
      const msgs = courierDayMessages(
        world,
        crng,
        c.network,
        dropsByNet.get(c.network.id) ?? [],
        world.epochStart + dayOut.day * 86400,
      );
      for (const m of msgs) {
        c.spec.count = (c.spec.count ?? 0) + 1;
        m.id = c.spec.count;
        c.writer.add(m);
      }
    }
    dropsByNet.clear();
    yield* queue.splice(0, queue.length);
  }
  for (const c of couriers) c.writer.close();
  for (const f of transferFiles.values()) sink({ op: 'close', file: f });
  sink({ op: 'close', file: ordersFile });
  bankCsv.close();
  xlsx.close();
  camt.close();
  onec.close();
  tronscan.close();
  trongrid.close(world.epochStart + s.days * 86400);
  esplora?.close();
  yield* queue.splice(0, queue.length);

  yield* writeReferenceFiles(world, s, fx, mainFolder, folders, sink, queue);

  const chats = buildChats(world, root.fork('chats'), folders);
  let messages = 0;
  for (const c of couriers) messages += c.spec.count ?? 0;
  for (const c of chats) {
    if (c.html) {
      const w = new TelegramHtmlWriter(c.folder, c.chat, sink, off, `UTC${s.utcOffset}`);
      for (const m of c.messages) w.add(m);
      w.close();
    } else {
      const w = new TelegramJsonWriter(`${c.folder}/result.json`, c.chat, sink, off);
      for (const m of c.messages) w.add(m);
      w.close();
    }
    messages += c.messages.length;
    yield* queue.splice(0, queue.length);
  }

  const slices = [
    {
      file: bankCsv.file,
      format: 'bank-csv (Windows-1251)',
      account: sl.dropperCard,
      role: 'seized dropper card',
    },
    {
      file: xlsx.file,
      format: 'kaspi-xlsx',
      account: sl.collectorCard,
      statementAccount: `iban:${kaspiIban}`,
      role: 'collector card (the statement names its IBAN)',
    },
    {
      file: camt.file,
      format: 'camt.053.001.02',
      account: sl.keyFigureIban,
      role: 'key figure current account',
    },
    {
      file: onec.file,
      format: '1C ClientBankExchange 1.03 (Windows-1251)',
      account: sl.frontIban,
      role: 'front company of the unlicensed exchanger',
    },
    {
      file: tronscan.file,
      format: 'tronscan-csv (Etherscan-family token transfers)',
      account: sl.keyFigureTron,
      role: 'key figure USDT wallet',
    },
    {
      file: trongrid.file,
      format: 'trongrid-json /v1/accounts/{address}/transactions/trc20',
      account: sl.endRecipientTron,
      role: 'end recipient USDT wallet',
    },
    ...(esplora
      ? [
          {
            file: esplora.file,
            format: 'esplora-json /address/{address}/txs',
            account: sl.keyFigureBtc,
            role: 'key figure BTC wallet',
          },
        ]
      : []),
  ];
  chats.push(...couriers.map((c) => c.spec));
  const truth = buildTruth(world, s, {
    buyerUsage,
    slices,
    accIn,
    accOut,
    personIn,
    personOut,
    multiFile,
    malformed,
    masked,
    total,
    chats,
    fx,
    folders,
  });
  sink({ op: 'open', file: 'truth.json', encoding: 'utf8', format: 'truth-json' });
  yield* queue.splice(0, queue.length);
  // Chunk by chunk: the buyer list grows with the scale.
  for (const chunk of truth.chunks) yield { op: 'write', file: 'truth.json', text: chunk };
  sink({ op: 'close', file: 'truth.json' });
  yield* queue.splice(0, queue.length);

  let csvRows = 0;
  for (const v of rowsPerFile.values()) csvRows += v;
  return {
    transfers: total,
    transfersCsvRows: csvRows,
    messages,
    chats: chats.length,
    persons: world.persons.size,
    accounts: world.accounts.size,
    participants: truth.participants,
    files: files.size,
  };
}

function* writeReferenceFiles(
  world: World,
  s: ResolvedScenario,
  fx: ReturnType<typeof buildFx>,
  mainFolder: string,
  folders: Record<string, string>,
  sink: Sink,
  queue: Emit[],
): Generator<Emit> {
  const holderFiles = new Map<string, string>();
  for (const folder of new Set(Object.values(folders))) {
    const file = `${folder}/holders.csv`;
    holderFiles.set(folder, file);
    sink({ op: 'open', file, encoding: 'utf8', format: 'holders-csv' });
    sink({
      op: 'write',
      file,
      text: csvLine([
        'account',
        'holder_name',
        'iin',
        'passport',
        'nationality',
        'birthdate',
        'phone',
        'address',
        'institution',
        'opened_at',
      ]),
    });
  }
  for (const a of world.accounts.values()) {
    const p = world.persons.get(a.holder) as Person;
    // Wallets of end recipients abroad have no KYC in Kazakhstan; the exchange responses carry them.
    const folder = folders[(a.network ?? 'legit').split(',')[0] ?? 'legit'] ?? mainFolder;
    sink({
      op: 'write',
      file: holderFiles.get(folder) as string,
      text: csvLine([
        a.id,
        a.kind === 'exchange' ? p.latinName : p.name,
        p.iin,
        p.passport,
        p.nationality,
        p.birthdate,
        p.phone,
        p.jurisdiction === 'KZ'
          ? `${p.region ?? 'Шымкент'}, ул. ${['Байтурсынова', 'Тауке хана', 'Республики', 'Кунаева'][p.birthdate.charCodeAt(9) % 4]}`
          : p.jurisdiction,
        a.institution,
        a.openedAt,
      ]),
    });
  }
  for (const f of holderFiles.values()) sink({ op: 'close', file: f });

  const ex = `${mainFolder}/exchanges.csv`;
  sink({ op: 'open', file: ex, encoding: 'utf8', format: 'exchanges-csv' });
  sink({
    op: 'write',
    file: ex,
    text: csvLine(['exchange', 'name', 'jurisdiction', 'licensed', 'license_ref']),
  });
  for (const e of world.exchanges)
    sink({
      op: 'write',
      file: ex,
      text: csvLine([e.slug, e.name, e.jurisdiction, e.licensed ? 'true' : 'false', e.licenseRef]),
    });
  sink({ op: 'close', file: ex });

  const pf = `${mainFolder}/persons.csv`;
  sink({ op: 'open', file: pf, encoding: 'utf8', format: 'persons-csv' });
  sink({
    op: 'write',
    file: pf,
    text: csvLine(['person_id', 'name', 'iin', 'passport', 'nationality', 'birthdate', 'status']),
  });
  for (const p of world.persons.values()) {
    if (!p.status) continue;
    sink({
      op: 'write',
      file: pf,
      text: csvLine([p.id, p.name, p.iin, p.passport, p.nationality, p.birthdate, p.status]),
    });
  }
  sink({ op: 'close', file: pf });

  const sf = `${mainFolder}/seizures.csv`;
  sink({ op: 'open', file: sf, encoding: 'utf8', format: 'seizures-csv' });
  sink({
    op: 'write',
    file: sf,
    text: csvLine([
      'seizure_id',
      'date',
      'place',
      'lat',
      'lon',
      'substance',
      'mass_g',
      'description',
      'person_id',
    ]),
  });
  const main = world.networks[0];
  const rng = createRng(s.seed).fork('seizures');
  const day = (d: number) =>
    new Date((world.epochStart + d * 86400) * 1000 + 12 * 3600 * 1000).toISOString().slice(0, 10);
  if (main) {
    main.chemists.slice(0, 2).forEach((c, i) => {
      const lat = (main.center.lat + (i ? 0.21 : -0.17)).toFixed(5);
      const lon = (main.center.lon + (i ? -0.25 : 0.31)).toFixed(5);
      sink({
        op: 'write',
        file: sf,
        text: csvLine([
          `S-LAB-${i + 1}`,
          day(s.days - 20 + i),
          i ? 'Туркестанская обл., частный дом' : 'Шымкент, промзона, склад',
          lat,
          lon,
          'синтетическое вещество (образец по экспертизе)',
          `${rng.int(12, 90)}000.0`,
          `Лаборатория №${i + 1}: оборудование и реактивы изъяты`,
          c.id,
        ]),
      });
    });
    for (const c of main.couriers.filter((p) => p.status === 'detained')) {
      sink({
        op: 'write',
        file: sf,
        text: csvLine([
          `S-${c.id}`,
          day(rng.int(30, s.days - 1)),
          `${main.region}, ${rng.pick(main.districts)} р-н`,
          (main.center.lat + (rng.float() - 0.5) * 0.1).toFixed(5),
          (main.center.lon + (rng.float() - 0.5) * 0.1).toFixed(5),
          'вещество в свёртках',
          `${rng.int(5, 120)}.${rng.int(0, 9)}`,
          `Изъято при задержании курьера, ${rng.int(5, 40)} свёртков`,
          c.id,
        ]),
      });
    }
  }
  sink({ op: 'close', file: sf });

  const ff = `${mainFolder}/fx-rates.csv`;
  sink({ op: 'open', file: ff, encoding: 'utf8', format: 'fx-rates-csv' });
  sink({ op: 'write', file: ff, text: csvLine(['date', 'currency', 'usd_per_unit']) });
  for (let d = 0; d < s.days; d++) {
    if (fx.missing.has(d)) continue;
    const date = new Date((world.epochStart + d * 86400 + 43200) * 1000).toISOString().slice(0, 10);
    for (const cur of ['KZT', 'RUB', 'USDT', 'BTC']) {
      const r = fx.rates[cur]?.[d] ?? 0n;
      sink({ op: 'write', file: ff, text: csvLine([date, cur, formatUnits(r, RATE_DECIMALS, true)]) });
    }
  }
  sink({ op: 'close', file: ff });
  yield* queue.splice(0, queue.length);
}

interface TruthInput {
  buyerUsage: Map<string, Uint8Array>;
  slices: Array<Record<string, string>>;
  accIn: Map<string, bigint>;
  accOut: Map<string, bigint>;
  personIn: Map<string, bigint>;
  personOut: Map<string, bigint>;
  multiFile: Array<{ txId: string; files: string[] }>;
  malformed: Array<{ file: string; row: number; reason: string }>;
  masked: number;
  total: number;
  chats: ReturnType<typeof buildChats>;
  fx: ReturnType<typeof buildFx>;
  folders: Record<string, string>;
}

const usd = (cents: bigint | undefined) => Number(cents ?? 0n) / 100;

function isOrganization(p: Person): boolean {
  return p.kind === 'legit_business' || p.name.startsWith('ТОО');
}

/** truth.json as chunks: small sections whole, the long account list one entry at a time. */
function buildTruth(
  world: World,
  s: ResolvedScenario,
  t: TruthInput,
): { chunks: Generator<string>; participants: number } {
  const persons = [...world.persons.values()];
  const participants = persons.filter((p) => p.roles.some((r) => r !== 'buyer') && !isOrganization(p));
  const byNetwork: Record<string, number> = {};
  for (const n of world.networks)
    byNetwork[n.id] = new Set(
      [
        ...n.keyFigures,
        ...n.operators,
        ...n.recruiters,
        ...n.couriers,
        ...n.droppers,
        ...n.collectors,
        ...n.exchangers,
        ...n.endRecipients,
        ...n.chemists,
        ...n.suppliers,
      ]
        .filter((p) => !isOrganization(p))
        .map((p) => p.id),
    ).size;
  const main = world.networks[0];
  const keyFigures = (main?.keyFigures ?? []).map((p) => {
    const inc = usd(t.personIn.get(p.id));
    const out = usd(t.personOut.get(p.id));
    return {
      person: p.id,
      name: p.name,
      accounts: p.accounts,
      turnoverUsd: { in: round2(inc), out: round2(out), total: round2(inc + out) },
    };
  });
  const endRecipients = persons
    .filter((p) => p.roles.includes('end_recipient'))
    .flatMap((p) =>
      p.accounts.map((a) => ({
        account: a,
        holder: p.id,
        name: p.name,
        jurisdiction: p.jurisdiction,
        receivedUsd: round2(usd(t.accIn.get(a))),
      })),
    )
    .filter((e) => e.receivedUsd > 0)
    .sort((a, b) => b.receivedUsd - a.receivedUsd);
  const legit = [...world.accounts.values()]
    .filter((a) => a.legit)
    .map((a) => ({ account: a.id, holder: a.holder, kind: a.legit }));
  const crossCase: Array<{ identifier: string; networks: string[] }> = [];
  for (const a of world.accounts.values())
    if (a.network?.includes(',')) crossCase.push({ identifier: a.id, networks: a.network.split(',') });
  for (const n of world.networks.slice(1)) {
    for (const e of n.exchangers)
      crossCase.push({ identifier: e.accounts[2] ?? '', networks: [world.networks[0]?.id ?? 'n1', n.id] });
    for (const e of n.endRecipients)
      crossCase.push({ identifier: e.accounts[0] ?? '', networks: [world.networks[0]?.id ?? 'n1', n.id] });
    const op = n.operators[0];
    if (op && persons.some((p) => p !== op && p.phone === op.phone))
      crossCase.push({ identifier: `phone:${op.phone}`, networks: [world.networks[0]?.id ?? 'n1', n.id] });
  }
  const networks = world.networks.map((n) => ({
    id: n.id,
    region: n.region,
    folder: t.folders[n.id],
    size: byNetwork[n.id],
    members: [
      ...new Set(
        [
          ...n.keyFigures,
          ...n.operators,
          ...n.recruiters,
          ...n.couriers,
          ...n.droppers,
          ...n.collectors,
          ...n.exchangers,
          ...n.endRecipients,
          ...n.chemists,
          ...n.suppliers,
        ].map((p) => p.id),
      ),
    ],
    buyers: n.buyers,
  }));
  // One entry per chat: the same bot chat exported from several buyers' phones shares the bot's id.
  const byChat = new Map<
    string,
    {
      id: string | null;
      telegramId: number;
      title: string;
      type: string;
      labels: ChannelLabel[];
      network: string | null;
      folders: string[];
      format: string;
      messages: number;
    }
  >();
  for (const c of t.chats) {
    const key = c.html ? `html:${c.chat.name}` : `tg:chat:${c.chat.id}`;
    const seen = byChat.get(key);
    if (seen) {
      seen.folders.push(c.folder);
      seen.messages += c.count ?? c.messages.length;
      continue;
    }
    byChat.set(key, {
      id: c.html ? null : `tg:chat:${c.chat.id}`,
      telegramId: c.chat.id,
      title: c.chat.name,
      type: c.chat.type,
      labels: c.labels,
      network: c.network,
      folders: [c.folder],
      format: c.html ? 'telegram-html' : 'telegram-json',
      messages: c.count ?? c.messages.length,
    });
  }
  const hostileMessages = t.chats.flatMap((c) =>
    (c.hostile ?? []).map((m) => ({
      chat: `tg:chat:${c.chat.id}`,
      file: `${c.folder}/result.json`,
      messageId: m.id,
      text: m.parts.map((p) => (typeof p === 'string' ? p : p.text)).join(''),
    })),
  );
  const channels = [...byChat.values()];
  const summary = {
    transfers: t.total,
    participants: participants.length,
    networks: world.networks.length,
    keyFiguresTurnoverUsd: round2(keyFigures.reduce((x, k) => x + k.turnoverUsd.total, 0)),
    endRecipientsReceivedUsd: round2(endRecipients.reduce((x, e) => x + e.receivedUsd, 0)),
    maskedCards: t.masked,
    malformedRows: t.malformed.length,
  };
  const head = {
    schemaVersion: 1,
    generator: { scenario: s.name, seed: s.seed, scale: s.scale, parameters: s },
    summary,
    participants: {
      total: participants.length,
      byNetwork,
      definition: 'persons with a role other than buyer in a network; organizations excluded',
    },
    keyFigures,
    endRecipients,
    legit,
    networks,
    crossCase,
    channels,
    fxMissingDays: [...t.fx.missing]
      .sort((a, b) => a - b)
      .map((d) => new Date((world.epochStart + d * 86400 + 43200) * 1000).toISOString().slice(0, 10)),
    evidence: {
      slices: t.slices,
      timezone: s.utcOffset,
      note: 'transfers of the slice accounts are only in their statement/explorer files; multiFile lists those in two files',
    },
    multiFile: t.multiFile,
    malformed: t.malformed,
    hostileMessages,
  };
  function* chunks(): Generator<string> {
    const headText = JSON.stringify(head, null, 1);
    yield `${headText.slice(0, -2)},\n "persons": [`;
    let first = true;
    for (const p of persons) {
      yield `${first ? '' : ','}\n  ${JSON.stringify({ id: p.id, name: p.name, latinName: p.latinName, iin: p.iin, passport: p.passport, phone: `phone:${p.phone}`, tg: p.tgUserId ? `tg:user:${p.tgUserId}` : null, nationality: p.nationality, roles: p.roles, kind: p.kind, network: p.network, status: p.status, jurisdiction: p.jurisdiction, legit: p.legit, organization: isOrganization(p), accounts: p.accounts })}`;
      first = false;
    }
    yield '\n ],\n "accounts": [';
    first = true;
    for (const a of world.accounts.values()) {
      const p = world.persons.get(a.holder) as Person;
      yield `${first ? '' : ','}\n  ${JSON.stringify({ id: a.id, kind: a.kind, holder: a.holder, roles: a.roles, personKind: p.kind, network: a.network, legit: a.legit, inUsd: round2(usd(t.accIn.get(a.id))), outUsd: round2(usd(t.accOut.get(a.id))) })}`;
      first = false;
    }
    // Buyers are derived from their index; only the cards seen paying in the evidence are listed.
    for (const n of world.networks) {
      const used = t.buyerUsage.get(n.id);
      for (let i = 0; i < n.buyers; i++) {
        const flags = used?.[i] ?? 0;
        if (!flags) continue;
        const b = buyerOf(world, n.id, i);
        const entry = (card: string, holder: string) =>
          `,\n  ${JSON.stringify({ id: `card:${card}`, kind: 'card', holder, roles: ['buyer'], personKind: 'buyer', network: n.id, legit: null })}`;
        if (flags & BUYER_CARD) yield entry(b.card, b.id);
        if (flags & BUYER_CARD2 && b.card2) yield entry(b.card2, b.id);
        // The relative holds the card; the buyer used it.
        if (flags & BUYER_RELATIVE) yield entry(b.relativeCard, `${b.id}-relative`);
      }
    }
    yield '\n ]\n}\n';
  }
  return { chunks: chunks(), participants: participants.length };
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}
