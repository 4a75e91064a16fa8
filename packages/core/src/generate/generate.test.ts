import { bech32 } from 'bech32';
import { isValidIBAN } from 'ibantools';
import { describe, expect, it } from 'vitest';
import { normalizeIdentifier } from '../identifiers/index.ts';
import type { Emit } from './emit.ts';
import { buildFx } from './fx.ts';
import { generateEvidence } from './generate-evidence.ts';
import {
  iinCheckDigit,
  makeBtcAddress,
  makeCard,
  makeIin,
  makeKzIban,
  makeTronAddress,
} from './make-identifiers.ts';
import { createRng } from './prng.ts';
import { resolveScenario } from './scenario.ts';

function luhnOk(pan: string): boolean {
  let sum = 0;
  for (let i = 0; i < pan.length; i++) {
    let d = Number(pan[pan.length - 1 - i]);
    if (i % 2 === 1) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return sum % 10 === 0;
}

function collect(options: Parameters<typeof generateEvidence>[0]) {
  const files = new Map<
    string,
    { encoding: string; text: string; rows: Array<Array<string | number | null>> }
  >();
  const gen = generateEvidence(options);
  for (;;) {
    const step = gen.next();
    if (step.done) return { files, counts: step.value };
    const e: Emit = step.value;
    if (e.op === 'open') files.set(e.file, { encoding: e.encoding, text: '', rows: [] });
    else if (e.op === 'write') (files.get(e.file) as { text: string }).text += e.text;
    else if (e.op === 'row') files.get(e.file)?.rows.push(e.cells);
  }
}

const small = { scenario: 'shymkent', seed: 42, scale: 0.15 };

describe('prng', () => {
  it('gives the same sequence for the same seed and a different one for another seed', () => {
    const a = createRng(7);
    const b = createRng(7);
    const c = createRng(8);
    const sa = Array.from({ length: 20 }, () => a.u32());
    expect(Array.from({ length: 20 }, () => b.u32())).toEqual(sa);
    expect(Array.from({ length: 20 }, () => c.u32())).not.toEqual(sa);
  });

  it('forks independent streams by label', () => {
    const r = createRng(1);
    expect(r.fork('x').u32()).toBe(createRng(1).fork('x').u32());
    expect(r.fork('x').u32()).not.toBe(r.fork('y').u32());
  });
});

describe('identifiers', () => {
  const rng = createRng(3);
  it('makes Luhn-valid cards with the given BIN', () => {
    for (let i = 0; i < 200; i++) {
      const card = makeCard(rng, '440043');
      expect(card).toMatch(/^440043\d{10}$/);
      expect(luhnOk(card)).toBe(true);
      expect(normalizeIdentifier(card)).toMatchObject({ ok: true, id: `card:${card}` });
    }
  });

  it('makes mod-11 valid IINs carrying the birth date and sex', () => {
    for (let i = 0; i < 200; i++) {
      const iin = makeIin(rng, '1994-07-15', i % 2 === 0);
      expect(iin.slice(0, 7)).toBe(i % 2 === 0 ? '9407153' : '9407154');
      expect(iinCheckDigit(iin.slice(0, 11))).toBe(Number(iin[11]));
      expect(normalizeIdentifier(`iin:${iin}`)).toMatchObject({ ok: true });
    }
  });

  it('makes valid KZ IBANs, TRON and bech32 addresses', () => {
    for (let i = 0; i < 50; i++) {
      const iban = makeKzIban(rng, '722');
      expect(iban).toHaveLength(20);
      expect(isValidIBAN(iban)).toBe(true);
      const tron = makeTronAddress(rng);
      expect(tron).toMatch(/^T[1-9A-HJ-NP-Za-km-z]{33}$/);
      expect(normalizeIdentifier(tron)).toMatchObject({ ok: true, id: `tron:${tron}` });
      const btc = makeBtcAddress(rng);
      expect(bech32.decode(btc).prefix).toBe('bc');
      expect(normalizeIdentifier(btc)).toMatchObject({ ok: true, id: `btc:${btc}` });
    }
  });
});

describe('scenario', () => {
  it('rejects unknown and mistyped parameters, naming each', () => {
    expect(() =>
      resolveScenario('shymkent', {
        seed: 1,
        scale: 1,
        overrides: { main: { dropers: 5, couriers: 'many' } },
      }),
    ).toThrow(/main\.dropers: unknown parameter[\s\S]*main\.couriers: expected a number/);
    expect(() => resolveScenario('nowhere', { seed: 1, scale: 1 })).toThrow(/unknown scenario "nowhere"/);
  });

  it('scales many-counts but keeps the few key roles', () => {
    const a = resolveScenario('shymkent', { seed: 1, scale: 1 });
    const b = resolveScenario('shymkent', { seed: 1, scale: 10 });
    expect(b.main.droppers).toBe(a.main.droppers * 10);
    expect(b.main.keyFigures).toBe(a.main.keyFigures);
    expect(b.messageScale).toBe(a.messages.scaleCap);
  });

  it('carries rates over missing FX days', () => {
    const s = resolveScenario('shymkent', { seed: 5, scale: 1 });
    const fx = buildFx(s, createRng(5));
    const missing = [...fx.missing].find((d) => !fx.missing.has(d - 1)) as number;
    expect(missing).toBeGreaterThan(0);
    expect(fx.effective('KZT', missing)).toBe(fx.rates['KZT']?.[missing - 1]);
    expect(fx.effective('KZT', missing)).not.toBe(fx.rates['KZT']?.[missing]);
    expect(fx.toUsdCents(12_345_678n, 'USDT', 0)).toBe(1235n);
  });
});

describe('generateEvidence', () => {
  const { files, counts } = collect(small);
  const truth = JSON.parse(files.get('truth.json')?.text ?? '{}');

  it('accounts for every transfer exactly: canonical rows plus statement/explorer rows', () => {
    let canonical = 0;
    for (const [name, f] of files)
      if (name.endsWith('transfers.csv')) canonical += f.text.trim().split('\n').length - 1;
    expect(canonical).toBe(counts.transfersCsvRows);
    expect(counts.transfers).toBeGreaterThan(canonical);
    expect(truth.summary.transfers).toBe(counts.transfers);
  });

  it('writes canonical transfers with §2 identifiers, ISO times and decimal amounts', () => {
    const text = files.get('shymkent/transfers.csv')?.text ?? '';
    const lines = text.trim().split('\n');
    expect(lines[0]).toBe(
      'tx_id,timestamp,amount,currency,from_account,to_account,from_holder,to_holder,channel,reference',
    );
    const bad = truth.malformed.map((m: { row: number }) => m.row);
    for (const [i, line] of lines.slice(1, 400).entries()) {
      if (bad.includes(i + 2)) continue;
      const cells = line.split(',');
      expect(cells[1]).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
      expect(cells[2]).toMatch(/^\d+(\.\d+)?$/);
      expect(['card2card', 'bank', 'crypto', 'exchange', 'p2p']).toContain(cells[8]);
    }
  });

  it('balances every camt.053 statement: opening + credits − debits = closing', () => {
    const [name, camt] = [...files].find(([n]) => n.includes('camt053')) ?? ['', { text: '' }];
    expect(name).not.toBe('');
    const stmts = camt.text.split('<Stmt>').slice(1);
    expect(stmts.length).toBeGreaterThanOrEqual(2);
    let prevClose: bigint | undefined;
    for (const s of stmts) {
      const bal = (code: string) =>
        BigInt(
          (
            new RegExp(`<Cd>${code}</Cd>[\\s\\S]*?<Amt Ccy="KZT">([\\d.]+)</Amt>`).exec(s)?.[1] ?? '0'
          ).replace('.', ''),
        );
      let sum = bal('OPBD');
      for (const m of s.matchAll(/<Ntry>[\s\S]*?<Amt Ccy="KZT">([\d.]+)<\/Amt>\s*<CdtDbtInd>(CRDT|DBIT)/g))
        sum += (m[2] === 'CRDT' ? 1n : -1n) * BigInt((m[1] ?? '0').replace('.', ''));
      expect(sum).toBe(bal('CLBD'));
      if (prevClose !== undefined) expect(bal('OPBD')).toBe(prevClose);
      prevClose = bal('CLBD');
    }
  });

  it('writes Telegram JSON in the current format with text_entities and card entities', () => {
    const bot = JSON.parse(files.get('shymkent/telegram/bot-chat-1/result.json')?.text ?? '{}');
    expect(bot.type).toBe('bot_chat');
    const withCard = bot.messages.find((m: { text_entities: Array<{ type: string }> }) =>
      m.text_entities.some((e) => e.type === 'bank_card'),
    );
    expect(withCard.from_id).toMatch(/^user\d+$/);
    expect(withCard.date_unixtime).toMatch(/^\d+$/);
    const card = withCard.text_entities
      .find((e: { type: string }) => e.type === 'bank_card')
      .text.replace(/ /g, '');
    expect(luhnOk(card)).toBe(true);
    const flat = (t: unknown) =>
      typeof t === 'string'
        ? t
        : (t as Array<string | { text: string }>).map((p) => (typeof p === 'string' ? p : p.text)).join('');
    expect(flat(withCard.text)).toBe(withCard.text_entities.map((e: { text: string }) => e.text).join(''));
    const couriers = JSON.parse(files.get('shymkent/telegram/couriers/result.json')?.text ?? '{}');
    expect(couriers.messages.some((m: { location_information?: unknown }) => m.location_information)).toBe(
      true,
    );
  });

  it('writes an HTML export with pages, separators and date titles', () => {
    const html = [...files].find(([n]) => n.endsWith('messages.html'))?.[1].text ?? '';
    expect(html).toContain('<div class="message service" id="message-1">');
    expect(html).toMatch(/title="\d{2}\.\d{2}\.\d{4} \d{2}:\d{2}:\d{2} UTC\+05:00"/);
    expect(html).not.toMatch(/<script>(?!\s*<\/script>)/);
  });

  it('keeps texts schematic: no production detail in the training channel', () => {
    const training = JSON.parse(files.get('shymkent/telegram/training/result.json')?.text ?? '{}');
    for (const m of training.messages) expect(m.text).toContain('[материал удалён]');
  });

  it('describes the truth: key figures, participants, traps, networks and channels', () => {
    expect(truth.keyFigures).toHaveLength(2);
    expect(truth.keyFigures[0].turnoverUsd.total).toBeGreaterThan(0);
    expect(truth.participants.total).toBe(counts.participants);
    expect(truth.networks.map((n: { region: string }) => n.region)).toEqual([
      'Shymkent',
      'Ulytau',
      'Mangistau',
    ]);
    expect(truth.legit.map((l: { kind: string }) => l.kind)).toEqual(
      expect.arrayContaining(['cafe', 'landlord', 'salary', 'student', 'licensed_exchange']),
    );
    expect(truth.crossCase.length).toBeGreaterThan(0);
    expect(
      truth.channels.filter((c: { labels: string[] }) => c.labels.length === 0).length,
    ).toBeGreaterThanOrEqual(4);
    expect(truth.multiFile.length).toBeGreaterThan(0);
    const chatIds = truth.channels.map((c: { id: string | null }) => c.id).filter(Boolean);
    expect(new Set(chatIds).size).toBe(chatIds.length);
    const botExports = [...files.keys()].filter((f) =>
      /telegram\/bot-chat-\d+\/result\.json$/.test(f),
    ).length;
    expect(truth.channels.filter((c: { type: string }) => c.type === 'bot_chat')).toHaveLength(1);
    expect(truth.channels.find((c: { type: string }) => c.type === 'bot_chat').folders).toHaveLength(
      botExports,
    );
    const roles = new Set(truth.accounts.flatMap((a: { roles: string[] }) => a.roles));
    for (const r of ['operator', 'courier', 'dropper', 'exchanger', 'end_recipient', 'buyer'])
      expect(roles).toContain(r);
  });

  it('reaches the Shymkent figures at scale 1: 300+ participants, key figures over $7M', () => {
    const full = collect({ scenario: 'shymkent', seed: 1, scale: 1 });
    const t = JSON.parse(full.files.get('truth.json')?.text ?? '{}');
    expect(t.participants.byNetwork.n1).toBeGreaterThanOrEqual(300);
    expect(t.summary.keyFiguresTurnoverUsd).toBeGreaterThan(7_000_000);
    expect(full.counts.transfers).toBeGreaterThan(20_000);
    expect(full.counts.transfers).toBeLessThan(80_000);
  }, 120_000);
});

describe('truth consistency', () => {
  // The analysis is scored against truth: every role it names must be supported by the evidence files.
  const { files } = collect({ scenario: 'shymkent', seed: 5, scale: 0.3 });
  const truth = JSON.parse(files.get('truth.json')?.text ?? '{}');
  type Tx = { ts: string; from: string; to: string };
  const txs: Tx[] = [];
  for (const [name, f] of files)
    if (name.endsWith('transfers.csv'))
      for (const line of f.text.trim().split('\n').slice(1)) {
        const c = line.split(',');
        txs.push({ ts: c[1] ?? '', from: c[4] ?? '', to: c[5] ?? '' });
      }
  const inCsv = new Set(txs.flatMap((t) => [t.from, t.to]));
  const slices: Array<{ file: string; account: string }> = truth.evidence.slices;
  const sliceText = new Map(
    slices.map((s) => {
      const f = files.get(s.file);
      return [s.file, `${f?.text ?? ''}${f?.rows.map((r) => r.join('|')).join('\n') ?? ''}`];
    }),
  );
  // In a canonical row, or as a counterparty in another account's statement/explorer file (grouped
  // cards written without spaces).
  const hasTransfers = (id: string) => {
    if (inCsv.has(id)) return true;
    const raw = id.slice(id.indexOf(':') + 1);
    return slices.some(
      (s) => s.account !== id && (sliceText.get(s.file) ?? '').replace(/(\d{4}) (?=\d)/g, '$1').includes(raw),
    );
  };
  const chatUsers = new Set<string>();
  for (const [name, f] of files)
    if (name.endsWith('result.json'))
      for (const m of JSON.parse(f.text).messages as Array<{ from_id?: string }>)
        if (m.from_id?.startsWith('user')) chatUsers.add(`tg:user:${m.from_id.slice(4)}`);

  it('backs every dropper, courier, exchanger and end-recipient account with transfers', () => {
    const checked = new Map<string, number>();
    const missing: string[] = [];
    for (const a of truth.accounts as Array<{ id: string; roles: string[] }>)
      for (const r of a.roles) {
        if (!['dropper', 'courier', 'exchanger', 'end_recipient'].includes(r)) continue;
        checked.set(r, (checked.get(r) ?? 0) + 1);
        if (!hasTransfers(a.id)) missing.push(`${r} ${a.id}`);
      }
    expect(missing).toEqual([]);
    expect(checked.get('courier')).toBeGreaterThanOrEqual(24);
    expect(checked.get('dropper')).toBeGreaterThanOrEqual(60);
  });

  it('links every person with a role to an account or Telegram user in the output', () => {
    const orphans = (
      truth.persons as Array<{ id: string; roles: string[]; accounts: string[]; tg: string | null }>
    )
      .filter((p) => p.roles.length > 0)
      .filter((p) => !p.accounts.some(hasTransfers) && !(p.tg && chatUsers.has(p.tg)))
      .map((p) => `${p.id} ${p.roles.join('/')}`);
    expect(orphans).toEqual([]);
  });

  it('pays every courier card or wallet from shop-side accounts, after a drop report by that courier', () => {
    const acc = new Map<string, { roles: string[]; holder: string }>(
      truth.accounts.map((a: { id: string; roles: string[]; holder: string }) => [a.id, a]),
    );
    const person = new Map<string, { tg: string | null }>(
      truth.persons.map((p: { id: string; tg: string | null }) => [p.id, p]),
    );
    const reports = new Map<string, number[]>();
    for (const [name, f] of files)
      if (name.endsWith('couriers/result.json'))
        for (const m of JSON.parse(f.text).messages as Array<{
          from_id: string;
          date_unixtime: string;
          location_information?: unknown;
        }>)
          if (m.location_information) {
            const key = `tg:user:${m.from_id.slice(4)}`;
            reports.set(key, [...(reports.get(key) ?? []), Number(m.date_unixtime)]);
          }
    const shop = (id: string) => acc.get(id)?.roles.some((r) => ['operator', 'dropper'].includes(r)) ?? false;
    const unpaid: string[] = [];
    let pays = 0;
    for (const [id, a] of acc) {
      if (!a.roles.includes('courier')) continue;
      const tg = person.get(a.holder)?.tg ?? '';
      const times = reports.get(tg) ?? [];
      expect(times.length, `drop reports by ${tg} (${a.holder})`).toBeGreaterThan(0);
      const inflows = txs.filter((t) => t.to === id);
      if (id.startsWith('card:') && !inflows.some((t) => shop(t.from))) unpaid.push(id);
      for (const t of inflows) {
        pays++;
        const ts = Date.parse(t.ts) / 1000;
        expect(times.some((r) => r < ts)).toBe(true);
      }
    }
    expect(unpaid).toEqual([]);
    expect(pays).toBeGreaterThan(100);
  });

  it('has buyers pay from their own cards, a few times each, no card shared by hundreds', () => {
    const buyerCards = new Set(
      (truth.accounts as Array<{ id: string; roles: string[] }>)
        .filter((a) => a.roles.includes('buyer'))
        .map((a) => a.id),
    );
    const perCard = new Map<string, number>();
    for (const t of txs) if (buyerCards.has(t.from)) perCard.set(t.from, (perCard.get(t.from) ?? 0) + 1);
    const counts = [...perCard.values()].sort((a, b) => b - a);
    expect(counts.length).toBeGreaterThan(500);
    expect(counts[0]).toBeLessThan(80);
    // Listed buyer cards made payments: in the canonical rows, or onto the seized dropper card's statement.
    const silent = [...buyerCards].filter((id) => !perCard.has(id) && !hasTransfers(id));
    expect(silent).toEqual([]);
  });

  it('plants hostile-looking text in a benign chat and lists it in truth', () => {
    expect(truth.hostileMessages.length).toBeGreaterThanOrEqual(3);
    for (const h of truth.hostileMessages as Array<{ file: string; messageId: number; text: string }>) {
      const chat = JSON.parse(files.get(h.file)?.text ?? '{}');
      const m = chat.messages.find((x: { id: number }) => x.id === h.messageId);
      const text = m.text_entities.map((e: { text: string }) => e.text).join('');
      expect(text).toBe(h.text);
    }
    const all = truth.hostileMessages.map((h: { text: string }) => h.text).join('\n');
    expect(all).toContain('<img src=x onerror=alert(1)>');
    expect(all).toContain('javascript:alert(1)');
    expect(all).toContain('<script>');
  });
});
