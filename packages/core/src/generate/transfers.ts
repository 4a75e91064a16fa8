/**
 * The money flows, one day at a time: buyers pay small amounts onto dropper cards, droppers sweep to
 * collectors, collectors to the key figures, who buy USDT from unlicensed exchangers and send it to end
 * recipients abroad; couriers are paid per drop; legitimate high-volume accounts and noise run alongside.
 * State is per network account (bounded); buyers and ordinary people are derived from their index.
 */
import type { FxSeries } from './fx.ts';
import type { Rng } from './prng.ts';
import { type Account, buyerOf, type NetworkModel, ordinaryOf, type Person, type World } from './world.ts';

export type TransferChannel = 'card2card' | 'bank' | 'cash' | 'crypto' | 'exchange' | 'p2p' | 'other';

export interface Transfer {
  txId: string;
  /** Unix seconds (UTC). */
  ts: number;
  day: number;
  /** Minor units of `currency` (tiyn, USDT micro-units, satoshi). */
  amount: bigint;
  currency: 'KZT' | 'RUB' | 'USDT' | 'BTC';
  from: string;
  to: string;
  fromName: string;
  toName: string;
  channel: TransferChannel;
  reference: string;
  /** What the transfer is in the scenario (retail, sweep, consolidation, otc, payout, salary, noise …). */
  flow: string;
  /** Network whose evidence folder carries it. */
  network: string;
  /** Retail and wholesale: the paying buyer's index in the network's pool and which card paid. */
  buyer?: { index: number; flag: number };
}

export interface ExchangeOrder {
  exchange: string;
  orderId: string;
  ts: number;
  buyerUser: string;
  sellerUser: string;
  fiatAmount: bigint;
  cryptoAmount: bigint;
  paymentFrom: string;
  paymentTo: string;
}

export interface DayOutput {
  day: number;
  transfers: Transfer[];
  orders: ExchangeOrder[];
  /** Drop outings this day, one courier-chat report each, and the per-drop pay that followed. */
  drops: DropReport[];
}

export interface DropReport {
  courier: Person;
  network: string;
  /** Addresses laid in this outing. */
  count: number;
  /** When the report was posted (Unix seconds); the pay follows it. */
  ts: number;
  lat: number;
  lon: number;
  district: string;
  payer: Person;
  payTs: number;
  payKzt: number;
  currency: 'KZT' | 'USDT';
}

/** Which of a buyer's cards paid (bit 1: own card, 2: second card, 4: a relative's card). */
export const BUYER_CARD = 1;
export const BUYER_CARD2 = 2;
export const BUYER_RELATIVE = 4;

/** Mean addresses a courier lays in one outing (and reports in one message). */
const DROPS_PER_OUTING = 8;

const KZT = (tenge: number) => BigInt(Math.round(tenge)) * 100n;

