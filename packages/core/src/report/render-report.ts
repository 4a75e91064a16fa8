import type { Findings, FindingsSupport, Footnote } from '../findings/findings.ts';
import { parseLocatedRef, recordRefKind } from '../findings/record-ref.ts';
import { flaggedChats, personIdName, personName, usdFigure } from './figures.ts';
import { roleName } from '../model/role-names.ts';
import { reasonEn } from './reason-en.ts';
import { pluralRu, reasonRu } from './reason-ru.ts';

export type ReportLang = 'ru' | 'en';
export type ReportFormat = 'md' | 'html';

export interface RecordRef {
  evidenceId: string;
  locator: string;
}

export interface RenderReportOptions {
  lang: ReportLang;
  format: ReportFormat;
  /**
   * Evidence id (SHA-256) → how the file is named in footnotes: the path the register keeps (`phone2/ChatExport_1/
   * result.json`), or its original name for a file from before paths. Untrusted text.
   */
  evidenceNames?: ReadonlyMap<string, string>;
  /**
   * Record ref (transfer id, message ref, `order:`, `seizure:`; findings/record-ref.ts) → where it is in the
   * evidence. `loc:` refs carry their place themselves.
   */
  records?: ReadonlyMap<string, RecordRef>;
  /** Rows per table before "… and N more". */
  maxRows?: number;
  /**
   * Accounts, cards, phones and wallets written in Telegram messages that transfers of the case move money through
   * (`chatAccounts` in services/build-report.ts), most transfers first; each row cites `chatAccount:<identifier>`.
   */
  chatAccounts?: ReadonlyArray<{
    identifier: string;
    chats: number;
    messages: number;
    transfers: number;
    /**
     * Who posted it: the authors of those messages (a Telegram account, or a channel posting as itself), most
     * messages first, with the name the messages give. Posting is not holding: shown apart from any holder.
     */
    postedBy?: ReadonlyArray<{ author: string; name: string | null; messages: number }>;
  }>;
}

