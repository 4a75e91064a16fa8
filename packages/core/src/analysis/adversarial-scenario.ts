import type { ExchangeOrderRow, ExchangeRow, HolderRow, TransferRow } from '../model/tables.ts';
import { rateTable } from './usd-converter.ts';

/** A small adversarial case: three genuine droppers beside legitimate high-volume accounts. */
export function adversarialScenario() {
  let seed = 7;
  const rnd = () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
  const transfers: TransferRow[] = [];
  let n = 0;
  const base = Date.parse('2025-03-01T00:00:00Z');
  const tx = (
    ms: number,
    from: string | null,
    to: string | null,
    amount: number,
    currency = 'KZT',
    channel: TransferRow['channel'] = 'card2card',
  ) => {
    const id = `t${++n}`;
    transfers.push({
      id,
      txId: id,
      timestamp: new Date(base + ms).toISOString(),
      amount: amount.toFixed(2),
      currency,
      fromAccount: from,
      toAccount: to,
      fromHolder: null,
      toHolder: null,
      channel,
      reference: null,
      props: null,
      evidenceId: 'ev-bank',
      locator: `row:${n}`,
    });
    return id;
  };
  const H = 3_600_000;
  const D = 24 * H;
  const orders: ExchangeOrderRow[] = [];
  // Droppers: 15 buyers a day around the clock, swept to the exchanger card within minutes via P2P orders.
  const droppers = ['card:4400000000000011', 'card:4400000000000029', 'card:4400000000000037'];
  droppers.forEach((d, di) => {
    for (let day = 0; day < 20; day++) {
      let acc = 0;
      for (let k = 0; k < 15; k++) {
        const t = day * D + Math.floor((k / 15) * 23 * H) + di * 60_000;
        const amt = 15000 + Math.floor(rnd() * 10000);
        tx(t, `card:buyer-${di}-${day}-${k}`, d, amt);
        acc += amt;
        if (k % 5 === 4) {
          const id = `o${di}-${day}-${k}`;
          tx(t + 40_000, d, 'card:4400000000000045', acc, 'KZT', 'p2p');
          orders.push({
            evidenceId: 'ev-p2p',
            locator: `row:${id}`,
            exchange: 'p2pex',
            orderId: id,
            timestamp: new Date(base + t + 45_000).toISOString(),
            buyerUser: 'exchange:p2pex:op',
            sellerUser: 'exchange:p2pex:xch',
            fiatAmount: acc.toFixed(2),
            fiatCurrency: 'KZT',
            cryptoAmount: (acc * 0.002).toFixed(2),
            asset: 'USDT',
            paymentFrom: d,
            paymentTo: 'card:4400000000000045',
          });
          acc = 0;
        }
      }
    }
  });
  // The exchanger also serves 12 ordinary clients and sends USDT out.
  for (let c = 0; c < 12; c++) tx(c * D + 5 * H, `card:client-${c}`, 'card:4400000000000045', 50000);
  for (let c = 0; c < 6; c++)
    tx(c * 2 * D + 6 * H, 'exchange:p2pex:xch', `tron:TCLIENT${c}`, 300, 'USDT', 'crypto');
  // The operator withdraws what the orders bought to a wallet abroad.
  tx(21 * D, 'exchange:p2pex:op', 'tron:TEND', 9000, 'USDT', 'crypto');
  // Café: many small payers from 8:00 to 22:00, pays suppliers weekly.
  for (let day = 0; day < 28; day++) {
    for (let k = 0; k < 30; k++)
      tx(
        day * D + 8 * H + Math.floor((k / 30) * 14 * H),
        `card:guest-${(day * 7 + k) % 150}`,
        'card:cafe',
        2500 + Math.floor(rnd() * 3000),
      );
    if (day % 7 === 6) {
      tx(day * D + 20 * H, 'card:cafe', 'iban:SUPPLIER', 1_200_000, 'KZT', 'bank');
      for (let e = 0; e < 4; e++) tx(day * D + 21 * H, 'card:cafe', `card:staff-${e}`, 120_000);
    }
    tx(day * D + 9 * H, 'card:cafe', 'card:utility', 8000);
  }
  // Landlord: twelve tenants pay monthly rent; landlord spends slowly.
  for (let m = 0; m < 3; m++) {
    for (let t = 0; t < 12; t++) tx(m * 30 * D + t * H, `card:tenant-${t}`, 'card:landlord', 250_000);
    tx(m * 30 * D + 10 * D, 'card:landlord', 'iban:MORTGAGE', 1_500_000, 'KZT', 'bank');
  }
  // Salary account: one employer, daily small spending.
  for (let m = 0; m < 3; m++) tx(m * 30 * D, 'iban:EMPLOYER', 'card:salary', 600_000, 'KZT', 'bank');
  for (let day = 0; day < 85; day++) tx(day * D + 18 * H, 'card:salary', `card:shop-${day % 9}`, 6000);
  // Student: parents weekly, small spending.
  for (let w = 0; w < 12; w++) {
    tx(w * 7 * D, 'card:mum', 'card:student', 40000);
    tx(w * 7 * D + 3 * H, 'card:dad', 'card:student', 20000);
    for (let s = 0; s < 5; s++) tx(w * 7 * D + s * D + 12 * H, 'card:student', `card:canteen-${s}`, 2500);
  }
  // Licensed exchange: many counterparties, fast outflow to many.
  for (let day = 0; day < 20; day++) {
    for (let k = 0; k < 20; k++) {
      tx(day * D + k * H, `card:lx-client-${(day * 20 + k) % 120}`, 'card:4400000000000052', 100_000);
      tx(day * D + k * H + 30_000, 'card:4400000000000052', `card:lx-payee-${k}`, 100_000);
    }
  }
  const kyc = (
    account: string,
    name: string,
    iin: string | null,
    nationality = 'KZ',
    address: string | null = 'Shymkent',
  ): HolderRow => ({
    account,
    holderName: name,
    iin,
    passport: null,
    nationality,
    birthdate: null,
    phone: null,
    address,
    institution: null,
    openedAt: null,
    evidenceId: 'ev-kyc',
    locator: `row:${account}`,
  });
  const holders: HolderRow[] = [
    kyc(droppers[0]!, 'Асель Нурланова', '900101300001'),
    kyc(droppers[1]!, 'Bekzod Tursunov', '900101300002', 'UZ'),
    kyc(droppers[2]!, 'Ivan Petrov', '900101300003'),
    kyc('card:4400000000000045', 'Ruslan Exchanger', '800101300004'),
    kyc('exchange:p2pex:xch', 'Ruslan Exchanger', '800101300004'),
    kyc('exchange:p2pex:op', 'Operator One', '750101300005'),
    kyc('tron:TEND', 'Foreign Recipient', null, 'AE', 'Dubai'),
    kyc('card:cafe', 'Cafe Samal LLP', null),
    kyc('card:landlord', 'Landlord Person', '700101300006'),
    kyc('card:salary', 'Salary Person', '950101300007'),
    kyc('card:student', 'Student Person', '040101300008'),
    kyc('card:4400000000000052', 'Licensed Exchange LLP', null),
  ];
  const exchanges: ExchangeRow[] = [
    {
      exchange: 'licx',
      name: 'Licensed Exchange LLP',
      jurisdiction: 'KZ',
      licensed: true,
      licenseRef: 'AFSA-1',
      evidenceId: 'ev-reg',
      locator: 'row:2',
    },
    {
      exchange: 'p2pex',
      name: 'P2P Exchange',
      jurisdiction: 'SC',
      licensed: false,
      licenseRef: null,
      evidenceId: 'ev-reg',
      locator: 'row:3',
    },
  ];
  const rates: Array<{ date: string; currency: string; usdPerUnit: string }> = [];
  for (let d = 0; d < 100; d++) {
    const date = new Date(base + d * D).toISOString().slice(0, 10);
    rates.push({ date, currency: 'KZT', usdPerUnit: '0.002' }, { date, currency: 'USDT', usdPerUnit: '1' });
  }
  return { transfers, holders, exchanges, orders, rates: rateTable(rates), rawRates: rates, droppers };
}
