import { contextReasonRu } from '@dragnet/core/labels/context-reason-ru.ts';
import { useState } from 'react';
import { evidenceName } from '@dragnet/core/model/evidence-name.ts';
import { reasonAfterLocator } from '@dragnet/core/model/issue-reason.ts';
import { api } from '../../api/client.ts';
import { useApi } from '../../api/use-api.ts';
import { IdLink, Pager, Section, Status } from '../../components/common.tsx';
import { type Lang, useI18n } from '../../i18n.tsx';
import { countText, fixedText } from '../../numbers.ts';
import { entityLabel } from '@dragnet/core/model/entity-label.ts';
import { amount } from '../../components/amount.ts';
import {
  AMOUNT_FIELDS,
  fieldName,
  isIdentifierField,
  mentionKindName,
  tableName,
  valueName,
} from '../../record-names.ts';
import { href } from '../../router.ts';
import { plainShown, Shown, VisibleText } from '../../components/highlighted-text.tsx';

/** A file's size as the UI language writes numbers and units: `60.4 KiB`, `60,4 КиБ`. */
export function size(n: number, lang: Lang): string {
  const [b, k, m] = lang === 'ru' ? ['Б', 'КиБ', 'МиБ'] : ['B', 'KiB', 'MiB'];
  if (n < 1024) return `${countText(n, lang)} ${b}`;
  if (n < 1024 * 1024) return `${fixedText(n / 1024, 1, lang)} ${k}`;
  return `${fixedText(n / 1024 / 1024, 1, lang)} ${m}`;
}