const T = {
  ru: {
    title: 'Справка по материалам дела',
    headline: 'Основные выводы',
    participants: (n: string, k: number) => `${n} ${pluralRu(k, 'участник', 'участника', 'участников')} сети`,
    networks: (n: string, k: number) =>
      `${n} ${pluralRu(k, 'сеть', 'сети', 'сетей')} (${pluralRu(k, 'сообщество', 'сообщества', 'сообществ')})`,
    turnover: 'оборот по операциям участников, USD',
    keyTurnover: 'оборот по операциям ключевых фигурантов',
    keyOf: (n: number) => `${n} ${pluralRu(n, 'фигурант', 'фигуранта', 'фигурантов')}`,
    keyFirst: (shown: number, total: number) => `первые ${shown} из ${total}`,
    droppers: (n: string, k: number) =>
      `${n} ${pluralRu(k, 'карта/счёт', 'карты/счёта', 'карт/счетов')} дропов`,
    exchangers: (n: string, k: number) =>
      `${n} ${pluralRu(k, 'нелицензированный обменник', 'нелицензированных обменника', 'нелицензированных обменников')}`,
    endRecipients: (n: string, k: number) =>
      `${n} ${pluralRu(k, 'конечный получатель', 'конечных получателя', 'конечных получателей')} средств`,
    channels: (n: string, k: number) =>
      `${n} ${pluralRu(k, 'Telegram-канал', 'Telegram-канала', 'Telegram-каналов')} с признаками продажи, вербовки, обучения или отчётов о закладках`,
    flagged: (chats: string) => `${chats} с признаками продажи, вербовки, обучения или отчётов о закладках`,
    byJurisdiction: 'Конечные получатели по юрисдикциям',
    keyFigures: 'Ключевые фигуранты (по обороту)',
    dropperTable: 'Карты и счета дропов',
    exchangerTable: 'Обменники',
    endTable: 'Конечные получатели',
    channelTable: 'Каналы',
    networkTable: 'Сети',
    crossCase: 'Совпадения с другими делами',
    chatAccounts: 'Реквизиты из переписки, по которым шли переводы',
    alarms: 'Предупреждения анализа',
    footnotes: 'Источники',
    cols: {
      person: 'Лицо',
      roles: 'Роли',
      in: 'Поступило, USD',
      out: 'Списано, USD',
      network: 'Сеть',
      account: 'Счёт/карта',
      holder: 'Владелец',
      counterparties: 'Контрагентов',
      score: 'Оценка',
      reasons: 'Основания',
      jurisdiction: 'Юрисдикция',
      received: 'Получено, USD',
      count: 'Кол-во',
      channel: 'Канал',
      labels: 'Метки',
      size: 'Участников',
      regions: 'Регионы',
      identifier: 'Идентификатор',
      cases: 'Дела',
      chats: 'Чатов',
      messages: 'Сообщений',
      transfers: 'Переводов',
      postedBy: 'Кто опубликовал (сообщений)',
      method: 'Метод',
    },
    unknown: 'не установлена',
    more: (n: number) => `… и ещё ${n}`,
    evidence: 'файлы',
    records: 'записи',
    noRecords: 'записей-оснований нет',
    unresolved: 'не найдена в деле',
    holder: 'владелец',
    method: { fifo: 'FIFO', haircut: 'пропорционально (haircut)', poison: 'poison' } as Record<
      string,
      string
    >,
    generated: (at: string, v: string) => `Сформировано ${at}; правила анализа ${v}.`,
  },
  en: {
    title: 'Case summary',
    headline: 'Key findings',
    participants: (n: string, k: number) => `${n} network participant${k === 1 ? '' : 's'} identified`,
    networks: (n: string, k: number) =>
      `${n} network${k === 1 ? '' : 's'} (communit${k === 1 ? 'y' : 'ies'})`,
    turnover: 'turnover of the participants, USD',
    keyTurnover: 'turnover through the transactions of the key figures',
    keyOf: (n: number) => `${n} key figure${n === 1 ? '' : 's'}`,
    keyFirst: (shown: number, total: number) => `first ${shown} of ${total} key figures`,
    droppers: (n: string, k: number) => `${n} dropper card${k === 1 ? '/account' : 's/accounts'}`,
    exchangers: (n: string, k: number) => `${n} unlicensed exchanger${k === 1 ? '' : 's'}`,
    endRecipients: (n: string, k: number) => `${n} end recipient${k === 1 ? '' : 's'} of the funds`,
    channels: (n: string, k: number) =>
      `${n} Telegram channel${k === 1 ? '' : 's'} flagged for sale, recruitment, training or drop reports`,
    flagged: (chats: string) => `${chats} flagged for sale, recruitment, training or drop reports`,
    byJurisdiction: 'End recipients by jurisdiction',
    keyFigures: 'Key figures (by turnover)',
    dropperTable: 'Dropper cards and accounts',
    exchangerTable: 'Exchangers',
    endTable: 'End recipients',
    channelTable: 'Channels',
    networkTable: 'Networks',
    crossCase: 'Hits in other cases',
    chatAccounts: 'Accounts posted in chats that money moved through',
    alarms: 'Analysis warnings',
    footnotes: 'Sources',
    cols: {
      person: 'Person',
      roles: 'Roles',
      in: 'In, USD',
      out: 'Out, USD',
      network: 'Network',
      account: 'Account/card',
      holder: 'Holder',
      counterparties: 'Counterparties',
      score: 'Score',
      reasons: 'Grounds',
      jurisdiction: 'Jurisdiction',
      received: 'Received, USD',
      count: 'Count',
      channel: 'Channel',
      labels: 'Labels',
      size: 'Participants',
      regions: 'Regions',
      identifier: 'Identifier',
      cases: 'Cases',
      chats: 'Chats',
      messages: 'Messages',
      transfers: 'Transfers',
      postedBy: 'Posted by (messages)',
      method: 'Method',
    },
    unknown: 'unknown',
    more: (n: number) => `… and ${n} more`,
    evidence: 'files',
    records: 'records',
    noRecords: 'no source records behind this figure',
    unresolved: 'not found in the case',
    holder: 'holder',
    method: { fifo: 'FIFO', haircut: 'proportional (haircut)', poison: 'poison' } as Record<string, string>,
    generated: (at: string, v: string) => `Generated ${at}; analysis rules ${v}.`,
  },
} as const;

/**
 * A run of report text: text as it is (evidence text included, unescaped: each output escapes it once for its
 * format), or the marker of footnote `cite` (numbered from 1).
 */