export function* generateTransfers(world: World, fx: FxSeries, rng: Rng): Generator<DayOutput> {
  const s = world.scenario;
  const acc = (id: string | undefined) => world.accounts.get(id ?? '') as Account;
  const bal = new Map<string, bigint>();
  const add = (id: string, v: bigint) => bal.set(id, (bal.get(id) ?? 0n) + v);
  const get = (id: string) => bal.get(id) ?? 0n;
  const lastSweep = new Map<string, number>();
  let seq = 0;
  const courierPaid = new Map<string, number>();
  let otcCount = 0;
  let p2pTurn = 0;
  let erTurn = 0;
  let btcPaidOut = false;
  const outingChance = Math.min(0.9, s.main.dropsPerCourierDay / DROPS_PER_OUTING);
  // Every courier goes out at least twice early on, so short scenarios still pay each one.
  const forceWindow = Math.max(1, Math.min(s.days - 1, 30));

  const dropperIndex = world.networks.map((n) => new Map(n.droppers.map((d, i) => [d.id, i])));
  const frontHolder = world.accounts.get(world.slice.frontIban)?.holder;
  const front = world.persons.get(frontHolder ?? '') as Person;
  for (let day = 0; day < s.days; day++) {
    const base = world.epochStart + day * 86400;
    const out: Transfer[] = [];
    const orders: ExchangeOrder[] = [];
    const drops: DayOutput['drops'] = [];
    const at = (secondsOfDay: number) => base + Math.max(0, Math.min(86399, Math.floor(secondsOfDay)));
    const evening = () =>
      rng.weighted([rng.int(9, 14), rng.int(14, 19), rng.int(19, 23), rng.int(0, 3)], [2, 3, 5, 1]) * 3600 +
      rng.int(0, 3599);
    const push = (t: Omit<Transfer, 'txId' | 'day'> & { txId?: string }) => {
      seq++;
      const txId =
        t.txId ??
        `${t.currency === 'KZT' ? 'KZ' : 'X'}${String(day).padStart(3, '0')}${String(seq).padStart(9, '0')}`;
      const tr: Transfer = { ...t, txId, day };
      out.push(tr);
      if (world.accounts.has(tr.from)) add(tr.from, -tr.amount);
      if (world.accounts.has(tr.to)) add(tr.to, tr.amount);
      return tr;
    };
    const hash = () => rng.hex(32);
    const usdtFromKzt = (kzt: bigint, feePct: number) => {
      const cents = fx.toUsdCents(kzt, 'KZT', day);
      return (cents * 10000n * BigInt(Math.round((100 - feePct) * 100))) / 10000n;
    };

    for (const [netIndex, net] of world.networks.entries()) {
      const isMain = net.keyFigures.length > 0;
      const activeDroppers = net.droppers.filter((d) => {
        const a = acc(d.accounts[0]);
        return a.from <= day && day <= a.to;
      });
      // Retail: buyers → dropper cards.
      const retail = rng.poisson(net.buyerPaymentsPerDay * (0.8 + 0.4 * rng.float()));
      const lastIn = new Map<string, number>();
      for (let i = 0; i < retail && activeDroppers.length > 0; i++) {
        // Most payments come from anyone in the pool; a third from the regulars (the first tenth). A
        // buyer pays a few times over the span, from their own card(s), rarely from a relative's card.
        const buyerIndex = rng.chance(0.3)
          ? rng.int(0, Math.max(0, Math.ceil(net.buyers / 10) - 1))
          : rng.int(0, net.buyers - 1);
        const buyer = buyerOf(world, net.id, buyerIndex);
        const r = rng.float();
        const [payCard, payName, flag] =
          r < 0.04
            ? [buyer.relativeCard, buyer.relativeName, BUYER_RELATIVE]
            : buyer.card2 && r < 0.35
              ? [buyer.card2, buyer.name, BUYER_CARD2]
              : [buyer.card, buyer.name, BUYER_CARD];
        const dropper = rng.pick(activeDroppers);
        const card = dropper.accounts[0] as string;
        const amount = Math.max(
          3000,
          Math.round(rng.logNormal(s.main.retailMedianKzt, s.main.retailSigma) / 500) * 500,
        );
        const ts = at(evening());
        push({
          ts,
          amount: KZT(amount),
          currency: 'KZT',
          from: `card:${payCard}`,
          to: card,
          fromName: payName,
          toName: dropper.name,
          channel: 'card2card',
          reference: rng.chance(0.3) ? rng.pick(['за товар', 'долг', 'перевод', '', 'spasibo']) : '',
          flow: 'retail',
          network: net.id,
          buyer: { index: buyerIndex, flag },
        });
        lastIn.set(card, Math.max(lastIn.get(card) ?? 0, ts));
      }
      // Wholesale goes to collectors directly.
      if (isMain) {
        const n = rng.poisson(s.main.wholesalePaymentsPerDay);
        for (let i = 0; i < n; i++) {
          const buyerIndex = rng.int(0, Math.max(0, Math.floor(net.buyers / 50)));
          const buyer = buyerOf(world, net.id, buyerIndex);
          const col = rng.pick(net.collectors);
          const amount = Math.round(rng.logNormal(s.main.wholesaleMedianKzt, 0.4) / 1000) * 1000;
          push({
            ts: at(evening()),
            amount: KZT(amount),
            currency: 'KZT',
            from: `card:${buyer.card}`,
            to: col.accounts[0] as string,
            fromName: buyer.name,
            toName: col.name,
            channel: 'card2card',
            reference: '',
            flow: 'wholesale',
            network: net.id,
            buyer: { index: buyerIndex, flag: BUYER_CARD },
          });
        }
      }
      // Droppers sweep to their collector soon after money arrives (transit, minutes to two days).
      for (const d of activeDroppers) {
        const card = d.accounts[0] as string;
        const b = get(card);
        const a = acc(card);
        const due =
          b >= KZT(s.main.dropperSweepKzt) ||
          (b > 0n && day - (lastSweep.get(card) ?? a.from) >= 2) ||
          (b > 0n && day === a.to);
        if (!due) continue;
        const ci = net.dropperCollector[dropperIndex[world.networks.indexOf(net)]?.get(d.id) ?? 0] ?? 0;
        const col = net.collectors[ci] as Person;
        const keep = b > KZT(2000) ? KZT(rng.int(0, 1500)) : 0n;
        const ts = Math.min(
          base + 86399,
          (lastIn.get(card) ?? at(rng.int(9, 12) * 3600)) + rng.int(20, 5400),
        );
        push({
          ts,
          amount: b - keep,
          currency: 'KZT',
          from: card,
          to: (col.accounts[rng.chance(0.8) ? 0 : 1] ?? col.accounts[0]) as string,
          fromName: d.name,
          toName: col.name,
          channel: 'card2card',
          reference: '',
          flow: 'sweep',
          network: net.id,
        });
        lastSweep.set(card, day);
      }
      // Collectors consolidate to the key figures (main) or the group's operator (related groups).
      for (const [ci, col] of net.collectors.entries()) {
        for (const card of col.accounts) {
          const b = get(card);
          if (b <= KZT(50000) || rng.float() > 0.4) continue;
          const bossIndex = net.collectorBoss[ci] ?? 0;
          const boss = isMain ? (net.keyFigures[bossIndex] as Person) : (net.operators[0] as Person);
          push({
            ts: at(rng.int(20, 23) * 3600 + rng.int(0, 3599)),
            amount: b,
            currency: 'KZT',
            from: card,
            to: boss.accounts[0] as string,
            fromName: col.name,
            toName: boss.name,
            channel: 'card2card',
            reference: rng.pick(['', 'возврат долга', 'за аренду']),
            flow: 'consolidation',
            network: net.id,
          });
        }
      }
      // Couriers go out on some days, lay a batch of drops, report them in the courier chat and are paid
      // per drop a few hours after the report, from a shop-side account.
      for (const [ci, c] of net.couriers.entries()) {
        const first = (ci * 7 + netIndex * 3) % forceWindow;
        const forced = day === first || day === (first + Math.floor(forceWindow / 2)) % forceWindow;
        if (!forced && !rng.chance(outingChance)) continue;
        const count = Math.max(1, 3 + rng.poisson(DROPS_PER_OUTING - 3));
        const ts = at(rng.int(8, 19) * 3600 + rng.int(0, 3599));
        const payTs = Math.min(base + 86399, ts + rng.int(3600, 5 * 3600));
        const perDrop = rng.int(s.main.courierPayKzt[0], s.main.courierPayKzt[1]);
        const payKzt = perDrop * count;
        const tron = isMain ? c.accounts.find((a) => a.startsWith('tron:')) : undefined;
        const paidSoFar = courierPaid.get(c.id) ?? 0;
        courierPaid.set(c.id, paidSoFar + 1);
        // Couriers with a wallet alternate between USDT and their card, so both carry the pay.
        const inUsdt = tron !== undefined && paidSoFar % 2 === 1;
        let payer: Person;
        let src: string;
        if (inUsdt) {
          payer = net.keyFigures[net.keyFigures.length - 1] as Person;
          src = payer.accounts.find((a) => a.startsWith('tron:')) as string;
          push({
            txId: hash(),
            ts: payTs,
            amount: usdtFromKzt(KZT(payKzt), 0),
            currency: 'USDT',
            from: src,
            to: tron,
            fromName: payer.name,
            toName: c.name,
            channel: 'crypto',
            reference: '',
            flow: 'courier_pay',
            network: net.id,
          });
        } else {
          if (isMain) {
            const k = rng.int(0, 9);
            const kfB = net.keyFigures[net.keyFigures.length - 1] as Person;
            const kfA = net.keyFigures[0] as Person;
            const op = net.operators[0];
            // Mostly the payroll card; sometimes key figure A's second card or the operator's card.
            [payer, src] =
              k < 6 || (k >= 8 && !op)
                ? [kfB, kfB.accounts[2] as string]
                : k < 8
                  ? [kfA, kfA.accounts[2] as string]
                  : [op as Person, (op as Person).accounts[0] as string];
          } else {
            payer = net.operators[0] as Person;
            src = payer.accounts[0] as string;
          }
          push({
            ts: payTs,
            amount: KZT(payKzt),
            currency: 'KZT',
            from: src,
            to: c.accounts[0] as string,
            fromName: payer.name,
            toName: c.name,
            channel: 'card2card',
            reference: rng.pick(['', 'зп', 'za rabotu', 'аванс', `${count} адр`]),
            flow: 'courier_pay',
            network: net.id,
          });
        }
        const lat = +(net.center.lat + (rng.float() - 0.5) * 0.12).toFixed(6);
        const lon = +(net.center.lon + (rng.float() - 0.5) * 0.16).toFixed(6);
        drops.push({
          courier: c,
          network: net.id,
          count,
          ts,
          lat,
          lon,
          district: rng.pick(net.districts),
          payer,
          payTs,
          payKzt,
          currency: inUsdt ? 'USDT' : 'KZT',
        });
      }
    }
    const main = world.networks[0] as NetworkModel;
    const [kfA, kfB] = [main.keyFigures[0] as Person, (main.keyFigures[1] ?? main.keyFigures[0]) as Person];
    const weekday = (day + 7) % 7;
    // The key figures refill the cards they pay couriers and recruiters from with what was spent
    // (internal: own accounts), so the payroll follows the size of the network.
    if (weekday === 0) {
      for (const kf of kfA === kfB ? [kfB] : [kfB, kfA]) {
        const payroll = kf.accounts[2] as string;
        const need = KZT(kf === kfB ? 400_000 : 100_000) - get(payroll);
        if (need <= 0n) continue;
        push({
          ts: at(9 * 3600 + rng.int(0, 1800)),
          amount: (need / 100_000n + 1n) * 100_000n,
          currency: 'KZT',
          from: kf.accounts[0] as string,
          to: payroll,
          fromName: kf.name,
          toName: kf.name,
          channel: 'card2card',
          reference: 'перевод между своими счетами',
          flow: 'internal',
          network: main.id,
        });
      }
      for (const r of main.recruiters) {
        push({
          ts: at(rng.int(12, 18) * 3600),
          amount: KZT(rng.int(50, 150) * 1000),
          currency: 'KZT',
          from: kfB.accounts[2] as string,
          to: r.accounts[0] as string,
          fromName: kfB.name,
          toName: r.name,
          channel: 'card2card',
          reference: '',
          flow: 'recruiter_pay',
          network: main.id,
        });
      }
    }
    if (day % 30 === 15) {
      for (const o of main.operators)
        push({
          ts: at(15 * 3600),
          amount: KZT(rng.int(300, 500) * 1000),
          currency: 'KZT',
          from: kfA.accounts[0] as string,
          to: o.accounts[0] as string,
          fromName: kfA.name,
          toName: o.name,
          channel: 'card2card',
          reference: '',
          flow: 'operator_pay',
          network: main.id,
        });
      for (const c of main.chemists)
        push({
          ts: at(16 * 3600),
          amount: KZT(rng.int(1000, 2000) * 1000),
          currency: 'KZT',
          from: kfA.accounts[0] as string,
          to: c.accounts[0] as string,
          fromName: kfA.name,
          toName: c.name,
          channel: 'card2card',
          reference: '',
          flow: 'chemist_pay',
          network: main.id,
        });
    }
    // Key figure A: card → own IBAN → front company (unlicensed exchanger 0) → USDT back to A's wallet.
    const exA = main.exchangers[0] as Person;
    if (
      get(kfA.accounts[0] as string) > KZT(4_000_000) ||
      (weekday === 3 && get(kfA.accounts[0] as string) > KZT(500_000))
    ) {
      const amount = ((get(kfA.accounts[0] as string) * 95n) / 100n / 100000n) * 100000n;
      const t0 = at(10 * 3600 + rng.int(0, 3600));
      push({
        ts: t0,
        amount,
        currency: 'KZT',
        from: kfA.accounts[0] as string,
        to: world.slice.keyFigureIban,
        fromName: kfA.name,
        toName: kfA.name,
        channel: 'bank',
        reference: 'пополнение счета',
        flow: 'internal',
        network: main.id,
      });
      push({
        ts: t0 + rng.int(600, 7200),
        amount,
        currency: 'KZT',
        from: world.slice.keyFigureIban,
        to: world.slice.frontIban,
        fromName: kfA.name,
        toName: front.name,
        channel: 'bank',
        reference: `Оплата по договору №${rng.int(10, 99)}/${rng.int(1, 12)} за консультационные услуги`,
        flow: 'otc_fiat',
        network: main.id,
      });
      const usdt = usdtFromKzt(amount, s.main.exchangerFeePct);
      // The first exchange is paid in BTC, so the BTC leg exists at any scale; later ones sometimes.
      const useBtc = (otcCount++ === 1 || rng.chance(0.15)) && world.slice.keyFigureBtc;
      if (useBtc) {
        const btcRate = fx.effective('BTC', day);
        const sats = (usdt * 10n ** 10n * 100n) / btcRate; // usdt micro (1e-6) → BTC 1e-8 units
        push({
          txId: hash(),
          ts: t0 + rng.int(7200, 14000),
          amount: sats,
          currency: 'BTC',
          from: exA.accounts.find((a) => a.startsWith('btc:')) as string,
          to: world.slice.keyFigureBtc,
          fromName: exA.name,
          toName: kfA.name,
          channel: 'crypto',
          reference: '',
          flow: 'otc_crypto',
          network: main.id,
        });
      } else {
        push({
          txId: hash(),
          ts: t0 + rng.int(7200, 14000),
          amount: usdt,
          currency: 'USDT',
          from: exA.accounts[2] as string,
          to: world.slice.keyFigureTron,
          fromName: exA.name,
          toName: kfA.name,
          channel: 'crypto',
          reference: '',
          flow: 'otc_crypto',
          network: main.id,
        });
      }
    }
    // Front company pays its owner (exchanger 0) and exchangers restock USDT at the licensed exchange.
    if (get(world.slice.frontIban) > KZT(1_000_000) && rng.chance(0.5)) {
      const amount = ((get(world.slice.frontIban) * 9n) / 10n / 100n) * 100n;
      push({
        ts: at(11 * 3600 + rng.int(0, 7200)),
        amount,
        currency: 'KZT',
        from: world.slice.frontIban,
        to: exA.accounts[0] as string,
        fromName: front.name,
        toName: exA.name,
        channel: 'bank',
        reference: 'Выплата по договору займа',
        flow: 'exchanger_cashout',
        network: main.id,
      });
    }
    // Key figure B keeps a reserve on his current account; key figure A now and then buys a little USDT
    // on the P2P platform himself (an order, the card payment, the release, the withdrawal).
    if (day % 30 === 10 && kfB.accounts[1]?.startsWith('iban:'))
      push({
        ts: at(10 * 3600 + rng.int(0, 3600)),
        amount: KZT(rng.int(200, 600) * 1000),
        currency: 'KZT',
        from: kfB.accounts[0] as string,
        to: kfB.accounts[1],
        fromName: kfB.name,
        toName: kfB.name,
        channel: 'bank',
        reference: 'пополнение счета',
        flow: 'internal',
        network: main.id,
      });
    const kfAex = kfA.accounts.find((a) => a.startsWith('exchange:'));
    const seller = main.exchangers[1] ?? main.exchangers[0];
    if (day % 30 === 25 && kfAex && seller) {
      const chunk = KZT(rng.int(300, 900) * 1000);
      const usdt = usdtFromKzt(chunk, s.main.exchangerFeePct);
      const sellerCard = seller.accounts[0] as string;
      const sellerEx = seller.accounts.find((a) => a.startsWith('exchange:')) as string;
      const t = at(13 * 3600 + rng.int(0, 3600));
      const orderId = `${rng.digits(19)}`;
      orders.push({
        exchange: sellerEx.split(':')[1] ?? 'p2p-market',
        orderId,
        ts: t - 60,
        buyerUser: kfAex,
        sellerUser: sellerEx,
        fiatAmount: chunk,
        cryptoAmount: usdt,
        paymentFrom: kfA.accounts[0] as string,
        paymentTo: sellerCard,
      });
      push({
        ts: t,
        amount: chunk,
        currency: 'KZT',
        from: kfA.accounts[0] as string,
        to: sellerCard,
        fromName: kfA.name,
        toName: seller.name,
        channel: 'p2p',
        reference: `P2P ${rng.int(100000, 999999)}`,
        flow: 'otc_fiat',
        network: main.id,
      });
      push({
        txId: `P2P-${orderId}`,
        ts: t + rng.int(60, 600),
        amount: usdt,
        currency: 'USDT',
        from: sellerEx,
        to: kfAex,
        fromName: seller.name,
        toName: kfA.name,
        channel: 'exchange',
        reference: `order ${orderId}`,
        flow: 'otc_crypto',
        network: main.id,
      });
      push({
        txId: hash(),
        ts: t + rng.int(3600, 7200),
        amount: usdt,
        currency: 'USDT',
        from: kfAex,
        to: kfA.accounts[3] as string,
        fromName: kfA.name,
        toName: kfA.name,
        channel: 'crypto',
        reference: 'withdrawal',
        flow: 'internal',
        network: main.id,
      });
    }
    // Exchangers top up their platform balance from their wallet to sell USDT there (own accounts).
    if (weekday === 4)
      for (const ex of main.exchangers) {
        const platform = ex.accounts.find((a) => a.startsWith('exchange:'));
        if (!platform || !rng.chance(0.6)) continue;
        push({
          txId: hash(),
          ts: at(rng.int(9, 20) * 3600 + rng.int(0, 3599)),
          amount: BigInt(rng.int(500, 3000)) * 1_000_000n,
          currency: 'USDT',
          from: ex.accounts[2] as string,
          to: platform,
          fromName: ex.name,
          toName: ex.name,
          channel: 'crypto',
          reference: 'deposit',
          flow: 'internal',
          network: main.id,
        });
      }
    const lic = world.traps.licensedExchange;
    for (const ex of main.exchangers) {
      for (const card of ex.accounts.slice(0, 2)) {
        if (get(card) > KZT(2_000_000) && rng.chance(0.5)) {
          const amount = ((get(card) * 9n) / 10n / 100n) * 100n;
          const ts = at(rng.int(10, 17) * 3600);
          push({
            ts,
            amount,
            currency: 'KZT',
            from: card,
            to: lic.accounts[1] as string,
            fromName: ex.name,
            toName: lic.name,
            channel: 'bank',
            reference: `Пополнение счета ${ex.accounts[3]?.split(':')[2] ?? ''}`,
            flow: 'exchanger_restock',
            network: main.id,
          });
          push({
            txId: hash(),
            ts: ts + rng.int(900, 7200),
            amount: usdtFromKzt(amount, 0.2),
            currency: 'USDT',
            from: lic.accounts[0] as string,
            to: ex.accounts[2] as string,
            fromName: lic.name,
            toName: ex.name,
            channel: 'crypto',
            reference: '',
            flow: 'exchanger_restock',
            network: main.id,
          });
        }
      }
    }
    // Key figure B buys USDT on a P2P platform from exchangers 1..n (orders link fiat and crypto).
    if (
      get(kfB.accounts[0] as string) > KZT(3_000_000) ||
      (weekday === 5 && get(kfB.accounts[0] as string) > KZT(400_000))
    ) {
      let left = (get(kfB.accounts[0] as string) * 9n) / 10n;
      const kfBex = kfB.accounts[4] as string;
      const kfBtron = kfB.accounts[3] as string;
      let t = at(12 * 3600 + rng.int(0, 3600));
      let boughtUsdt = 0n;
      while (left > KZT(100_000)) {
        const chunk = left > KZT(2_500_000) ? KZT(rng.int(800, 2500) * 1000) : left;
        left -= chunk;
        // Round-robin over the sellers and their two cards first (every one is used even at small
        // scales), then at random.
        const sellers = Math.max(1, main.exchangers.length - 1);
        const turn = p2pTurn++;
        const ex = (
          main.exchangers.length > 1
            ? main.exchangers[1 + (turn < 2 * sellers ? turn % sellers : rng.int(0, sellers - 1))]
            : main.exchangers[0]
        ) as Person;
        const exCard = ex.accounts[
          turn < 2 * sellers ? Math.floor(turn / sellers) : rng.chance(0.7) ? 0 : 1
        ] as string;
        const usdt = usdtFromKzt(chunk, s.main.exchangerFeePct);
        t += rng.int(300, 2400);
        const otc = ex === main.exchangers[main.exchangers.length - 1] && main.exchangers.length > 2;
        push({
          ts: t,
          amount: chunk,
          currency: 'KZT',
          from: kfB.accounts[0] as string,
          to: exCard,
          fromName: kfB.name,
          toName: ex.name,
          channel: otc ? 'card2card' : 'p2p',
          reference: otc ? '' : `P2P ${rng.int(100000, 999999)}`,
          flow: 'otc_fiat',
          network: main.id,
        });
        if (otc) {
          push({
            txId: hash(),
            ts: t + rng.int(300, 3000),
            amount: usdt,
            currency: 'USDT',
            from: ex.accounts[2] as string,
            to: kfBtron,
            fromName: ex.name,
            toName: kfB.name,
            channel: 'crypto',
            reference: '',
            flow: 'otc_crypto',
            network: main.id,
          });
        } else {
          const orderId = `${rng.digits(19)}`;
          orders.push({
            exchange: 'p2p-market',
            orderId,
            ts: t - 60,
            buyerUser: kfBex,
            sellerUser: ex.accounts[3] as string,
            fiatAmount: chunk,
            cryptoAmount: usdt,
            paymentFrom: kfB.accounts[0] as string,
            paymentTo: exCard,
          });
          push({
            txId: `P2P-${orderId}`,
            ts: t + rng.int(60, 600),
            amount: usdt,
            currency: 'USDT',
            from: ex.accounts[3] as string,
            to: kfBex,
            fromName: ex.name,
            toName: kfB.name,
            channel: 'exchange',
            reference: `order ${orderId}`,
            flow: 'otc_crypto',
            network: main.id,
          });
          boughtUsdt += usdt;
        }
      }
      if (boughtUsdt > 0n) {
        push({
          txId: hash(),
          ts: t + rng.int(3600, 7200),
          amount: boughtUsdt,
          currency: 'USDT',
          from: kfBex,
          to: kfBtron,
          fromName: kfB.name,
          toName: kfB.name,
          channel: 'crypto',
          reference: 'withdrawal',
          flow: 'internal',
          network: main.id,
        });
      }
    }
    // Related groups' operators sell their KZT to the shared exchanger and get USDT.
    for (const net of world.networks.slice(1)) {
      const op = net.operators[0] as Person;
      const ex = net.exchangers[0] as Person;
      if (!op || !ex) continue;
      const b = get(op.accounts[0] as string);
      if (b > KZT(1_500_000) || (weekday === 2 && b > KZT(200_000))) {
        const amount = ((b * 9n) / 10n / 1000n) * 1000n;
        const ts = at(rng.int(11, 16) * 3600);
        push({
          ts,
          amount,
          currency: 'KZT',
          from: op.accounts[0] as string,
          to: ex.accounts[1] as string,
          fromName: op.name,
          toName: ex.name,
          channel: 'card2card',
          reference: '',
          flow: 'otc_fiat',
          network: net.id,
        });
        push({
          txId: hash(),
          ts: ts + rng.int(600, 5000),
          amount: usdtFromKzt(amount, s.main.exchangerFeePct),
          currency: 'USDT',
          from: ex.accounts[2] as string,
          to: op.accounts[1] as string,
          fromName: ex.name,
          toName: op.name,
          channel: 'crypto',
          reference: '',
          flow: 'otc_crypto',
          network: net.id,
        });
      }
      const tron = op.accounts[1] as string;
      const er = net.endRecipients[0];
      if (er && get(tron) > 3_000_000_000n) {
        push({
          txId: hash(),
          ts: at(rng.int(18, 23) * 3600),
          amount: (get(tron) * 9n) / 10n,
          currency: 'USDT',
          from: tron,
          to: er.accounts[0] as string,
          fromName: op.name,
          toName: er.name,
          channel: 'crypto',
          reference: '',
          flow: 'to_end_recipient',
          network: net.id,
        });
      }
    }
    // Key figures' wallets: pay end recipients abroad and suppliers.
    for (const kf of main.keyFigures) {
      const tron = kf.accounts[3] as string;
      const b = get(tron);
      if (b > 20_000_000_000n || (weekday === 6 && b > 2_000_000_000n)) {
        let left = (b * BigInt(Math.round(s.main.endRecipientShare * 1000))) / 1000n;
        let t = at(rng.int(19, 22) * 3600);
        while (left > 1_000_000_000n) {
          const chunk = left > 30_000_000_000n ? BigInt(rng.int(8000, 30000)) * 1_000_000n : left;
          left -= chunk;
          const er =
            erTurn < main.endRecipients.length
              ? (main.endRecipients[erTurn++] as Person)
              : rng.weighted(
                  main.endRecipients,
                  main.endRecipients.map((_, i) => 1 / (i + 1)),
                );
          t += rng.int(120, 1800);
          push({
            txId: hash(),
            ts: t,
            amount: chunk,
            currency: 'USDT',
            from: tron,
            to: er.accounts[0] as string,
            fromName: kf.name,
            toName: er.name,
            channel: 'crypto',
            reference: '',
            flow: 'to_end_recipient',
            network: main.id,
          });
        }
        if (main.suppliers.length > 0 && rng.chance(0.3)) {
          const sup = rng.pick(main.suppliers);
          push({
            txId: hash(),
            ts: t + 600,
            amount: BigInt(rng.int(2000, 9000)) * 1_000_000n,
            currency: 'USDT',
            from: tron,
            to: sup.accounts[0] as string,
            fromName: kf.name,
            toName: sup.name,
            channel: 'crypto',
            reference: '',
            flow: 'supplier_pay',
            network: main.id,
          });
        }
      }
    }
    const btc = world.slice.keyFigureBtc;
    if (
      btc &&
      ((get(btc) > 10_000_000n && rng.chance(0.5)) || (!btcPaidOut && get(btc) > 0n && weekday === 6))
    ) {
      btcPaidOut = true;
      const er = main.endRecipients[0] as Person;
      const to = er.accounts.find((a) => a.startsWith('btc:'));
      if (to)
        push({
          txId: hash(),
          ts: at(21 * 3600),
          amount: (get(btc) * 95n) / 100n,
          currency: 'BTC',
          from: btc,
          to,
          fromName: kfA.name,
          toName: er.name,
          channel: 'crypto',
          reference: '',
          flow: 'to_end_recipient',
          network: main.id,
        });
    }

    legitimate(world, rng, day, weekday, at, push);
    out.sort((a, b) => a.ts - b.ts || (a.txId < b.txId ? -1 : 1));
    yield { day, transfers: out, orders, drops };
  }
}

