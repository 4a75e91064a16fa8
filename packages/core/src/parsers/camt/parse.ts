import { SaxesParser } from 'saxes';
import { addDecimal, compareDecimal } from '../../money/index.ts';
import { decodeChunks, detectEncoding } from '../../text/index.ts';
import {
  accountId,
  entryTransfer,
  HolderSet,
  iinOf,
  isoDateTime,
  issue,
  ownAccountId,
  parseOffset,
  peekChunks,
  withProgress,
} from '../bank-table/bank-records.ts';
import { StatementBuilder } from '../bank-table/statement-builder.ts';
import { type FormatParser, type ParseContext, type ParseItem, stoppedHere } from '../parser.ts';
import { detectCamt } from './detect.ts';
import { child, childrenOf, descendants, textAt, type XmlNode } from './xml-node.ts';

const ROOTS = new Set(['BkToCstmrStmt', 'BkToCstmrAcctRpt', 'BkToCstmrDbtCdtNtfctn']);
const STATEMENTS = new Set(['Stmt', 'Rpt', 'Ntfctn']);
const MESSAGE_TYPE: Record<string, string> = {
  BkToCstmrAcctRpt: 'camt.052',
  BkToCstmrStmt: 'camt.053',
  BkToCstmrDbtCdtNtfctn: 'camt.054',
};

// camt.052.001.01 names its root `BkToCstmrAcctRptV01`: the version suffix is dropped.
const local = (name: string): string => {
  const i = name.indexOf(':');
  const n = i < 0 ? name : name.slice(i + 1);
  return n.startsWith('BkToCstmr') ? n.replace(/V\d\d$/, '') : n;
};

/** ISO 20022 decimal (`0008.850`) → canonical decimal string, or undefined. */
function camtDecimal(text: string | undefined): string | undefined {
  const t = text?.trim();
  if (!t || !/^\d+(\.\d+)?$/.test(t)) return undefined;
  const [i = '0', f] = t.split('.');
  const int = i.replace(/^0+(?=\d)/, '');
  const frac = f?.replace(/0+$/, '');
  return frac ? `${int}.${frac}` : int;
}

interface StatementState {
  element: string;
  index: number;
  label: string;
  id?: string;
  creDtTm?: string;
  acct?: XmlNode;
  frToDt?: XmlNode;
  balances: XmlNode[];
  summary?: XmlNode;
  builder?: StatementBuilder;
  own?: string;
  ownHolder?: string | null;
  entryIndex: number;
}

/** One camt.052/053/054 file: a SAX pass that builds a small tree per entry and forgets it after use. */
class CamtReader {
  readonly out: ParseItem[] = [];
  private readonly names: string[] = [];
  private readonly building: XmlNode[] = [];
  private stmt: StatementState | undefined;
  private stmtDepth = -1;
  private readonly counters = new Map<string, number>();
  private messageType: string | undefined;
  private grpHdr: XmlNode | undefined;
  private readonly holders: HolderSet;
  statements = 0;

  constructor(private readonly ctx: ParseContext) {
    this.holders = new HolderSet(ctx.evidenceId);
  }

  open(name: string, attrs: Record<string, string>): void {
    const parent = this.names[this.names.length - 1];
    this.names.push(name);
    const depth = this.names.length;
    const top = this.building[this.building.length - 1];
    if (top) {
      const node: XmlNode = { name, attrs, children: [], text: '' };
      top.children.push(node);
      this.building.push(node);
    } else if (this.stmt && depth === this.stmtDepth + 1) {
      this.building.push({ name, attrs, children: [], text: '' });
    } else if (parent !== undefined && ROOTS.has(parent) && STATEMENTS.has(name)) {
      const index = (this.counters.get(name) ?? 0) + 1;
      this.counters.set(name, index);
      this.stmt = { element: name, index, label: `${name}[${index}]`, balances: [], entryIndex: 0 };
      this.stmtDepth = depth;
    } else if (parent !== undefined && ROOTS.has(parent) && name === 'GrpHdr') {
      this.building.push({ name, attrs, children: [], text: '' });
    } else if (ROOTS.has(name)) {
      this.messageType = MESSAGE_TYPE[name];
    }
  }