export type ReportInline = string | { cite: number };

/** A record a footnote cites, and where it is in the evidence (`null`: not found in the case). */
export interface ReportNoteRecord {
  ref: string;
  /** A `loc:` ref: the record is named by its place alone. */
  located: boolean;
  /** Its file (`evidenceId`), locator, and how the file is named (its path, else the first 12 hex of its id). */
  place: { evidenceId: string; locator: string; file: string } | null;
}

/** One footnote: what it names first (a person's id, `holder P1`), the files and records behind its figure. */
export interface ReportNote {
  n: number;
  subject?: string;
  /** The first 10 files: id and name (null: the register names none). */
  files: Array<{ evidenceId: string; name: string | null }>;
  /** "… and N more" files, translated; null when all are shown. */
  moreFiles: string | null;
  /** The first 12 records, one per place. */
  records: ReportNoteRecord[];
}

export type ReportBlock =
  | { kind: 'heading'; level: 1 | 2; text: string }
  | { kind: 'paragraph'; content: ReportInline[] }
  | { kind: 'list'; items: ReportInline[][] }
  | { kind: 'table'; head: string[]; rows: ReportInline[][][] }
  | { kind: 'footnotes'; notes: ReportNote[] };

/**
 * The report as structure, for a viewer that builds its own elements (the web workspace): the same blocks the
 * markdown and HTML outputs are written from. All text is plain and unescaped.
 */
export interface ReportDoc {
  lang: ReportLang;
  title: string;
  blocks: ReportBlock[];
  /** The footnotes' words in the report's language. */
  words: { files: string; records: string; unresolved: string; noRecords: string };
}

/**
 * The case summary an investigator hands on: headline figures, tables and a numbered footnote for every
 * figure naming the evidence files and records behind it. Pure: findings in, a markdown or HTML string
 * out. Every piece of evidence text (names, titles, file names) is escaped for the target format.
 */
export function renderReport(
  findings: Findings,
  support: FindingsSupport,
  options: RenderReportOptions,
): string {
  const doc = reportDoc(findings, support, options);
  return options.format === 'html' ? reportHtml(doc) : reportMarkdown(doc);
}

