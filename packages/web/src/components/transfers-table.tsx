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
          {/* Fits its box (accounts and records wrap, times and amounts never); narrower than its columns, the
              table scrolls inside its box, not the page. */}
          <div className="table-scroll">
            <table className="grid transfers-table" data-testid="transfers-table">
              <thead>
                <tr>
                  <th className="tr-time">{t('time')}</th>
                  <th className="tr-account">{t('from')}</th>
                  <th className="tr-account">{t('to')}</th>
                  <th className="num tr-amount">{t('amount')}</th>
                  <th className="tr-currency">{t('currency')}</th>
                  <th className="num tr-amount">USD</th>
                  <th className="tr-channel">{t('channel')}</th>
                  <th className="tr-record">{t('record')}</th>
                </tr>
              </thead>
              <tbody>
                {page.items.map((tr) => (
                  <tr key={tr.id}>
                    <td className="mono tr-time" data-testid="transfer-time">
                      {tr.timestamp.replace('T', ' ').slice(0, 19)}
                    </td>
                    <td className="tr-account">{tr.fromAccount ? <IdLink id={tr.fromAccount} /> : '—'}</td>
                    <td className="tr-account">{tr.toAccount ? <IdLink id={tr.toAccount} /> : '—'}</td>
                    <td className="num mono tr-amount" data-testid="transfer-amount">
                      {amount(tr.amount)}
                    </td>
                    <td className="tr-currency">
                      <VisibleText text={tr.currency} />
                    </td>
                    <td className="num mono tr-amount" data-testid="transfer-usd">
                      {usd(tr.usd)}
                    </td>
                    <td className="tr-channel">
                      <Shown text={tr.channel} />
                    </td>
                    <td className="tr-record">
                      <RecordLink evidenceId={tr.evidenceId} locator={tr.locator} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <Pager total={page.total} offset={page.offset} limit={page.limit} onPage={setOffset} />
        </>
      )}
    </div>
  );
}