  text(t: string): void {
    const top = this.building[this.building.length - 1];
    if (top) top.text += t;
  }

  close(): void {
    const depth = this.names.length;
    this.names.pop();
    const node = this.building.pop();
    if (node) {
      if (this.building.length === 0) this.subtree(node);
      return;
    }
    if (this.stmt && depth === this.stmtDepth) {
      this.finishStatement();
    }
  }

  private subtree(node: XmlNode): void {
    const s = this.stmt;
    if (!s) {
      if (node.name === 'GrpHdr') this.grpHdr = node;
      return;
    }
    switch (node.name) {
      case 'Id':
        s.id = node.text.trim();
        break;
      case 'CreDtTm':
        s.creDtTm = node.text.trim();
        break;
      case 'Acct':
        s.acct = node;
        break;
      case 'FrToDt':
        s.frToDt = node;
        break;
      case 'Bal':
        s.balances.push(node);
        break;
      case 'TxsSummry':
        s.summary = node;
        break;
      case 'Ntry':
        this.entry(s, node);
        break;
    }
  }

  private balance(
    s: StatementState,
    codes: string[],
    last: boolean,
  ): { amount: string; date?: string; ccy?: string } | undefined {
    const found = s.balances.filter((b) => {
      const cd = textAt(b, 'Tp', 'CdOrPrtry', 'Cd') ?? textAt(b, 'Tp', 'CdOrPrtry', 'Prtry');
      return cd !== undefined && codes.includes(cd);
    });
    const b = last ? found[found.length - 1] : found[0];
    if (!b) return undefined;
    const amt = camtDecimal(textAt(b, 'Amt'));
    if (amt === undefined) {
      this.out.push(
        issue(
          this.ctx.evidenceId,
          `${s.label}/Bal`,
          'warning',
          `${s.label}: balance amount "${textAt(b, 'Amt') ?? ''}" is not a decimal; balance ignored`,
        ),
      );
      return undefined;
    }
    const signed = textAt(b, 'CdtDbtInd') === 'DBIT' && amt !== '0' ? `-${amt}` : amt;
    const date = textAt(b, 'Dt', 'Dt') ?? textAt(b, 'Dt', 'DtTm')?.slice(0, 10);
    const ccy = child(b, 'Amt')?.attrs.Ccy;
    return { amount: signed, ...(date ? { date } : {}), ...(ccy ? { ccy } : {}) };
  }

  /** Builds the statement's accumulator on its first entry (or at its end): Acct and Bal precede Ntry. */
  private ensureBuilder(s: StatementState): StatementBuilder {
    if (s.builder) return s.builder;
    const ev = this.ctx.evidenceId;
    const iban = textAt(s.acct, 'Id', 'IBAN');
    const other = textAt(s.acct, 'Id', 'Othr', 'Id') ?? textAt(s.acct, 'Id', 'PrtryAcct', 'Id');
    const bic = textAt(s.acct, 'Svcr', 'FinInstnId', 'BIC') ?? textAt(s.acct, 'Svcr', 'FinInstnId', 'BICFI');
    if (!iban && !other) {
      this.out.push(
        issue(
          ev,
          s.label,
          'warning',
          `${s.label}: no account (Acct/Id) in the statement; its entries are attached to a placeholder account for this file`,
        ),
      );
    }
    s.own = ownAccountId(iban ?? other, bic, ev);
    s.ownHolder =
      textAt(s.acct, 'Ownr', 'Nm') ?? textAt(s.acct, 'Ownr', 'Pty', 'Nm') ?? textAt(s.acct, 'Nm') ?? null;
    const institution =
      textAt(s.acct, 'Svcr', 'FinInstnId', 'Nm') ??
      textAt(s.acct, 'Svcr', 'FinInstnId', 'NmAndAdr', 'Nm') ??
      bic ??
      null;
    const h = this.holders.holder(s.own, s.label, { holderName: s.ownHolder, institution });
    if (h) this.out.push(h);
    const opening = this.balance(s, ['OPBD', 'PRCD'], false);
    const closing = this.balance(s, ['CLBD'], true);
    const from = textAt(s.frToDt, 'FrDtTm')?.slice(0, 10) ?? textAt(s.frToDt, 'FrDt') ?? opening?.date;
    const to = textAt(s.frToDt, 'ToDtTm')?.slice(0, 10) ?? textAt(s.frToDt, 'ToDt') ?? closing?.date;
    s.builder = new StatementBuilder({
      evidenceId: ev,
      locator: s.label,
      label: s.label,
      account: s.own,
      statementId: s.id ?? null,
      periodFrom: from ?? null,
      periodTo: to ?? null,
      currency: textAt(s.acct, 'Ccy') ?? opening?.ccy ?? closing?.ccy ?? null,
      openingBalance: opening?.amount ?? null,
      closingBalance: closing?.amount ?? null,
    });
    return s.builder;
  }