/** The report as blocks of plain text and footnote markers (what `renderReport` writes out). */
export function reportDoc(
  findings: Findings,
  support: FindingsSupport,
  options: Omit<RenderReportOptions, 'format'>,
): ReportDoc {
  const { lang } = options;
  const t = T[lang];
  const maxRows = options.maxRows ?? 50;
  const nf = new Intl.NumberFormat(lang === 'ru' ? 'ru-RU' : 'en-US', { maximumFractionDigits: 0 });
  const mf = new Intl.NumberFormat(lang === 'ru' ? 'ru-RU' : 'en-US', {
    minimumFractionDigits: 2,
    maximumFractionDigits: 2,
  });
  const money = (x: number) => mf.format(x);
  const notes: Footnote[] = [];
  const noteIndex = new Map<string, number>();
  /** What a footnote names before its files: the id of the person a row shows by name. */
  const noteSubject = new Map<Footnote, string>();
  /**
   * The footnote marker of a figure or a row (none when the figure has no footnote). `subject` (an id the row
   * shows by name) opens the footnote.
   */
  const cite = (key: string, subject?: string): ReportInline[] => {
    const fn = support.footnotes[key];
    if (!fn) return [];
    let i = noteIndex.get(key);
    if (i === undefined) {
      notes.push(fn);
      i = notes.length;
      noteIndex.set(key, i);
      if (subject) noteSubject.set(fn, subject);
    }
    return [{ cite: i }];
  };
  const nameOf = new Map(findings.persons.map((p) => [p.id, personName(p)]));
  /** A person by name (the id stays in the footnotes); a holder not among the persons by its id's key. */
  const who = (id: string | null) => (id ? (nameOf.get(id) ?? personIdName(id)) : '—');
  /** The footnote subject of a row whose holder is shown by name. */
  const holderSubject = (id: string | null) => (id ? `${t.holder} ${id}` : undefined);
  // The findings keep English reasons (CONTRACT.md §4); the ru report words them in Russian, the en report says
  // their counts in the right number (`1 customer`, not `1 customer(s)`).
  const reasonText = (rs: readonly string[]) => rs.map(lang === 'ru' ? reasonRu : reasonEn).join('; ');
  /** A score as the report's language writes a decimal (`0.59`, `0,59`). */
  const score = (x: number) => (lang === 'ru' ? x.toFixed(2).replace('.', ',') : x.toFixed(2));
  // Roles and labels by the workspace's own words (model/role-names.ts): the report and the UI name them alike.
  const roles = (rs: readonly string[]) => rs.map((r) => roleName(r, lang)).join(', ');
  const s = findings.summary;
  const blocks: ReportBlock[] = [];
  const h = (level: 1 | 2, text: string) => blocks.push({ kind: 'heading', level, text });
  const para = (...content: ReportInline[]) => blocks.push({ kind: 'paragraph', content });
  const table = (head: string[], rows: ReportInline[][][], total: number) => {
    if (rows.length === 0) return;
    blocks.push({ kind: 'table', head, rows });
    if (total > rows.length) para(t.more(total - rows.length));
  };

  const title = `${t.title} «${findings.case.name}»`;
  h(1, title);
  h(2, t.headline);
  const allKeyIds = findings.analysis.keyFigures;
  const keyIds = allKeyIds.slice(0, 2);
  const keyTurnover = findings.persons
    .filter((p) => keyIds.includes(p.id))
    .reduce((sum, p) => sum + p.turnoverUsd.in + p.turnoverUsd.out, 0);
  // "2 key figures: A, B", or "first 2 of 4 key figures: A, B" when the table lists more.
  const keyOf =
    allKeyIds.length > keyIds.length ? t.keyFirst(keyIds.length, allKeyIds.length) : t.keyOf(keyIds.length);
  const keyNames = keyIds.length > 0 ? `: ${keyIds.map(who).join(', ')}` : '';
  // A USD figure that transfers without a rate leave unknown or incomplete says so where it is shown.
  const usdOf = (x: number, unit = '') => usdFigure(`${money(x)}${unit}`, findings, lang);
  const chats = flaggedChats(s, lang, true);
  blocks.push({
    kind: 'list',
    items: [
      [t.participants(nf.format(s.participants), s.participants), ...cite('participants')],
      [t.networks(nf.format(s.networks), s.networks)],
      [`${usdOf(s.turnoverUsd)} — ${t.turnover}`, ...cite('turnover')],
      [`${usdOf(keyTurnover, ' USD')} — ${t.keyTurnover} (${keyOf}${keyNames})`, ...cite('turnover')],
      [t.droppers(nf.format(s.droppers), s.droppers), ...cite('droppers')],
      [t.exchangers(nf.format(s.exchangers), s.exchangers), ...cite('exchangers')],
      [t.endRecipients(nf.format(s.endRecipients), s.endRecipients), ...cite('endRecipients')],
      chats === null
        ? [t.channels(nf.format(s.channelsFlagged), s.channelsFlagged), ...cite('channels')]
        : [t.flagged(chats), ...cite('channels')],
    ],
  });

  // End recipients by jurisdiction.
  const byJ = new Map<string, { n: number; usd: number }>();
  for (const e of findings.endRecipients) {
    const k = e.jurisdiction ?? t.unknown;
    const v = byJ.get(k) ?? { n: 0, usd: 0 };
    v.n++;
    v.usd += e.receivedUsd;
    byJ.set(k, v);
  }
  if (byJ.size > 0) {
    h(2, t.byJurisdiction);
    const rows = [...byJ]
      .sort((a, b) => b[1].usd - a[1].usd)
      .map(([j, v]) => [[j], [nf.format(v.n)], [money(v.usd)]]);
    table([t.cols.jurisdiction, t.cols.count, t.cols.received], rows, rows.length);
  }

  const keyPersons = findings.analysis.keyFigures
    .map((id) => findings.persons.find((p) => p.id === id))
    .filter((p): p is NonNullable<typeof p> => !!p);
  if (keyPersons.length > 0) {
    h(2, t.keyFigures);
    table(
      [t.cols.person, t.cols.roles, t.cols.in, t.cols.out, t.cols.network],
      keyPersons.map((p) => [
        [who(p.id), ...cite(`person:${p.id}`, p.id)],
        [roles(p.roles)],
        [money(p.turnoverUsd.in)],
        [money(p.turnoverUsd.out)],
        [p.network ?? '—'],
      ]),
      keyPersons.length,
    );
  }

  const withRole = (role: string) => findings.accounts.filter((a) => a.roles.some((r) => r.role === role));
  const droppers = withRole('dropper');
  if (droppers.length > 0) {
    h(2, t.dropperTable);
    table(
      [t.cols.account, t.cols.holder, t.cols.in, t.cols.counterparties, t.cols.score, t.cols.reasons],
      droppers.slice(0, maxRows).map((a) => {
        const r = a.roles.find((x) => x.role === 'dropper')!;
        return [
          [a.id, ...cite(`account:${a.id}`, holderSubject(a.holder))],
          [who(a.holder)],
          [money(a.inUsd)],
          [nf.format(a.counterparties)],
          [score(r.score)],
          [reasonText(r.reasons.slice(0, 3))],
        ];
      }),
      droppers.length,
    );
  }
  const exPersons = findings.persons.filter((p) => p.roles.includes('exchanger'));
  if (exPersons.length > 0) {
    h(2, t.exchangerTable);
    table(
      [t.cols.person, t.cols.in, t.cols.out, t.cols.reasons],
      exPersons
        .slice(0, maxRows)
        .map((p) => [
          [who(p.id), ...cite(`person:${p.id}`, p.id)],
          [money(p.turnoverUsd.in)],
          [money(p.turnoverUsd.out)],
          [reasonText(p.roleDetails.find((r) => r.role === 'exchanger')?.reasons ?? [])],
        ]),
      exPersons.length,
    );
  }
  if (findings.endRecipients.length > 0) {
    h(2, t.endTable);
    table(
      [t.cols.account, t.cols.holder, t.cols.jurisdiction, t.cols.received, t.cols.method],
      findings.endRecipients
        .slice(0, maxRows)
        .map((e) => [
          [e.account, ...cite(`endRecipient:${e.account}`, holderSubject(e.holder))],
          [who(e.holder)],
          [e.jurisdiction ?? t.unknown],
          [money(e.receivedUsd)],
          [t.method[e.method] ?? e.method],
        ]),
      findings.endRecipients.length,
    );
  }
  if (findings.channels.length > 0) {
    h(2, t.channelTable);
    table(
      [t.cols.channel, t.cols.labels],
      findings.channels
        .slice(0, maxRows)
        .map((c) => [
          [c.title ?? c.id, ...cite(`channel:${c.id}`)],
          [c.labels.map((l) => `${roleName(l.label, lang)} (${score(l.score)})`).join(', ')],
        ]),
      findings.channels.length,
    );
  }
  const chatAccounts = options.chatAccounts ?? [];
  if (chatAccounts.length > 0) {
    h(2, t.chatAccounts);
    table(
      [t.cols.identifier, t.cols.chats, t.cols.messages, t.cols.transfers, t.cols.postedBy],
      chatAccounts
        .slice(0, maxRows)
        .map((a) => [
          [a.identifier, ...cite(`chatAccount:${a.identifier}`)],
          [nf.format(a.chats)],
          [nf.format(a.messages)],
          [nf.format(a.transfers)],
          [postersCell(a.postedBy ?? [], lang)],
        ]),
      chatAccounts.length,
    );
  }
  if (findings.networks.length > 0) {
    h(2, t.networkTable);
    table(
      [t.cols.network, t.cols.size, t.cols.in, t.cols.regions, t.cols.roles],
      findings.networks.slice(0, maxRows).map((n) => [
        [n.id],
        [nf.format(n.size)],
        [money(n.turnoverUsd)],
        [n.regions.join(', ') || '—'],
        [
          Object.entries(n.roles)
            .map(([r, c]) => `${roleName(r, lang)}: ${c}`)
            .join(', '),
        ],
      ]),
      findings.networks.length,
    );
  }
  if (findings.crossCase.length > 0) {
    h(2, t.crossCase);
    table(
      [t.cols.identifier, t.cols.cases],
      findings.crossCase.slice(0, maxRows).map((c) => [[c.identifier], [c.cases.join(', ')]]),
      findings.crossCase.length,
    );
  }
  const warnings = [...findings.analysis.warnings];
  if (warnings.length > 0) {
    h(2, t.alarms);
    blocks.push({ kind: 'list', items: warnings.map((w) => [w]) });
  }
  para(t.generated(readableUtc(findings.analysis.generatedAt, lang), findings.analysis.rulesVersion));

  // Footnotes.
  if (notes.length > 0) {
    h(2, t.footnotes);
    const place = (r: string) => options.records?.get(r) ?? parseLocatedRef(r) ?? undefined;
    const note = (fn: Footnote, n: number): ReportNote => {
      // One entry per record: a message cited by its ref and by its place (`loc:`) is one record, named by its ref.
      const recRefs: string[] = [];
      const atPlace = new Map<string, number>();
      for (const r of new Set(fn.records)) {
        const p = place(r);
        const k = p ? `${p.evidenceId}\u0000${p.locator}` : undefined;
        const seen = k === undefined ? undefined : atPlace.get(k);
        if (seen === undefined) {
          if (k !== undefined) atPlace.set(k, recRefs.length);
          recRefs.push(r);
        } else if (recordRefKind(recRefs[seen]!) === 'located' && recordRefKind(r) !== 'located')
          recRefs[seen] = r;
      }
      // The files of the figure and those its records were found in.
      const evidenceIds = [
        ...new Set([
          ...fn.evidenceIds,
          ...recRefs.map((r) => place(r)?.evidenceId).filter((x): x is string => !!x),
        ]),
      ];
      const subject = noteSubject.get(fn);
      return {
        n,
        ...(subject ? { subject } : {}),
        files: evidenceIds
          .slice(0, 10)
          .map((id) => ({ evidenceId: id, name: options.evidenceNames?.get(id) ?? null })),
        moreFiles: evidenceIds.length > 10 ? t.more(evidenceIds.length - 10) : null,
        records: recRefs.slice(0, 12).map((r) => {
          const ref = place(r);
          return {
            ref: r,
            located: recordRefKind(r) === 'located',
            place: ref
              ? {
                  evidenceId: ref.evidenceId,
                  locator: ref.locator,
                  file: options.evidenceNames?.get(ref.evidenceId) ?? ref.evidenceId.slice(0, 12),
                }
              : null,
          };
        }),
      };
    };
    blocks.push({ kind: 'footnotes', notes: notes.map((fn, i) => note(fn, i + 1)) });
  }
  return {
    lang,
    title,
    blocks,
    words: { files: t.evidence, records: t.records, unresolved: t.unresolved, noRecords: t.noRecords },
  };
}

