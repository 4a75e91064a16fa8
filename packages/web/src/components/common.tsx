import type { ReactNode } from 'react';
import { type Lang, useI18n } from '../i18n.tsx';
import { numberLang, usdText } from '../numbers.ts';
import { href } from '../router.ts';
import { plainShown, VisibleText } from './highlighted-text.tsx';
import { useEvidenceNames } from './names.tsx';

export function Status({ loading, error }: { loading: boolean; error: Error | undefined }) {
  const { t } = useI18n();
  if (error)
    return (
      <p className="error" role="alert">
        {t('error')}: {error.message}
      </p>
    );
  if (loading) return <p className="muted">{t('loading')}</p>;
  return null;
}

/** Link to an entity's profile; the label and the id are evidence text, shown through `VisibleText`. */
export function IdLink({ id, label }: { id: string; label?: string | null | undefined }) {
  return (
    <a className="id" href={href('entity', { id })} title={plainShown(id)}>
      <VisibleText text={label || id} />
    </a>
  );
}

/** A source record: its file as the register names it (the sha-256 prefix until the names load), and its locator. */
export function RecordLink({ evidenceId, locator }: { evidenceId: string; locator: string }) {
  const name = useEvidenceNames()?.get(evidenceId);
  return (
    <a
      className="mono"
      href={href('record', { evidence: evidenceId, locator })}
      title={evidenceId}
      data-testid="record-link"
    >
      {name !== undefined ? <VisibleText text={name} /> : `${evidenceId.slice(0, 8)}…`}/
      <VisibleText text={locator} />
    </a>
  );
}

export function Roles({ roles }: { roles: readonly string[] }) {
  const { role } = useI18n();
  return (
    <>
      {roles.map((r) => (
        <span key={r} className={`badge role-${r}`}>
          {role(r)}
        </span>
      ))}
    </>
  );
}

/**
 * USD figures come as numbers (findings, rounded to cents) or exact decimal strings (API sums); written as the UI
 * language writes numbers (`16,858,969.47` / `16 858 969,47`, `numbers.ts`).
 */
export function usd(v: number | string | null | undefined, lang: Lang = numberLang()): string {
  return usdText(v, lang);
}

export function Pager({
  total,
  offset,
  limit,
  onPage,
}: {
  total: number;
  offset: number;
  limit: number;
  onPage: (offset: number) => void;
}) {
  const { t, num } = useI18n();
  const page = Math.floor(offset / limit) + 1;
  const pages = Math.max(1, Math.ceil(total / limit));
  return (
    <nav className="pager" aria-label={t('page')}>
      <button type="button" disabled={offset === 0} onClick={() => onPage(Math.max(0, offset - limit))}>
        {t('prev')}
      </button>
      <span>
        {t('page')} {num(page)} {t('of')} {num(pages)} ({num(total)})
      </span>
      <button type="button" disabled={offset + limit >= total} onClick={() => onPage(offset + limit)}>
        {t('next')}
      </button>
    </nav>
  );
}

export function Section({ title, children, id }: { title: string; children: ReactNode; id?: string }) {
  return (
    <section className="card" aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      {children}
    </section>
  );
}