  private entry(s: StatementState, n: XmlNode): void {
    s.entryIndex++;
    const ev = this.ctx.evidenceId;
    const locator = `${s.label}/Ntry[${s.entryIndex}]`;
    const builder = this.ensureBuilder(s);
    const raw = () => JSON.stringify(flatten(n)).slice(0, 2000);
    const amount = camtDecimal(textAt(n, 'Amt'));
    const ccy = child(n, 'Amt')?.attrs.Ccy;
    const cdi = textAt(n, 'CdtDbtInd');
    if (amount === undefined || (cdi !== 'CRDT' && cdi !== 'DBIT')) {
      const what =
        amount === undefined
          ? `amount "${textAt(n, 'Amt') ?? ''}" is not a decimal`
          : `CdtDbtInd "${cdi ?? ''}" is neither CRDT nor DBIT`;
      this.out.push(issue(ev, locator, 'quarantine', `${locator}: ${what}; entry not stored`, raw()));
      return;
    }
    const direction = cdi === 'CRDT' ? 'credit' : 'debit';
    const status = textAt(n, 'Sts', 'Cd') ?? textAt(n, 'Sts');
    const booked = status === undefined || status === 'BOOK';
    const bookingDate = textAt(n, 'BookgDt', 'DtTm') ?? textAt(n, 'BookgDt', 'Dt');
    const valueDate = textAt(n, 'ValDt', 'DtTm') ?? textAt(n, 'ValDt', 'Dt');
    // A date-time without a zone is the bank's local time: the zone the file states on its creation
    // time is the best evidence of it (a date alone stays midnight UTC, as everywhere).
    const zone = fileOffset(s.creDtTm) ?? fileOffset(textAt(this.grpHdr, 'CreDtTm')) ?? 0;
    const at = (t: string | undefined) => isoDateTime(t, t?.includes('T') ? zone : 0);
    const timestamp = at(bookingDate) ?? at(valueDate) ?? at(s.creDtTm) ?? at(textAt(this.grpHdr, 'CreDtTm'));
    if (!timestamp) {
      this.out.push(
        issue(
          ev,
          locator,
          'quarantine',
          `${locator}: no readable booking, value or creation date; entry not stored`,
          raw(),
        ),
      );
      return;
    }
    builder.add(direction, amount, booked);
    if (amount === '0') {
      this.out.push(
        issue(
          ev,
          locator,
          'warning',
          `${locator}: zero-amount entry counted in the statement; no transfer stored`,
        ),
      );
      return;
    }
    const details = descendants(child(n, 'NtryDtls'), 'TxDtls');
    const common = {
      messageType: this.messageType,
      status,
      reversal: textAt(n, 'RvslInd') === 'true' ? true : undefined,
      bookingDate,
      valueDate,
      bankReference: textAt(n, 'AcctSvcrRef'),
      entryReference: textAt(n, 'NtryRef'),
      bankTxCode: bankTxCode(n),
      entryInfo: textAt(n, 'AddtlNtryInf'),
    };
    const parts = splitBatch(details, amount);
    if (parts) {
      parts.forEach((p, i) => {
        this.transfer(
          s,
          `${locator}/TxDtls[${i + 1}]`,
          p.td,
          p.amount,
          p.ccy ?? ccy,
          direction,
          timestamp,
          common,
        );
      });
    } else {
      const td = details.length === 1 ? details[0] : undefined;
      this.transfer(s, locator, td, amount, ccy, direction, timestamp, {
        ...common,
        ...(details.length > 1 ? { batchTransactions: details.length } : {}),
      });
    }
  }