/** A footnote as one line of text: `subject — files: …. records: ….` */
export function reportNoteText(note: ReportNote, words: ReportDoc['words']): string {
  const sources = () => {
    if (note.files.length === 0 && note.records.length === 0) return `${words.noRecords}.`;
    const files = note.files
      .map(({ evidenceId: id, name }) =>
        name ? `${name} (sha256 ${id.slice(0, 12)}…)` : `sha256 ${id.slice(0, 12)}…`,
      )
      .join('; ');
    const more = note.moreFiles ? ` ${note.moreFiles}` : '';
    const recs = note.records
      .map(({ ref, located, place }) => {
        if (!place) return `${ref} (${words.unresolved})`;
        // A located record is its place; any other ref is named, then placed.
        return located ? `${place.file} ${place.locator}` : `${ref} (${place.file} ${place.locator})`;
      })
      .join('; ');
    return `${words.files}: ${files || '—'}${more}. ${words.records}: ${recs || '—'}.`;
  };
  return note.subject ? `${note.subject} — ${sources()}` : sources();
}

/** The report as GitHub-flavoured markdown, evidence text escaped. */
export function reportMarkdown(doc: ReportDoc): string {
  const inline = (xs: readonly ReportInline[]) =>
    xs.map((x) => (typeof x === 'string' ? escapeMd(x) : `[^${x.cite}]`)).join('');
  const out = doc.blocks.map((b): string => {
    switch (b.kind) {
      case 'heading':
        return `${'#'.repeat(b.level)} ${escapeMd(b.text)}`;
      case 'paragraph':
        return inline(b.content);
      case 'list':
        return b.items.map((i) => `- ${inline(i)}`).join('\n');
      case 'table':
        // One block: a blank line between the rows would end the table (GFM).
        return [
          `| ${b.head.map(escapeMd).join(' | ')} |`,
          `|${b.head.map(() => '---').join('|')}|`,
          ...b.rows.map((r) => `| ${r.map(inline).join(' | ')} |`),
        ].join('\n');
      case 'footnotes':
        return b.notes.map((n) => `[^${n.n}]: ${escapeMd(reportNoteText(n, doc.words))}`).join('\n\n');
      default:
        return '';
    }
  });
  return `${out.join('\n\n')}\n`;
}

