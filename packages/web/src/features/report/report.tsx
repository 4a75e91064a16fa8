import { Children, type ReactNode } from 'react';
import type { ReportDoc, ReportInline, ReportNote } from '@dragnet/core/report/render-report.ts';
import { api } from '../../api/client.ts';
import { useApi } from '../../api/use-api.ts';
import { Status } from '../../components/common.tsx';
import { VisibleText } from '../../components/highlighted-text.tsx';
import { useI18n } from '../../i18n.tsx';
import { href } from '../../router.ts';

/** The report's pieces in order: static for one answer, so their places are their keys (`Children.toArray`). */
function keyed<T>(xs: readonly T[], one: (x: T, i: number) => ReactNode): ReactNode[] {
  return Children.toArray(xs.map(one));
}

/** Moves to an element of the report (a footnote, a marker) without touching the hash route. */
function jump(id: string) {
  const el = document.getElementById(id);
  if (!el) return;
  el.scrollIntoView({ block: 'center' });
  el.focus({ preventScroll: true });
}

/**
 * The case report as `dragnet report --format html` lays it out, built from the blocks `/api/report` gives
 * (`reportDoc` in core): headings, lists, tables and footnotes whose records open the record view. Every piece of
 * evidence text is a React text node (through `VisibleText`), never markup.
 */
export function ReportDocument({ doc }: { doc: ReportDoc }) {
  // Every marker gets its own id; a footnote's back link returns to the first.
  const seen = new Map<number, number>();
  const inline = (xs: readonly ReportInline[]): ReactNode =>
    keyed(xs, (x) => {
      if (typeof x === 'string') return <VisibleText text={x} />;
      const k = (seen.get(x.cite) ?? 0) + 1;
      seen.set(x.cite, k);
      return (
        <sup>
          <button
            type="button"
            className="linklike"
            id={k === 1 ? `report-ref${x.cite}` : undefined}
            data-testid="report-cite"
            onClick={() => jump(`report-fn${x.cite}`)}
          >
            [{x.cite}]
          </button>
        </sup>
      );
    });
  return (
    <article className="report-doc" data-testid="report-doc" lang={doc.lang}>
      {keyed(doc.blocks, (b) => {
        switch (b.kind) {
          case 'heading':
            // The page's own heading is the h1: the report's levels sit one below it.
            return b.level === 1 ? (
              <h2>
                <VisibleText text={b.text} />
              </h2>
            ) : (
              <h3>
                <VisibleText text={b.text} />
              </h3>
            );
          case 'paragraph':
            return <p>{inline(b.content)}</p>;
          case 'list':
            return (
              <ul>
                {keyed(b.items, (item) => (
                  <li>{inline(item)}</li>
                ))}
              </ul>
            );
          case 'table':
            return (
              <table className="grid report-table">
                <thead>
                  <tr>
                    {b.head.map((c) => (
                      <th key={c}>{c}</th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {keyed(b.rows, (r) => (
                    <tr>
                      {keyed(r, (c) => (
                        <td>{inline(c)}</td>
                      ))}
                    </tr>
                  ))}
                </tbody>
              </table>
            );
          case 'footnotes':
            return (
              <ol className="footnotes" data-testid="report-footnotes">
                {b.notes.map((n) => (
                  <Footnote key={n.n} note={n} words={doc.words} />
                ))}
              </ol>
            );
          default:
            return null;
        }
      })}
    </article>
  );
}

/** One footnote: its subject, the files (name and hash) and each record as a link to the record view. */
function Footnote({ note, words }: { note: ReportNote; words: ReportDoc['words'] }) {
  const empty = note.files.length === 0 && note.records.length === 0;
  const list = <T,>(xs: readonly T[], one: (x: T) => ReactNode) =>
    keyed(xs, (x, i) => (
      <span>
        {i > 0 && '; '}
        {one(x)}
      </span>
    ));
  return (
    <li id={`report-fn${note.n}`} value={note.n} tabIndex={-1} data-testid="report-footnote">
      {note.subject && (
        <>
          <VisibleText text={note.subject} /> —{' '}
        </>
      )}
      {empty ? (
        `${words.noRecords}.`
      ) : (
        <>
          {words.files}:{' '}
          {note.files.length === 0
            ? '—'
            : list(note.files, (f) => (
                <span title={`sha256 ${f.evidenceId}`}>
                  {f.name !== null ? (
                    <>
                      <VisibleText text={f.name} /> (sha256 {f.evidenceId.slice(0, 12)}…)
                    </>
                  ) : (
                    `sha256 ${f.evidenceId.slice(0, 12)}…`
                  )}
                </span>
              ))}
          {note.moreFiles && ` ${note.moreFiles}`}. {words.records}:{' '}
          {note.records.length === 0
            ? '—'
            : list(note.records, (r) => {
                if (!r.place) return `${r.ref} (${words.unresolved})`;
                const link = (
                  <a
                    className="mono"
                    data-testid="report-record"
                    href={href('record', { evidence: r.place.evidenceId, locator: r.place.locator })}
                  >
                    <VisibleText text={r.place.file} /> {r.place.locator}
                  </a>
                );
                return r.located ? (
                  link
                ) : (
                  <>
                    <VisibleText text={r.ref} /> ({link})
                  </>
                );
              })}
          .
        </>
      )}{' '}
      <button type="button" className="linklike" aria-label="↩" onClick={() => jump(`report-ref${note.n}`)}>
        ↩
      </button>
    </li>
  );
}

/** `#/report`: the case report in the UI language; the stored markdown as text when no blocks are there. */
export function Report() {
  const { lang, t } = useI18n();
  const res = useApi(() => api.report(lang), [lang]);
  return (
    <div>
      <h1>{t('report')}</h1>
      <Status loading={res.loading} error={res.error} />
      {res.data?.doc ? (
        <ReportDocument doc={res.data.doc} />
      ) : (
        res.data && <pre className="report">{res.data.markdown}</pre>
      )}
    </div>
  );
}