  private transfer(
    s: StatementState,
    locator: string,
    td: XmlNode | undefined,
    amount: string,
    ccy: string | undefined,
    direction: 'credit' | 'debit',
    timestamp: string,
    common: Record<string, unknown>,
  ): void {
    const ev = this.ctx.evidenceId;
    const side = direction === 'credit' ? 'Dbtr' : 'Cdtr';
    const parties = child(td, 'RltdPties');
    const party = child(parties, side);
    const name = textAt(party, 'Nm') ?? textAt(party, 'Pty', 'Nm');
    const acct = child(parties, `${side}Acct`);
    const agent = child(td, 'RltdAgts', `${side}Agt`, 'FinInstnId');
    // Without a BIC a domestic agent is known by its clearing code (Russian БИК, Kazakh/UK sort codes).
    const bic = textAt(agent, 'BIC') ?? textAt(agent, 'BICFI') ?? textAt(agent, 'ClrSysMmbId', 'MmbId');
    // A proxy (v08+: phone number, e-mail) stands for the account in instant payments (SBP, Kaspi).
    const rawAcct =
      textAt(acct, 'Id', 'IBAN') ??
      textAt(acct, 'Id', 'Othr', 'Id') ??
      textAt(acct, 'Id', 'PrtryAcct', 'Id') ??
      textAt(acct, 'Prxy', 'Id');
    const idNode =
      child(party, 'Id', 'OrgId', 'Othr') ??
      child(party, 'Id', 'PrvtId', 'Othr') ??
      child(party, 'Pty', 'Id', 'OrgId', 'Othr') ??
      child(party, 'Pty', 'Id', 'PrvtId', 'Othr');
    const partyId = textAt(idNode, 'Id');
    // A Russian INN can pass the Kazakh IIN checksum by chance: a scheme that names it is believed.
    const scheme = textAt(idNode, 'SchmeNm', 'Prtry') ?? textAt(idNode, 'SchmeNm', 'Cd');
    const iin = scheme && /^(INN|KPP|OGRN|OGRNIP|SNILS|TXID)$/i.test(scheme) ? null : iinOf(partyId);
    const refs = child(td, 'Refs');
    const e2e = textAt(refs, 'EndToEndId');
    const uetr = textAt(refs, 'UETR');
    const ustrd = childrenOf(child(td, 'RmtInf'), 'Ustrd')
      .map((u) => u.text.trim())
      .filter(Boolean)
      .join(' ');
    // Banks without related parties write the counterparty into the texts: a valid IBAN there is it.
    const textIban =
      rawAcct || iin
        ? null
        : ibanIn([ustrd, textAt(td, 'AddtlTxInf'), common.entryInfo as string | undefined]);
    const counterparty = accountId(rawAcct, bic) ?? iin ?? textIban;
    const structured = textAt(td, 'RmtInf', 'Strd', 'CdtrRefInf', 'Ref');
    const usefulE2e = e2e && e2e !== 'NOTPROVIDED' ? e2e : undefined;
    // Built key by key without empties: a spread of sparse objects is slow and leaves holes to strip.
    const props: Record<string, unknown> = {};
    const put = (k: string, v: unknown) => {
      if (v !== undefined && v !== null && v !== '') props[k] = v;
    };
    for (const k in common) put(k, common[k]);
    put('description', ustrd || textAt(td, 'AddtlTxInf') || (common.entryInfo as string | undefined));
    put('counterpartyName', name);
    if (!counterparty) put('counterpartyAccountRaw', rawAcct);
    put('counterpartyBic', bic);
    put('counterpartyPartyId', partyId);
    put(
      'ultimateParty',
      textAt(parties, `Ultmt${side}`, 'Nm') ?? textAt(parties, `Ultmt${side}`, 'Pty', 'Nm'),
    );
    put('endToEndId', e2e);
    put('uetr', uetr);
    put('transactionReference', textAt(refs, 'AcctSvcrRef'));
    const row = entryTransfer({
      evidenceId: ev,
      locator,
      txId: uetr ?? usefulE2e ?? textAt(refs, 'TxId') ?? (common.bankReference as string | undefined) ?? null,
      timestamp,
      amount,
      currency: ccy ?? s.builder?.init.currency ?? 'XXX',
      direction,
      own: s.own ?? null,
      ownHolder: s.ownHolder ?? null,
      counterparty,
      counterpartyName: name ?? null,
      reference: structured ?? usefulE2e ?? null,
      props,
    });
    this.out.push({ kind: 'record', record: { table: 'transfers', row } });
    const h = this.holders.holder(counterparty, locator, {
      holderName: name ?? null,
      iin,
      institution: bic ?? null,
    });
    if (h) this.out.push(h);
  }