/** The report as a standalone HTML page, evidence text escaped. */
export function reportHtml(doc: ReportDoc): string {
  const citedTimes = new Map<number, number>();
  const inline = (xs: readonly ReportInline[]) =>
    xs
      .map((x) => {
        if (typeof x === 'string') return escapeHtml(x);
        // Every marker gets its own id; the footnote's back link returns to the first.
        const i = x.cite;
        const k = (citedTimes.get(i) ?? 0) + 1;
        citedTimes.set(i, k);
        const id = k === 1 ? `ref${i}` : `ref${i}-${k}`;
        return `<sup><a href="#fn${i}" id="${id}">[${i}]</a></sup>`;
      })
      .join('');
  const out = doc.blocks.map((b): string => {
    switch (b.kind) {
      case 'heading':
        return `<h${b.level}>${escapeHtml(b.text)}</h${b.level}>`;
      case 'paragraph':
        return `<p>${inline(b.content)}</p>`;
      case 'list':
        return `<ul>${b.items.map((i) => `<li>${inline(i)}</li>`).join('')}</ul>`;
      case 'table':
        return `<table><thead><tr>${b.head.map((c) => `<th>${escapeHtml(c)}</th>`).join('')}</tr></thead><tbody>${b.rows
          .map((r) => `<tr>${r.map((c) => `<td>${inline(c)}</td>`).join('')}</tr>`)
          .join('')}</tbody></table>`;
      case 'footnotes':
        return `<ol class="footnotes">${b.notes
          .map(
            (n) =>
              `<li id="fn${n.n}">${escapeHtml(reportNoteText(n, doc.words))} <a href="#ref${n.n}">↩</a></li>`,
          )
          .join('')}</ol>`;
      default:
        return '';
    }
  });
  return `<!doctype html>
<html lang="${doc.lang}"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>${escapeHtml(doc.title)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:1100px;margin:2em auto;line-height:1.45}table{border-collapse:collapse;margin:1em 0;font-size:13px}td,th{border:1px solid #bbb;padding:3px 6px;vertical-align:top}th{background:#eee}.footnotes{font-size:12px}</style>
</head><body>
${out.join('\n\n')}
</body></html>
`;
}

