import { useMemo } from 'react';
import { api } from '../../api/client.ts';
import { useApi } from '../../api/use-api.ts';
import { Status } from '../../components/common.tsx';
import { EChart } from '../../components/echart.tsx';
import { useI18n } from '../../i18n.tsx';
import { useTimeFilter } from '../../time-filter.tsx';

function lastDay(month: string): string {
  const [y = 1970, m = 1] = month.split('-').map(Number);
  return `${month}-${String(new Date(Date.UTC(y, m, 0)).getUTCDate()).padStart(2, '0')}`;
}

/** Activity over time; brushing a range sets the time filter every other view applies. */
export default function Timeline() {
  const { t } = useI18n();
  const time = useTimeFilter();
  const res = useApi(() => api.timeline(), []);
  const buckets = useMemo(() => {
    const d = res.data;
    if (!d) return [];
    return [...new Set([...d.transfers.map((b) => b.t), ...d.messages.map((b) => b.t)])].sort();
  }, [res.data]);
  const option = useMemo(() => {
    const d = res.data;
    if (!d) return {};
    const tx = new Map(d.transfers.map((b) => [b.t, b]));
    const msg = new Map(d.messages.map((b) => [b.t, b.count]));
    return {
      tooltip: { trigger: 'axis' },
      legend: { top: 0, data: [t('transfers'), t('messages'), 'USD'] },
      toolbox: { feature: { brush: { type: ['lineX', 'clear'] } } },
      brush: { xAxisIndex: 0, brushLink: 'all', throttleType: 'debounce', throttleDelay: 300 },
      grid: { left: 60, right: 70, top: 50, bottom: 30 },
      xAxis: { type: 'category', data: buckets },
      yAxis: [
        { type: 'value', name: t('count') },
        { type: 'value', name: 'USD' },
      ],
      series: [
        { name: t('transfers'), type: 'bar', data: buckets.map((b) => tx.get(b)?.count ?? 0) },
        { name: t('messages'), type: 'bar', data: buckets.map((b) => msg.get(b) ?? 0) },
        { name: 'USD', type: 'line', yAxisIndex: 1, data: buckets.map((b) => Number(tx.get(b)?.usd ?? 0)) },
      ],
    };
  }, [res.data, buckets, t]);
  return (
    <div>
      <h1>{t('timeline')}</h1>
      <p className="muted">{t('brushHint')}</p>
      <Status loading={res.loading} error={res.error} />
      <EChart
        option={option}
        label={t('timeline')}
        testId="timeline"
        // Brushing is on from the start: drag across the chart, no toolbox click needed.
        afterOption={(chart) =>
          chart.dispatchAction({
            type: 'takeGlobalCursor',
            key: 'brush',
            brushOption: { brushType: 'lineX' },
          })
        }
        onReady={(chart) => {
          chart.on('brushEnd', (e) => {
            const area = (e as { areas?: Array<{ coordRange?: [number, number] }> }).areas?.[0];
            const cats = (chart.getOption() as { xAxis?: Array<{ data?: string[] }> }).xAxis?.[0]?.data ?? [];
            if (!area?.coordRange) return time.set({ since: undefined, until: undefined });
            const a = cats[Math.max(0, area.coordRange[0])];
            const b = cats[Math.min(cats.length - 1, area.coordRange[1])];
            if (!a || !b) return;
            time.set({ since: a.length === 7 ? `${a}-01` : a, until: b.length === 7 ? lastDay(b) : b });
          });
        }}
      />
      {(time.since || time.until) && (
        <p>
          {t('timeFilter')}: {time.since} — {time.until}
        </p>
      )}
    </div>
  );
}
