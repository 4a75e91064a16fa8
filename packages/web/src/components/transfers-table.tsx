import { useState } from 'react';
import { api } from '../api/client.ts';
import { useApi } from '../api/use-api.ts';
import { useI18n } from '../i18n.tsx';
import { useTimeFilter } from '../time-filter.tsx';
import { IdLink, Pager, RecordLink, Status, usd } from './common.tsx';
import { Shown, VisibleText } from './highlighted-text.tsx';
import { amount } from './amount.ts';

/** Transfers behind a figure (an account, a Sankey link, a trace), paged, each with its source record. */
export function TransfersTable({ filter }: { filter: Record<string, string | undefined> }) {
  const { t } = useI18n();
  const time = useTimeFilter();
  const [offset, setOffset] = useState(0);
  const key = JSON.stringify(filter);
  const res = useApi(
    () => api.transfers({ ...filter, since: time.since, until: time.until, offset, limit: 50 }),
    [key, offset, time.since, time.until],
  );
  const page = res.data;
  return (
    <div>
      <Status loading={res.loading} error={res.error} />
      {page && (
        <>
          <table className="grid" data-testid="transfers-table">
            <thead>
              <tr>
                <th>{t('time')}</th>
                <th>{t('from')}</th>
                <th>{t('to')}</th>
                <th className="num">{t('amount')}</th>
                <th>{t('currency')}</th>
                <th className="num">USD</th>
                <th>{t('channel')}</th>
                <th>{t('record')}</th>
              </tr>
            </thead>
            <tbody>
              {page.items.map((tr) => (
                <tr key={tr.id}>
                  <td className="mono">{tr.timestamp.replace('T', ' ').slice(0, 19)}</td>
                  <td>{tr.fromAccount ? <IdLink id={tr.fromAccount} /> : '—'}</td>
                  <td>{tr.toAccount ? <IdLink id={tr.toAccount} /> : '—'}</td>
                  <td className="num mono">{amount(tr.amount)}</td>
                  <td>
                    <VisibleText text={tr.currency} />
                  </td>
                  <td className="num mono">{usd(tr.usd)}</td>
                  <td>
                    <Shown text={tr.channel} />
                  </td>
                  <td>
                    <RecordLink evidenceId={tr.evidenceId} locator={tr.locator} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <Pager total={page.total} offset={page.offset} limit={page.limit} onPage={setOffset} />
        </>
      )}
    </div>
  );
}
