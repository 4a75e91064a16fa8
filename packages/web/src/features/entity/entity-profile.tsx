import { evidenceName } from '@dragnet/core/model/evidence-name.ts';
import { reasonRu } from '@dragnet/core/report/reason-ru.ts';
import { api } from '../../api/client.ts';
import { useApi } from '../../api/use-api.ts';
import { IdLink, RecordLink, Roles, Section, Status, usd } from '../../components/common.tsx';
import { TransfersTable } from '../../components/transfers-table.tsx';
import { useI18n } from '../../i18n.tsx';
import { tableName } from '../../record-names.ts';
import { href } from '../../router.ts';
import { Shown, VisibleText } from '../../components/highlighted-text.tsx';

/** Everything known about one entity; every figure links to the records behind it. */
export function EntityProfile({ id }: { id: string }) {
  const { t, role, kind, lang, count } = useI18n();
  // Reasons are stored in English (findings JSON); the Russian UI shows the report's translation.
  const why = (text: string) => (lang === 'ru' ? reasonRu(text) : text);
  const res = useApi(() => api.entity(id), [id]);
  const p = res.data;
  if (!p) return <Status loading={res.loading} error={res.error} />;
  const e = p.entity;
  const toRecords = () => document.getElementById('records')?.scrollIntoView({ behavior: 'smooth' });
  const isAccount = e.kind !== 'Person' && e.kind !== 'TelegramChat' && e.kind !== 'TelegramUser';
  return (
    <div className="profile" data-testid="entity-profile">
      <h1>
        <VisibleText text={e.label} /> <span className="muted small">{kind(e.kind)}</span>
      </h1>
      <p className="mono">
        <VisibleText text={e.id} />
      </p>
      <p>
        <Roles roles={e.roles} />
        {e.network && <span className="badge">{`${t('network')} ${e.network}`}</span>}
      </p>
      <nav className="actions">
        <a href={href('graph', { focus: e.id })}>{t('openGraph')}</a>
        <a href={href('messages', { identifier: e.id })}>{t('openMessages')}</a>
        {isAccount && <a href={href('flows', { from: e.id })}>{t('traceFrom')}</a>}
      </nav>
      <div className="columns">
        <Section title={t('turnoverUsd')}>
          <dl className="figures">
            <dt>{t('inUsd')}</dt>
            <dd className="mono" data-testid="usd-in">
              {isAccount ? (
                <a href={href('transfers', { to: e.id })}>{usd(p.usd.in)}</a>
              ) : (
                <button type="button" className="linklike" onClick={toRecords}>
                  {usd(p.usd.in)}
                </button>
              )}
            </dd>
            <dt>{t('outUsd')}</dt>
            <dd className="mono" data-testid="usd-out">
              {isAccount ? (
                <a href={href('transfers', { from: e.id })}>{usd(p.usd.out)}</a>
              ) : (
                <button type="button" className="linklike" onClick={toRecords}>
                  {usd(p.usd.out)}
                </button>
              )}
            </dd>
            {p.usd.unconverted > 0 && (
              <>
                <dt>{t('unconverted')}</dt>
                <dd>{p.usd.unconverted}</dd>
              </>
            )}
            {e.inUsd !== null && (
              <>
                <dt>{t('perFindings')}</dt>
                <dd className="mono">
                  {usd(e.inUsd)} / {usd(e.outUsd)}
                </dd>
              </>
            )}
          </dl>
          <h3>{t('totals')}</h3>
          <table className="grid">
            <thead>
              <tr>
                <th>{t('currency')}</th>
                <th className="num">{t('inUsd').split(',')[0]}</th>
                <th className="num">{t('outUsd').split(',')[0]}</th>
              </tr>
            </thead>
            <tbody>
              {p.totals.map((x) => (
                <tr key={x.currency}>
                  <td>
                    <VisibleText text={x.currency} />
                  </td>
                  <td className="num mono">
                    {x.in} ({x.countIn})
                  </td>
                  <td className="num mono">
                    {x.out} ({x.countOut})
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </Section>
        <Section title={t('identifiers')}>
          <ul className="plain">
            {p.identifiers.map((i) => (
              <li key={i}>
                <IdLink id={i} />
              </li>
            ))}
          </ul>
          {e.holder && (
            <p>
              {t('holder')}: <IdLink id={e.holder} label={p.holderEntity?.label} />
            </p>
          )}
          {p.person && p.person.names.length > 0 && (
            <p>
              {t('name')}: <VisibleText text={p.person.names.join(' · ')} />
            </p>
          )}
        </Section>
        {p.account && p.account.roles.length > 0 && (
          <Section title={t('reasons')}>
            <ul className="plain" data-testid="role-reasons">
              {p.account.roles.map((r) => (
                <li key={r.role}>
                  <b>{role(r.role)}</b> ({r.score.toFixed(2)})
                  <ul>
                    {r.reasons.map((reason) => (
                      <li key={reason}>
                        <VisibleText text={why(reason)} />
                      </li>
                    ))}
                  </ul>
                </li>
              ))}
            </ul>
          </Section>
        )}
        {p.channel && p.channel.labels.length > 0 && (
          <Section title={t('labels')}>
            <ul className="plain">
              {p.channel.labels.map((l) => (
                <li key={l.label}>
                  <a href={href('messages', { chat: e.id, label: l.label })}>{role(l.label)}</a> (
                  {l.score.toFixed(2)})
                </li>
              ))}
            </ul>
          </Section>
        )}
      </div>
      {p.holders.length > 0 && (
        <Section title={t('holders')}>
          <table className="grid">
            <thead>
              <tr>
                <th>{t('id')}</th>
                <th>{t('name')}</th>
                <th>IIN</th>
                <th>{t('institution')}</th>
                <th>{t('record')}</th>
              </tr>
            </thead>
            <tbody>
              {p.holders.map((h) => (
                <tr key={`${h.evidenceId}/${h.locator}`}>
                  <td>
                    <IdLink id={h.account} />
                  </td>
                  <td>
                    <Shown text={h.holderName} fallback="—" />
                  </td>
                  <td className="mono">
                    <Shown text={h.iin} />
                  </td>
                  <td>
                    <VisibleText text={[h.institution, h.nationality].filter(Boolean).join(', ')} />
                  </td>
                  <td>
                    <RecordLink evidenceId={h.evidenceId} locator={h.locator} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </Section>
      )}
      {p.telegram &&
        (['names', 'usernames', 'phones', 'accounts'] as const).some((k) => p.telegram![k].length > 0) && (
          <Section title={t('tgFacts')}>
            <table className="grid" data-testid="telegram-facts">
              <tbody>
                {(
                  [
                    ['names', t('tgNames')],
                    ['usernames', t('tgUsernames')],
                    ['phones', t('tgPhones')],
                    ['accounts', t('tgAccounts')],
                  ] as const
                ).map(([k, title]) =>
                  p.telegram![k].map((f, i) => (
                    <tr key={`${k}/${f.value}`}>
                      <th>{i === 0 ? title : ''}</th>
                      <td>{k === 'names' ? <VisibleText text={f.value} /> : <IdLink id={f.value} />}</td>
                      <td>
                        {f.records.slice(0, 3).map((r) => (
                          <span key={`${r.evidenceId}/${r.locator}`}>
                            <RecordLink evidenceId={r.evidenceId} locator={r.locator} />{' '}
                          </span>
                        ))}
                        {f.recordsTotal > 3 && <span className="muted">+{f.recordsTotal - 3}</span>}
                      </td>
                    </tr>
                  )),
                )}
              </tbody>
            </table>
          </Section>
        )}
      {p.postedBy.length > 0 && (
        <Section title={t('postedBy')}>
          <ul className="plain" data-testid="posted-by">
            {p.postedBy.map((a) => (
              <li key={a.author}>
                <IdLink id={a.author} label={a.name ?? undefined} /> — {count(a.messages, 'message')}:{' '}
                {a.records.slice(0, 3).map((r) => (
                  <span key={`${r.evidenceId}/${r.locator}`}>
                    <RecordLink evidenceId={r.evidenceId} locator={r.locator} />{' '}
                  </span>
                ))}
              </li>
            ))}
          </ul>
        </Section>
      )}
      {isAccount && (
        <Section title={t('transfers')}>
          <TransfersTable filter={{ account: e.id }} />
        </Section>
      )}
      <Section title={`${t('records')} (${p.recordsTotal})`} id="records">
        <ul className="plain records" data-testid="records">
          {p.records.map((r) => (
            <li key={`${r.table}/${r.evidenceId}/${r.locator}/${r.summary}`}>
              <span className="badge" data-table={r.table}>
                {tableName(r.table, lang)}
              </span>{' '}
              <RecordLink evidenceId={r.evidenceId} locator={r.locator} />{' '}
              <span className="mono small">
                <VisibleText text={r.summary} />
              </span>
            </li>
          ))}
        </ul>
        <h3>{t('evidenceFiles')}</h3>
        <ul className="plain">
          {p.evidenceFiles.map((f) => (
            <li key={f.evidenceId}>
              <a href={href('evidence', { id: f.evidenceId })}>
                <Shown text={evidenceName(f)} fallback={f.evidenceId} />
              </a>{' '}
              — {f.records}
            </li>
          ))}
        </ul>
      </Section>
    </div>
  );
}