  private finishStatement(): void {
    const s = this.stmt;
    if (!s) return;
    this.stmt = undefined;
    this.stmtDepth = -1;
    this.statements++;
    const builder = this.ensureBuilder(s);
    this.checkSummary(s, builder);
    this.out.push(...builder.finish());
  }

  /** camt's own TxsSummry (entry count, credit and debit totals) must agree with the entries read. */
  private checkSummary(s: StatementState, b: StatementBuilder): void {
    if (!s.summary) return;
    const declared = textAt(s.summary, 'TtlNtries', 'NbOfNtries');
    if (declared !== undefined && Number(declared) !== b.entries) {
      this.out.push(
        issue(
          this.ctx.evidenceId,
          s.label,
          'error',
          `${s.label}: TxsSummry declares ${declared} entries but ${b.entries} were read; the file is incomplete or entries were quarantined`,
        ),
      );
    }
    for (const [tag, sum, label] of [
      ['TtlCdtNtries', b.credits, 'credits'],
      ['TtlDbtNtries', b.debits, 'debits'],
    ] as const) {
      const d = camtDecimal(textAt(s.summary, tag, 'Sum'));
      if (d !== undefined && compareDecimal(d, sum) !== 0) {
        this.out.push(
          issue(
            this.ctx.evidenceId,
            s.label,
            'warning',
            `${s.label}: TxsSummry ${tag} sum ${d} differs from the booked ${label} read (${sum})`,
          ),
        );
      }
    }
  }

  /** A document cut off mid-statement: keep what was read and say where it broke. */
  abort(message: string, where: string): void {
    const s = this.stmt;
    if (s) {
      this.statements++;
      const b = this.ensureBuilder(s);
      const items = b.finish({ reconciled: null });
      this.out.push(...items.filter((i) => i.kind === 'record'));
      this.out.push(
        issue(
          this.ctx.evidenceId,
          s.label,
          'error',
          `${s.label}: the XML breaks at ${where} after ${b.entries} entries (${message}); the statement is incomplete and cannot be reconciled`,
        ),
      );
      this.stmt = undefined;
    }
  }
}

/** The UTC offset in minutes of an ISO date-time that states one (`…+05:00`, `…Z`), else undefined. */
function fileOffset(text: string | undefined): number | undefined {
  const m = /T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?\s*(Z|[+-]\d{2}:?\d{2})$/.exec(text?.trim() ?? '');
  return m ? parseOffset(m[1]) : undefined;
}

/** The first mod-97-valid IBAN in these texts, as `iban:…`. */
function ibanIn(texts: Array<string | undefined>): string | null {
  for (const t of texts) {
    for (const m of (t ?? '').matchAll(/\b[A-Z]{2}\d{2}[A-Z0-9]{10,30}\b/g)) {
      const id = accountId(m[0]);
      if (id?.startsWith('iban:')) return id;
    }
  }
  return null;
}