/** The "posted by" cell: the first three authors, `name (id): messages`, then how many more. */
function postersCell(
  posters: ReadonlyArray<{ author: string; name: string | null; messages: number }>,
  lang: ReportLang,
): string {
  if (posters.length === 0) return '—';
  const nf = new Intl.NumberFormat(lang === 'ru' ? 'ru-RU' : 'en-US');
  const shown = posters
    .slice(0, 3)
    .map((p) => `${p.name ? `${p.name.slice(0, 60)} (${p.author})` : p.author}: ${nf.format(p.messages)}`);
  if (posters.length > 3) shown.push(T[lang].more(posters.length - 3));
  return shown.join('; ');
}

export function escapeHtml(s: string): string {
  return s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );
}

/** Markdown cells and lines: neutralise table pipes, emphasis, links and raw HTML from evidence text. */
export function escapeMd(s: string): string {
  return s
    .replace(/[\r\n]+/g, ' ')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/[\\`*_[\]|#!]/g, (c) => `\\${c}`);
}

/** A UTC instant as a reader writes it (`28.11.2026 12:07 UTC`, `2026-11-28 12:07 UTC`); any other text as it is. */
export function readableUtc(iso: string, lang: 'ru' | 'en'): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::\d{2}(?:\.\d+)?)?Z$/.exec(iso);
  if (!m) return iso;
  const [, y, mo, d, h, mi] = m;
  return lang === 'ru' ? `${d}.${mo}.${y} ${h}:${mi} UTC` : `${y}-${mo}-${d} ${h}:${mi} UTC`;
}
