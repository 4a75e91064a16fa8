import { usdFigure } from '@dragnet/core/report/figures.ts';
import { api, type EntityGroup, type EntityTile, type EntityTileKey, inlineCase } from '../../api/client.ts';
import { useApi } from '../../api/use-api.ts';
import { IdLink, Roles, Section, Status, usd } from '../../components/common.tsx';
import { type MessageKey, useI18n } from '../../i18n.tsx';
import { GROUP_ORDER, groupNoun } from '../entity/entity-groups.ts';
import { useEffect } from 'react';
import { href } from '../../router.ts';
import { VisibleText } from '../../components/highlighted-text.tsx';

/** The headline figures of the findings; every tile opens the list behind it. */
export function Dashboard({ params }: { params?: URLSearchParams } = {}) {
  const { t, lang, count, num } = useI18n();
  const section = params?.get('section') ?? '';
  const res = useApi(() => api.case(), []);
  // Inlined by the server: the figures render with the first paint, not after an effect and a request.
  const c = res.data ?? inlineCase();
  // `#/dashboard?section=networks` (the networks tile) brings that list into view.
  useEffect(() => {
    if (section && c) document.getElementById(`section-${section}`)?.scrollIntoView();
  }, [section, c]);
  if (!c) return <Status loading={res.loading} error={res.error} />;
  const s = c.summary;
  // Transfers without a USD rate count as $0 (docs/findings.md): said as the report says it (`usdFigure`).
  const turnover = s
    ? usdFigure(
        usd(s.turnoverUsd),
        {
          case: {
            name: c.name,
            evidence: 0,
            transfers: c.analysedTransfers ?? c.counts.transfers,
            messages: 0,
          },
          summary: s,
        },
        lang,
      )
    : '';
  /**
   * A tile that opens an entity list says what that list holds, as the server counted it from the list itself: the
   * number alone when the list holds only what the findings count, else the persons and accounts it holds, each with
   * its noun, persons first as the list says them (`212 человек · 224 счёта`; `1 счёт` where it holds no person).
   */
  const listTile = (key: EntityTileKey & MessageKey, figure: number) => {
    const tile: EntityTile | undefined = c.tiles?.[key];
    if (!tile) return { key, value: [num(figure)], to: href('entities', {}) };
    const other: EntityGroup = tile.counts === 'persons' ? 'accounts' : 'persons';
    const value =
      tile[other] === 0
        ? [num(tile[tile.counts])]
        : GROUP_ORDER.filter((g) => tile[g] > 0).map((g) =>
            count(tile[g], groupNoun(g, tile.notAccounts ?? 0)),
          );
    return { key, value, to: href('entities', tile.query) };
  };
  const tiles: Array<{
    key: MessageKey;
    value: string[];
    to: string;
    note?: MessageKey;
    short?: MessageKey;
  }> = s
    ? [
        listTile('participants', s.participants),
        { key: 'networks', value: [num(s.networks)], to: href('dashboard', { section: 'networks' }) },
        {
          key: 'turnoverUsd',
          value: [turnover],
          // The participants' turnover: their list, largest first.
          to: href('entities', { ...(c.tiles?.participants.query ?? { kind: 'Person' }), sort: 'turnover' }),
        },
        listTile('droppers', s.droppers),
        listTile('exchangers', s.exchangers),
        listTile('endRecipients', s.endRecipients),
        // The findings' definition (docs/findings.md): the channel list filtered the same way lists these chats.
        {
          key: 'channelsFlagged',
          value: [num(s.channelsFlagged)],
          to: href('messages', { flagged: 1 }),
          note: 'channelsFlaggedNote',
          short: 'channelsFlaggedShort',
        },
      ]
    : [];
  const max = Math.max(1, ...c.jurisdictions.map((j) => j.receivedUsd));
  return (
    <div className="dashboard">
      <h1>
        <VisibleText text={c.name} />
      </h1>
      {!c.analysed && <p className="warning">{t('notAnalysed')}</p>}
      <div className="tiles">
        {tiles.map((tile) => (
          <a
            key={tile.key}
            className="tile"
            href={tile.to}
            data-testid={`tile-${tile.key}`}
            title={tile.note ? t(tile.note) : undefined}
          >
            <span className={tile.value.length > 1 ? 'tile-value tile-split' : 'tile-value'}>
              {tile.value.map((part, i) => (
                <span key={part}>
                  {i > 0 ? ' · ' : ''}
                  <span className="nowrap">{part}</span>
                </span>
              ))}
            </span>
            <span className="tile-label">{t(tile.key)}</span>
            {tile.short && <span className="muted small">{t(tile.short)}</span>}
          </a>
        ))}
      </div>
      <div className="columns">
        <Section title={t('keyFigures')}>
          <table className="grid">
            <thead>
              <tr>
                <th>{t('name')}</th>
                <th>{t('roles')}</th>
                <th className="num">{t('inUsd')}</th>
                <th className="num">{t('outUsd')}</th>
              </tr>
            </thead>
            <tbody>
              {c.keyFigures.map((p) => (
                <tr key={p.id}>
                  <td>
                    <IdLink id={p.id} label={p.label} />
                  </td>
                  <td>
                    <Roles roles={p.roles} />
                  </td>
                  <td className="num mono">{usd(p.inUsd)}</td>
                  <td className="num mono">{usd(p.outUsd)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </Section>
        <Section title={t('byJurisdiction')}>
          <ul className="bars">
            {c.jurisdictions.map((j) => (
              <li key={j.jurisdiction}>
                <a href={href('entities', { role: 'end_recipient' })}>
                  <span className="bar-label">
                    <VisibleText text={j.jurisdiction} />
                  </span>
                  <span className="bar" style={{ width: `${(100 * j.receivedUsd) / max}%` }} />
                  <span className="mono">
                    {usd(j.receivedUsd)} ({num(j.accounts)})
                  </span>
                </a>
              </li>
            ))}
          </ul>
        </Section>
        <Section title={t('counts')}>
          <ul className="counts">
            <li>
              <a href={href('evidence')}>
                {t('evidence')}: <b>{num(c.counts.evidence)}</b>
              </a>
            </li>
            <li>
              <a href={href('transfers')}>
                {t('transfers')}: <b>{num(c.counts.transfers)}</b>
              </a>
            </li>
            <li>
              <a href={href('messages')}>
                {t('messages')}: <b>{num(c.counts.messages)}</b>
              </a>
            </li>
            <li>
              <a href={href('entities')} data-testid="count-entities">
                {t('entitiesListed')}: <b>{num(c.counts.entities)}</b>
              </a>
              <div className="muted small">
                <WithCode text={t('entitiesNote')} />
              </div>
            </li>
            <li>
              <a href={href('evidence')}>
                {t('quarantined')}: <b>{num(c.counts.quarantined)}</b>
              </a>
            </li>
          </ul>
        </Section>
        {(c.networks ?? []).length > 0 && (
          <Section title={t('networksList')} id="section-networks">
            <ul className="plain" data-testid="networks">
              {(c.networks ?? []).map((n) => (
                <li key={n.id}>
                  <a href={href('entities', { network: n.id })}>{`${t('network')} ${n.id}`}</a>
                  {`: ${num(n.size)} ${t('networkMembers')}, ${usd(n.turnoverUsd)} USD`}
                  {n.regions.length > 0 ? ` · ${n.regions.join(', ')}` : ''}
                </li>
              ))}
            </ul>
          </Section>
        )}
      </div>
    </div>
  );
}

/** A UI text (never evidence) with `command` spans: those parts as code, the backticks not shown. */
function WithCode({ text }: { text: string }) {
  return (
    <>
      {text.split('`').map((part, i) =>
        // Odd pieces were between backticks; the index is the key (the pieces of one fixed text).
        // biome-ignore lint/suspicious/noArrayIndexKey: pieces of one fixed text, in order
        i % 2 === 1 ? <code key={i}>{part}</code> : <span key={i}>{part}</span>,
      )}
    </>
  );
}