function bankTxCode(n: XmlNode): string | undefined {
  const d = child(n, 'BkTxCd', 'Domn');
  if (d) {
    return (
      [textAt(d, 'Cd'), textAt(d, 'Fmly', 'Cd'), textAt(d, 'Fmly', 'SubFmlyCd')].filter(Boolean).join('/') ||
      undefined
    );
  }
  return textAt(n, 'BkTxCd', 'Prtry', 'Cd');
}

/** Per-transaction amounts of a batch entry, when each is given and they add up to the entry amount. */
function splitBatch(
  details: XmlNode[],
  total: string,
): Array<{ td: XmlNode; amount: string; ccy?: string }> | undefined {
  if (details.length < 2) return undefined;
  const parts: Array<{ td: XmlNode; amount: string; ccy?: string }> = [];
  let sum = '0';
  for (const td of details) {
    // v02 batches often give only the instructed amount; it counts when the parts add up to the entry.
    const amtNode =
      child(td, 'Amt') ?? child(td, 'AmtDtls', 'TxAmt', 'Amt') ?? child(td, 'AmtDtls', 'InstdAmt', 'Amt');
    const a = camtDecimal(amtNode?.text);
    if (a === undefined || a === '0') return undefined;
    sum = addDecimal(sum, a);
    const ccy = amtNode?.attrs.Ccy;
    parts.push({ td, amount: a, ...(ccy ? { ccy } : {}) });
  }
  return compareDecimal(sum, total) === 0 ? parts : undefined;
}

function flatten(n: XmlNode): unknown {
  if (n.children.length === 0) return n.text.trim();
  const o: Record<string, unknown> = {};
  for (const c of n.children) {
    const v = flatten(c);
    const prev = o[c.name];
    o[c.name] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
  }
  return o;
}

export async function* parseCamt(
  chunks: AsyncIterable<Uint8Array>,
  ctx: ParseContext,
): AsyncIterable<ParseItem> {
  const { head, all } = await peekChunks(withProgress(chunks, ctx.onProgress), 65536);
  const reader = new CamtReader(ctx);
  const sax = new SaxesParser({ position: true });
  let failure: { message: string; where: string } | undefined;
  sax.on('error', (e) => {
    failure ??= {
      message: e.message.replace(/^\d+:\d+: /, ''),
      where: `line ${sax.line}, column ${sax.column}`,
    };
  });
  sax.on('opentag', (t) => {
    if (failure) return;
    const attrs: Record<string, string> = {};
    for (const [k, v] of Object.entries(t.attributes)) attrs[local(k)] = String(v);
    reader.open(local(t.name), attrs);
  });
  sax.on('text', (t) => {
    if (!failure) reader.text(t);
  });
  sax.on('closetag', () => {
    if (!failure) reader.close();
  });
  for await (const text of decodeChunks(all, detectEncoding(head))) {
    sax.write(text);
    yield* reader.out.splice(0);
    if (failure) break;
  }
  if (!failure) sax.close();
  if (failure) {
    reader.abort(failure.message, failure.where);
    reader.out.push(
      stoppedHere(
        issue(
          ctx.evidenceId,
          `xml:${failure.where.replace(/line (\d+), column (\d+)/, '$1:$2')}`,
          'error',
          `broken XML at ${failure.where}: ${failure.message}; records before this point were kept, the rest of the file was not read`,
        ),
      ),
    );
  } else if (reader.statements === 0) {
    reader.out.push(
      issue(
        ctx.evidenceId,
        'Document',
        'error',
        'no Stmt, Rpt or Ntfctn element: the file has a camt header but no statement, report or notification to read',
      ),
    );
  }
  yield* reader.out.splice(0);
}

export const camtParser: FormatParser = {
  format: 'camt',
  version: '2',
  detect: detectCamt,
  parse: parseCamt,
};