type Push = (t: Omit<Transfer, 'txId' | 'day'> & { txId?: string }) => Transfer;

/** The traps and the noise: legitimate accounts with dropper-like volume or counterparty counts. */
function legitimate(
  world: World,
  rng: Rng,
  day: number,
  weekday: number,
  at: (s: number) => number,
  push: Push,
): void {
  const s = world.scenario;
  const t = world.traps;
  const nOrd = s.benign.persons;
  const ord = (i: number) => ordinaryOf(world, i % nOrd);
  const card = (p: Person, i = 0) => p.accounts[i] as string;
  // Café: many small customer transfers, daily purchases out, weekly to the company account.
  const customers = rng.poisson(s.benign.cafeCustomersPerDay);
  for (let i = 0; i < customers; i++) {
    const o = ord(rng.int(0, nOrd - 1));
    push({
      ts: at(rng.int(8, 21) * 3600 + rng.int(0, 3599)),
      amount: BigInt(rng.int(8, 60) * 250) * 100n,
      currency: 'KZT',
      from: `card:${o.card}`,
      to: card(t.cafeOwner),
      fromName: o.name,
      toName: t.cafeOwner.name,
      channel: 'card2card',
      reference: rng.pick(['кофе', 'обед', '', 'за завтрак']),
      flow: 'cafe_sale',
      network: 'legit',
    });
  }
  if (rng.chance(0.6)) {
    const o = ord(rng.int(0, 20));
    push({
      ts: at(22 * 3600),
      amount: BigInt(rng.int(20, 90) * 1000) * 100n,
      currency: 'KZT',
      from: card(t.cafeOwner),
      to: `card:${o.card}`,
      fromName: t.cafeOwner.name,
      toName: o.name,
      channel: 'card2card',
      reference: 'продукты',
      flow: 'cafe_purchase',
      network: 'legit',
    });
  }
  if (weekday === 1)
    push({
      ts: at(10 * 3600),
      amount: BigInt(rng.int(300, 600) * 1000) * 100n,
      currency: 'KZT',
      from: card(t.cafeOwner),
      to: card(t.cafe),
      fromName: t.cafeOwner.name,
      toName: t.cafe.name,
      channel: 'bank',
      reference: 'Взнос выручки',
      flow: 'cafe_deposit',
      network: 'legit',
    });
  const dom = day % 30;
  // Landlord: rent from tenants at the start of the month.
  if (dom < 5) {
    for (let i = 0; i < t.tenants; i++) {
      if (i % 5 !== dom) continue;
      const o = ord(100 + i);
      push({
        ts: at(rng.int(9, 20) * 3600),
        amount: BigInt(150000 + (i % 5) * 25000) * 100n,
        currency: 'KZT',
        from: `card:${o.card}`,
        to: card(t.landlord),
        fromName: o.name,
        toName: t.landlord.name,
        channel: 'card2card',
        reference: 'аренда квартиры',
        flow: 'rent',
        network: 'legit',
      });
    }
  }
  if (dom === 6)
    push({
      ts: at(12 * 3600),
      amount: BigInt(rng.int(800, 1500) * 1000) * 100n,
      currency: 'KZT',
      from: card(t.landlord),
      to: `card:${ord(3).card}`,
      fromName: t.landlord.name,
      toName: ord(3).name,
      channel: 'card2card',
      reference: 'ипотека',
      flow: 'landlord_spend',
      network: 'legit',
    });
  // Employer: salaries twice a month to many employees, revenue in from a few clients.
  if (dom === 5 || dom === 20) {
    for (let i = 0; i < t.employees; i++) {
      const o = ord(200 + i);
      push({
        ts: at(11 * 3600 + i * 7),
        amount: BigInt(120000 + (i % 9) * 35000) * 100n,
        currency: 'KZT',
        from: card(t.employer),
        to: `card:${o.card}`,
        fromName: t.employer.name,
        toName: o.name,
        channel: 'bank',
        reference: `Заработная плата за ${dom === 5 ? 'вторую' : 'первую'} половину месяца`,
        flow: 'salary',
        network: 'legit',
      });
    }
  }
  if (dom === 2 || dom === 17)
    push({
      ts: at(15 * 3600),
      amount: BigInt(rng.int(9, 16) * 1_000_000) * 100n,
      currency: 'KZT',
      from: card(t.cafe),
      to: card(t.employer),
      fromName: t.cafe.name,
      toName: t.employer.name,
      channel: 'bank',
      reference: 'Оплата по счету за ремонтные работы',
      flow: 'b2b',
      network: 'legit',
    });
  // Student: parents send money every week, the student spends in small amounts.
  if (weekday === 0) {
    for (const p of t.parents)
      push({
        ts: at(rng.int(9, 21) * 3600),
        amount: BigInt(rng.int(25, 45) * 1000) * 100n,
        currency: 'KZT',
        from: card(p),
        to: card(t.student),
        fromName: p.name,
        toName: t.student.name,
        channel: 'card2card',
        reference: rng.pick(['на учебу', 'на еду', '']),
        flow: 'allowance',
        network: 'legit',
      });
  }
  if (rng.chance(0.7))
    push({
      ts: at(rng.int(12, 22) * 3600),
      amount: BigInt(rng.int(10, 60) * 100) * 100n,
      currency: 'KZT',
      from: card(t.student),
      to: rng.chance(0.5) ? card(t.cafeOwner) : `card:${ord(rng.int(0, nOrd - 1)).card}`,
      fromName: t.student.name,
      toName: '',
      channel: 'card2card',
      reference: '',
      flow: 'student_spend',
      network: 'legit',
    });
  // Licensed exchange: users deposit KZT and withdraw USDT to their own wallets.
  const lic = t.licensedExchange;
  const users = rng.poisson(s.benign.licensedExchangeUsersPerDay);
  for (let i = 0; i < users; i++) {
    // Anyone may use the exchange: a fixed index range collapsed onto one or two people at small scales.
    const o = ord(rng.int(0, nOrd - 1));
    const amount = BigInt(rng.int(20, 400) * 1000);
    const ts = at(rng.int(9, 22) * 3600);
    push({
      ts,
      amount: amount * 100n,
      currency: 'KZT',
      from: `card:${o.card}`,
      to: card(lic, 1),
      fromName: o.name,
      toName: lic.name,
      channel: 'bank',
      reference: 'Пополнение брокерского счета',
      flow: 'exchange_deposit',
      network: 'legit',
    });
    push({
      txId: rng.hex(32),
      ts: ts + rng.int(600, 3600),
      amount: (amount * 1_000_000n * 2n) / 1000n,
      currency: 'USDT',
      from: card(lic, 0),
      to: `tron:${o.tron}`,
      fromName: lic.name,
      toName: o.name,
      channel: 'crypto',
      reference: '',
      flow: 'exchange_withdrawal',
      network: 'legit',
    });
  }
  // Noise between ordinary people.
  const noise = rng.poisson(s.benign.noiseTransfersPerDay);
  for (let i = 0; i < noise; i++) {
    const a = ord(rng.int(0, nOrd - 1));
    const b = ord(rng.int(0, nOrd - 1));
    if (a.id === b.id) continue;
    push({
      ts: at(rng.int(7, 23) * 3600 + rng.int(0, 3599)),
      amount: BigInt(Math.round(rng.logNormal(8000, 1) / 100) * 100 + 100) * 100n,
      currency: 'KZT',
      from: `card:${a.card}`,
      to: `card:${b.card}`,
      fromName: a.name,
      toName: b.name,
      channel: 'card2card',
      reference: rng.pick(['', 'долг', 'на подарок', 'за такси', 'спасибо']),
      flow: 'noise',
      network: 'legit',
    });
  }
}
