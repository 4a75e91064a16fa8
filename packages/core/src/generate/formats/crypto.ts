/**
 * Explorer exports of the wallets in the slice: a Tronscan/Etherscan-family token-transfer CSV, a TronGrid
 * `/v1/accounts/{address}/transactions/trc20` JSON response and an Esplora `/address/{address}/txs` JSON
 * array of `/tx` objects. Amounts are exact (raw integer strings where the API gives them).
 */
import type { Sink } from '../emit.ts';
import { formatUnits } from '../fx.ts';
import { btcScriptPubKey } from '../make-identifiers.ts';
import type { Rng } from '../prng.ts';
import type { Transfer } from '../transfers.ts';
import { csvLine, isoUtc } from './csv.ts';

export const USDT_TRC20 = 'TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t';
const rawOf = (id: string) => id.slice(id.indexOf(':') + 1);
/** TRON makes a block every 3 s; anchor block numbers to a real height/time pair. */
const tronBlock = (ts: number) => 65_000_000 + Math.floor((ts - 1_725_148_800) / 3);

export class TronscanCsvWriter {
  constructor(
    readonly file: string,
    private readonly sink: Sink,
  ) {
    sink({ op: 'open', file, encoding: 'utf8', format: 'tronscan-csv' });
    sink({
      op: 'write',
      file,
      text: csvLine(
        [
          'Transaction Hash',
          'Blockno',
          'UnixTimestamp',
          'DateTime (UTC)',
          'From',
          'To',
          'TokenValue',
          'USDValueDayOfTx',
          'ContractAddress',
          'TokenName',
          'TokenSymbol',
        ],
        ',',
        '\n',
      ).replace(/([^,\n]+)/g, '"$1"'),
    });
  }

  add(t: Transfer): void {
    const q = (v: string) => `"${v}"`;
    const dt = isoUtc(t.ts).replace('T', ' ').replace('Z', '');
    const value = formatUnits(t.amount, 6, true);
    this.sink({
      op: 'write',
      file: this.file,
      text: `${[t.txId, String(tronBlock(t.ts)), String(t.ts), dt, rawOf(t.from), rawOf(t.to), value, `$${value}`, USDT_TRC20, 'Tether USD', 'USDT'].map(q).join(',')}\n`,
    });
  }

  close(): void {
    this.sink({ op: 'close', file: this.file });
  }
}

/** TronGrid TRC-20 history, ascending (`order_by=block_timestamp,asc`), so it streams. */
export class TronGridJsonWriter {
  private n = 0;
  constructor(
    readonly file: string,
    private readonly sink: Sink,
  ) {
    sink({ op: 'open', file, encoding: 'utf8', format: 'trongrid-json' });
    sink({ op: 'write', file, text: '{\n  "data": [' });
  }

  add(t: Transfer): void {
    const item = {
      transaction_id: t.txId,
      token_info: { symbol: 'USDT', address: USDT_TRC20, decimals: 6, name: 'Tether USD' },
      block_timestamp: t.ts * 1000,
      from: rawOf(t.from),
      to: rawOf(t.to),
      type: 'Transfer',
      value: t.amount.toString(),
    };
    const body = JSON.stringify(item, null, 2).replace(/\n/g, '\n    ');
    this.sink({ op: 'write', file: this.file, text: `${this.n++ === 0 ? '' : ','}\n    ${body}` });
  }

  close(at: number): void {
    this.sink({
      op: 'write',
      file: this.file,
      text: `\n  ],\n  "success": true,\n  "meta": {\n    "at": ${at * 1000},\n    "page_size": ${this.n}\n  }\n}\n`,
    });
    this.sink({ op: 'close', file: this.file });
  }
}

/**
 * Esplora transactions: one P2WPKH input from the sender (amount + change + fee) and two outputs
 * (recipient, change back to the sender), so value in = value out + fee for every transaction.
 */
export class EsploraJsonWriter {
  private n = 0;
  constructor(
    readonly file: string,
    private readonly sink: Sink,
    private readonly rng: Rng,
  ) {
    sink({ op: 'open', file, encoding: 'utf8', format: 'esplora-json' });
    sink({ op: 'write', file, text: '[' });
  }

  add(t: Transfer): void {
    const rng = this.rng;
    const from = rawOf(t.from);
    const to = rawOf(t.to);
    const fee = rng.int(800, 6000);
    const change = BigInt(rng.int(10_000, 3_000_000));
    const out = (address: string, value: bigint) => {
      const spk = btcScriptPubKey(address);
      return {
        scriptpubkey: spk,
        scriptpubkey_asm: `OP_0 OP_PUSHBYTES_20 ${spk.slice(4)}`,
        scriptpubkey_type: 'v0_p2wpkh',
        scriptpubkey_address: address,
        value: Number(value),
      };
    };
    const height = 860_000 + Math.floor((t.ts - 1_725_148_800) / 600);
    const tx = {
      txid: t.txId,
      version: 2,
      locktime: height - 1,
      vin: [
        {
          txid: rng.hex(32),
          vout: rng.int(0, 1),
          prevout: out(from, t.amount + change + BigInt(fee)),
          scriptsig: '',
          scriptsig_asm: '',
          witness: [`30440220${rng.hex(32)}0220${rng.hex(32)}01`, `02${rng.hex(32)}`],
          is_coinbase: false,
          sequence: 4294967293,
        },
      ],
      vout: [out(to, t.amount), out(from, change)],
      size: 222,
      weight: 561,
      fee,
      status: {
        confirmed: true,
        block_height: height,
        block_hash: `00000000000000000002${rng.hex(22)}`,
        block_time: t.ts + rng.int(60, 900),
      },
    };
    const body = JSON.stringify(tx, null, 2).replace(/\n/g, '\n  ');
    this.sink({ op: 'write', file: this.file, text: `${this.n++ === 0 ? '' : ','}\n  ${body}` });
  }

  close(): void {
    this.sink({ op: 'write', file: this.file, text: '\n]\n' });
    this.sink({ op: 'close', file: this.file });
  }
}