/** The evidence register: files, hashes, formats, counts; quarantined records with their reasons. */
export function EvidenceRegister({ params }: { params: URLSearchParams }) {
  const { t, num, lang } = useI18n();
  const res = useApi(() => api.evidence(), []);
  const selected = params.get('id') ?? '';
  // The source an ingest was given (`--source`): a column only when some file has one.
  const hasSource = res.data?.items.some((e) => e.source) ?? false;
  return (
    <div>
      <h1>{t('evidence')}</h1>
      <Status loading={res.loading} error={res.error} />
      {res.data && (
        // Fits the window: long names wrap, the hash and the source are cut with an ellipsis (the full text is the
        // cell's tooltip and is what a copy takes); a window too narrow for the columns scrolls the table, not the page.
        <div className="table-scroll">
          <table className="grid evidence-table" data-testid="evidence-table">
            <thead>
              <tr>
                <th className="ev-file">{t('file')}</th>
                <th className="ev-hash">{t('hash')}</th>
                <th className="ev-format">{t('format')}</th>
                {hasSource && <th className="ev-source">{t('evidenceSource')}</th>}
                <th className="num ev-num">{t('size')}</th>
                <th className="num ev-num">{t('accepted')}</th>
                <th className="num ev-num">{t('quarantined')}</th>
                <th className="num ev-num">{t('issues')}</th>
              </tr>
            </thead>
            <tbody>
              {res.data.items.map((e) => (
                <tr key={e.id} className={e.id === selected ? 'active' : ''}>
                  {/* The path it was ingested from (relative to the folder given); a case from before paths: its name. */}
                  <td className="ev-file" title={plainShown(evidenceName(e))}>
                    <VisibleText text={evidenceName(e)} />
                  </td>
                  <td className="mono small ev-hash" title={e.id}>
                    {e.id}
                  </td>
                  <td className="ev-format">{e.format}</td>
                  {hasSource && (
                    <td className="ev-source" title={e.source ? plainShown(e.source) : undefined}>
                      <Shown text={e.source} fallback="—" />
                    </td>
                  )}
                  <td className="num">{size(e.size, lang)}</td>
                  <td className="num">{num(e.accepted)}</td>
                  <td className="num">{num(e.quarantined)}</td>
                  <td className="num">
                    {e.issues > 0 ? (
                      <a
                        href={href('evidence', { id: e.id })}
                        aria-label={`${t('showIssues')}: ${plainShown(evidenceName(e))}`}
                      >
                        {num(e.issues)}
                      </a>
                    ) : (
                      0
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {selected && <Issues id={selected} />}
    </div>
  );
}

function Issues({ id }: { id: string }) {
  const { t, lang } = useI18n();
  const [offset, setOffset] = useState(0);
  const res = useApi(() => api.issues(id, { offset, limit: 100 }), [id, offset]);
  return (
    <Section title={`${t('issues')}: ${id.slice(0, 12)}…`}>
      <Status loading={res.loading} error={res.error} />
      {res.data && (
        <>
          <table className="grid" data-testid="issues-table">
            <thead>
              <tr>
                <th>{t('locator')}</th>
                <th>{t('kind')}</th>
                <th>{t('reason')}</th>
                <th>{t('raw')}</th>
              </tr>
            </thead>
            <tbody>
              {res.data.items.map((i) => (
                <tr key={`${i.locator}/${i.reason}`}>
                  <td className="mono">
                    <VisibleText text={i.locator} />
                  </td>
                  <td title={i.severity} data-testid="issue-severity">
                    {/* The severity as the record view names it (the stored code is the cell's tooltip). */}
                    {valueName('issues', 'severity', i.severity, lang) ?? <VisibleText text={i.severity} />}
                  </td>
                  <td>
                    <VisibleText text={reasonAfterLocator(i.locator, i.reason)} />
                  </td>
                  <td className="mono small raw">
                    <Shown text={i.raw} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <Pager total={res.data.total} offset={res.data.offset} limit={res.data.limit} onPage={setOffset} />
        </>
      )}
    </Section>
  );
}

/**
 * The reason and anchor messages of a chat context label, from its `terms` (`context: …` and `ref:<message id>`, at
 * 0–0 with `lang: 'context'`; core `contextOfLabel`, not imported: it would bring the labeller into the web bundle).
 * Null for a message's own label.
 */
function contextTerms(
  value: unknown[],
  row: Record<string, unknown>,
): { reason: string; refs: string[] } | null {
  if (typeof row.lexiconVersion !== 'string' || !row.lexiconVersion.startsWith('context:')) return null;
  let reason = '';
  const refs: string[] = [];
  for (const x of value as Array<{ term?: unknown; lang?: unknown }>) {
    const term = typeof x?.term === 'string' ? x.term : '';
    if (x?.lang !== 'context') continue;
    if (term.startsWith('context: ')) reason = term.slice('context: '.length);
    else if (term.startsWith('ref:')) refs.push(term.slice(4));
  }
  // In the chat's order (stored nearest first): numbers as numbers.
  refs.sort((a, b) =>
    /^\d+$/.test(a) && /^\d+$/.test(b) ? Number(a) - Number(b) : a < b ? -1 : a > b ? 1 : 0,
  );
  return { reason, refs };
}

/** A stored UTC instant (`2024-09-01T02:51:35.000Z`) as the tables show time: `2024-09-01 02:51:35 UTC`. */
const ISO_UTC = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2})(?:\.\d+)?Z$/;

/**
 * A field's value as a reader reads it, in the UI language: `terms` as its words with their places (where they have
 * one), a label by its UI name, a code (channel, role, source, kind …) by its name, an identifier by its label (a card
 * as its grouped number) linked to its profile, an amount grouped, yes/no, time in UTC, JSON as JSON. Evidence text
 * (and any code without a name) only through `VisibleText`; the stored value is the tooltip where it is not shown.
 */
function FieldValue({
  table,
  field,
  value,
  row,
}: {
  table: string;
  field: string;
  value: unknown;
  row: Record<string, unknown>;
}) {
  const { role, chatType, lang, t, fixed } = useI18n();
  if (value === null || value === undefined) return '—';
  const context =
    table === 'message_labels' && field === 'terms' && Array.isArray(value) && contextTerms(value, row);
  if (context) {
    // A label the chat gave: why (in the UI language, as the message list says it) and the messages it rests on, each
    // opening its record (the label's own file: a chat's messages are ingested together).
    const evidenceId = typeof row.evidenceId === 'string' ? row.evidenceId : '';
    return (
      <ul className="plain terms" data-testid="context-terms">
        <li data-testid="context-reason">
          {t('fromChat')}:{' '}
          <VisibleText text={lang === 'ru' ? contextReasonRu(context.reason) : context.reason} />
        </li>
        {context.refs.length > 0 && (
          <li data-testid="context-refs">
            {t('contextRests')}:{' '}
            {context.refs.map((ref, i) => (
              <span key={ref}>
                {i > 0 && ', '}
                <a
                  href={href('record', { evidence: evidenceId, locator: `message:${ref}` })}
                  data-testid="context-ref"
                >
                  {lang === 'ru' ? 'сообщение' : 'message'} <VisibleText text={ref} />
                </a>
              </span>
            ))}
          </li>
        )}
      </ul>
    );
  }
  if (field === 'score' && typeof value === 'number' && (table === 'message_labels' || table === 'chats'))
    return <span title={String(value)}>{fixed(value, 2)}</span>;
  if (field === 'terms' && Array.isArray(value))
    return (
      <ul className="plain terms">
        {value.map((x: { term?: unknown; start?: unknown; end?: unknown }, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: the terms are listed in their stored order
          <li key={i}>
            «<VisibleText text={String(x?.term ?? '')} />»
            {/* A term the chat context gives has no place in the text (0–0). */}
            {typeof x?.start === 'number' && typeof x?.end === 'number' && x.end > x.start && (
              <span className="muted small">
                {' '}
                {x.start}–{x.end}
              </span>
            )}
          </li>
        ))}
      </ul>
    );
  if (field === 'label' && typeof value === 'string' && (table === 'message_labels' || table === 'chats'))
    return role(value);
  if (field === 'type' && table === 'chats' && typeof value === 'string') return chatType(value);
  if (typeof value === 'boolean') return lang === 'ru' ? (value ? 'да' : 'нет') : value ? 'yes' : 'no';
  if (isIdentifierField(field, value)) return <IdLink id={value} label={entityLabel(value)} />;
  if (typeof value === 'string') {
    const named =
      field === 'kind' && table === 'mentions'
        ? mentionKindName(value, row.identifier, lang)
        : valueName(table, field, value, lang);
    if (named !== undefined) return <span title={value}>{named}</span>;
    if (AMOUNT_FIELDS.has(field) && /^-?\d+(\.\d+)?$/.test(value))
      return <span title={value}>{amount(value)}</span>;
    const t = ISO_UTC.exec(value);
    if (t) return <span title={value}>{`${t[1]} ${t[2]} UTC`}</span>;
  }
  return <VisibleText text={typeof value === 'object' ? JSON.stringify(value) : String(value)} />;
}

/** One source record: the rows an evidence file + locator produced, field by field, as text. */
export function RecordView({ params }: { params: URLSearchParams }) {
  const { t, lang } = useI18n();
  const evidence = params.get('evidence') ?? '';
  const locator = params.get('locator') ?? '';
  const res = useApi(() => api.records(evidence, locator), [evidence, locator]);
  return (
    <div>
      <h1>
        {t('record')}{' '}
        <span className="mono">
          <VisibleText text={locator} />
        </span>
      </h1>
      <Status loading={res.loading} error={res.error} />
      {res.data && (
        <>
          <p>
            {t('file')}:{' '}
            <a href={href('evidence', { id: evidence })}>
              {res.data.evidence && <VisibleText text={evidenceName(res.data.evidence)} />}
            </a>{' '}
            <span className="mono small">
              <VisibleText text={evidence} />
            </span>
          </p>
          {res.data.records.map((r) => (
            <Section key={`${r.table}/${JSON.stringify(r.row)}`} title={tableName(r.table, lang)}>
              <dl className="record" data-testid="record-fields" data-table={r.table}>
                {Object.entries(r.row).map(([k, v]) => (
                  <div key={k}>
                    <dt title={k}>{fieldName(k, lang)}</dt>
                    <dd className="mono">
                      <FieldValue table={r.table} field={k} value={v} row={r.row} />
                    </dd>
                  </div>
                ))}
              </dl>
            </Section>
          ))}
        </>
      )}
    </div>
  );
}
