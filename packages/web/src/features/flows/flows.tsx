import { useMemo, useState } from 'react';
import { api } from '../../api/client.ts';
import { useApi } from '../../api/use-api.ts';
import { IdLink, Section, Status, usd } from '../../components/common.tsx';
import { EChart } from '../../components/echart.tsx';
import { TransfersTable } from '../../components/transfers-table.tsx';
import { useI18n } from '../../i18n.tsx';
import { Shown } from '../../components/highlighted-text.tsx';
import { JOINED, joinedStages } from './joined.ts';

/** Stage → the role whose accounts make up that stage (buyers also take payers without a role). */
const STAGE_ROLE: Record<string, string> = {
  buyers: 'buyer',
  droppers: 'dropper',
  collectors: 'operator',
  exchangers: 'exchanger',
  end_recipients: 'end_recipient',
};
const STAGE_NAMES: Record<'ru' | 'en', Record<string, string>> = {
  en: {
    buyers: 'Buyers',
    droppers: 'Droppers',
    collectors: 'Collectors',
    exchangers: 'Exchangers',
    end_recipients: 'End recipients',
  },
  ru: {
    buyers: 'Покупатели',
    droppers: 'Дропы',
    collectors: 'Сборщики',
    exchangers: 'Обменники',
    end_recipients: 'Конечные получатели',
  },
};

/** Sankey buyers → droppers → collectors → exchangers → end recipients; a click lists the transfers. */
export default function Flows({ params }: { params: URLSearchParams }) {
  const { t, lang, num } = useI18n();
  const from = params.get('from') ?? '';
  const res = useApi(() => api.flows(from ? { from } : {}), [from]);
  const attribution = useApi(
    () => (from ? api.trace({ from, paths: 'false' }) : Promise.resolve(null)),
    [from],
  );
  const [link, setLink] = useState<{ source: string; target: string } | null>(null);
  const names = STAGE_NAMES[lang];
  const option = useMemo(() => {
    const f = res.data;
    if (!f) return {};
    const used = new Set(f.links.flatMap((l) => [l.source, l.target]));
    return {
      // The hover figure as the tables write USD (ECharts' own format is English).
      tooltip: { trigger: 'item', valueFormatter: (v: unknown) => `${usd(Number(v), lang)} USD` },
      series: [
        {
          type: 'sankey',
          left: 20,
          right: 170,
          nodeGap: 14,
          emphasis: { focus: 'adjacency' },
          data: f.stages.filter((s) => used.has(s.id)).map((s) => ({ name: names[s.id] ?? s.id })),
          links: f.links.map((l) => ({
            source: names[l.source] ?? l.source,
            target: names[l.target] ?? l.target,
            value: Math.max(0.01, Number(l.usd)),
            stage: [l.source, l.target],
            count: l.count,
          })),
          label: { fontSize: 13 },
          lineStyle: { color: 'gradient', curveness: 0.5, opacity: 0.45 },
        },
      ],
    };
  }, [res.data, names, lang]);
  return (
    <div>
      <h1>{t('flows')}</h1>
      <p className="muted">
        {from ? (
          <>
            {t('basisTrace')} <IdLink id={from} />
          </>
        ) : (
          t('basisCase')
        )}
        . {t('sankeyHint')}
      </p>
      <Status loading={res.loading} error={res.error} />
      {res.data &&
        joinedStages(res.data.links).map((j) => (
          <p key={j.stage} className="note" data-testid="flows-joined">
            {JOINED[lang](names[j.stage] ?? j.stage, `${usd(j.out)} USD`, `${usd(j.in)} USD`)}
          </p>
        ))}
      <EChart
        option={option}
        label={t('flows')}
        testId="sankey"
        onReady={(chart) =>
          chart.on('click', (e) => {
            const d = e.data as { stage?: [string, string] } | undefined;
            if (e.dataType === 'edge' && d?.stage) setLink({ source: d.stage[0], target: d.stage[1] });
          })
        }
      />
      {res.data && (
        <table className="grid">
          <thead>
            <tr>
              <th>{t('from')}</th>
              <th>{t('to')}</th>
              <th className="num">{t('count')}</th>
              <th className="num">USD</th>
            </tr>
          </thead>
          <tbody>
            {res.data.links.map((l) => (
              <tr key={`${l.source}>${l.target}`}>
                <td>{names[l.source]}</td>
                <td>{names[l.target]}</td>
                <td className="num">
                  <button type="button" className="linklike" onClick={() => setLink(l)}>
                    {num(l.count)}
                  </button>
                </td>
                <td className="num mono">{usd(l.usd)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {from && (
        <Section title={t('attribution')}>
          <Status loading={attribution.loading} error={attribution.error} />
          {attribution.data?.attributionError && (
            <p className="warning">{attribution.data.attributionError}</p>
          )}
          {attribution.data?.attribution && (
            <table className="grid" data-testid="attribution">
              <thead>
                <tr>
                  <th>{t('to')}</th>
                  <th>{t('holder')}</th>
                  <th>{t('jurisdiction')}</th>
                  <th className="num">{t('hops')}</th>
                  <th className="num">USD</th>
                </tr>
              </thead>
              <tbody>
                {attribution.data.attribution.endpoints.map((e) => (
                  <tr key={e.account}>
                    <td>
                      <IdLink id={e.account} />
                    </td>
                    <td>{e.holder ? <IdLink id={e.holder} /> : '—'}</td>
                    <td>
                      <Shown text={e.jurisdiction} fallback="—" />
                    </td>
                    <td className="num">{num(e.hops)}</td>
                    <td className="num mono">{usd(e.usd)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </Section>
      )}
      {link && (
        <Section title={`${names[link.source]} → ${names[link.target]}`}>
          <TransfersTable
            filter={{
              ...(link.source === 'buyers' ? {} : { fromRole: STAGE_ROLE[link.source] }),
              toRole: STAGE_ROLE[link.target],
            }}
          />
        </Section>
      )}
    </div>
  );
}
