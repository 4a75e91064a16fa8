import { useMemo, useState } from 'react';
import { api } from '../../api/client.ts';
import { useApi } from '../../api/use-api.ts';
import { IdLink, RecordLink, Section, Status } from '../../components/common.tsx';
import { useI18n } from '../../i18n.tsx';
import { href } from '../../router.ts';
import { useTimeFilter } from '../../time-filter.tsx';
import baseMap from './base-map.json' with { type: 'json' };
import { findPlace } from './gazetteer.ts';

const W = 1000;
const H = 560;
const LON0 = 44;
const LON1 = 90;
const LAT0 = 35;
const LAT1 = 56;
// Equirectangular with longitude shrunk by cos(46°): readable at this latitude band, no projection library.
const KX = Math.cos((46 * Math.PI) / 180);
const scale = Math.min(W / ((LON1 - LON0) * KX), H / (LAT1 - LAT0));
const px = (lon: number) => (lon - LON0) * KX * scale;
const py = (lat: number) => (LAT1 - lat) * scale;
const CELL = 22;

type Item =
  | {
      type: 'seizure';
      lat: number;
      lon: number;
      id: string;
      label: string;
      personId: string | null;
      evidenceId: string;
      locator: string;
    }
  | {
      type: 'drop';
      lat: number;
      lon: number;
      id: string;
      chatId: string;
      messageId: string;
      evidenceId: string;
      locator: string;
    }
  | { type: 'region'; lat: number; lon: number; id: string; label: string; networks: string[] };

const COLORS = { seizure: '#d62728', drop: '#1f5fbf', region: '#2e9d4a' } as const;

interface Feature {
  properties: { iso: string; name_en: string; name_ru: string; kind: string };
  geometry: { coordinates: number[][][] };
}

/** Offline map: drop coordinates, seizures and regions over schematic outlines, clustered on a grid. */
export default function MapView() {
  const { t, lang } = useI18n();
  const time = useTimeFilter();
  const res = useApi(() => api.geo(), []);
  const [picked, setPicked] = useState<Item[] | null>(null);
  const [layers, setLayers] = useState({ seizure: true, drop: true, region: true });

  const items = useMemo<Item[]>(() => {
    const g = res.data;
    if (!g) return [];
    const out: Item[] = [];
    for (const s of g.seizures) {
      if (time.since && s.date && s.date < time.since.slice(0, 10)) continue;
      if (time.until && s.date && s.date > time.until.slice(0, 10)) continue;
      const at = s.lat !== null && s.lon !== null ? { lat: s.lat, lon: s.lon } : findPlace(s.place);
      if (at)
        out.push({
          type: 'seizure',
          ...at,
          id: s.seizureId,
          label: [s.date, s.place, s.substance, s.massG && `${s.massG} g`].filter(Boolean).join(' · '),
          personId: s.personId,
          evidenceId: s.evidenceId,
          locator: s.locator,
        });
    }
    for (const p of g.points)
      out.push({
        type: 'drop',
        lat: p.lat,
        lon: p.lon,
        id: `${p.chatId}/${p.messageId}`,
        chatId: p.chatId,
        messageId: p.messageId,
        evidenceId: p.evidenceId,
        locator: p.locator,
      });
    for (const r of g.regions) {
      const at = findPlace(r.name);
      if (at) out.push({ type: 'region', ...at, id: r.name, label: r.name, networks: r.networks });
    }
    return out;
  }, [res.data, time.since, time.until]);

  const clusters = useMemo(() => {
    const cells = new Map<string, Item[]>();
    for (const it of items) {
      if (!layers[it.type]) continue;
      const key = `${it.type}:${Math.floor(px(it.lon) / CELL)}:${Math.floor(py(it.lat) / CELL)}`;
      cells.set(key, [...(cells.get(key) ?? []), it]);
    }
    // Regions underneath, then drops, seizures on top: a seizure in a region city stays clickable.
    const order = { region: 0, drop: 1, seizure: 2 } as const;
    return [...cells.values()]
      .sort((a, b) => order[a[0]!.type] - order[b[0]!.type])
      .map((list) => ({
        list,
        x: list.reduce((s, i) => s + px(i.lon), 0) / list.length,
        y: list.reduce((s, i) => s + py(i.lat), 0) / list.length,
      }));
  }, [items, layers]);

  const features = (baseMap as { features: Feature[] }).features;
  return (
    <div>
      <h1>{t('map')}</h1>
      <Status loading={res.loading} error={res.error} />
      <div className="toolbar">
        {(['seizure', 'drop', 'region'] as const).map((k) => (
          <label key={k}>
            <input
              type="checkbox"
              checked={layers[k]}
              onChange={(e) => setLayers({ ...layers, [k]: e.target.checked })}
            />{' '}
            <span style={{ color: COLORS[k] }}>●</span>{' '}
            {t(k === 'seizure' ? 'seizures' : k === 'drop' ? 'drops' : 'regions')}
          </label>
        ))}
      </div>
      <svg
        className="map-svg"
        viewBox={`0 0 ${px(LON1)} ${py(LAT0)}`}
        role="img"
        aria-label={t('map')}
        data-testid="map"
      >
        {features.map((f) => (
          <g key={f.properties.name_en}>
            <polygon
              points={f.geometry.coordinates[0]!.map(
                ([lon = 0, lat = 0]) => `${px(lon).toFixed(1)},${py(lat).toFixed(1)}`,
              ).join(' ')}
              fill={
                f.properties.kind === 'water' ? '#cfe3f3' : f.properties.iso === 'KZ' ? '#fbf7ec' : '#f0f0ea'
              }
              stroke="#9a9a90"
              strokeWidth={f.properties.iso === 'KZ' ? 1.6 : 0.8}
            />
          </g>
        ))}
        {features
          .filter((f) => f.properties.kind === 'country')
          .map((f) => {
            const ring = f.geometry.coordinates[0]!;
            const lon = ring.reduce((s, p) => s + (p[0] ?? 0), 0) / ring.length;
            const lat = ring.reduce((s, p) => s + (p[1] ?? 0), 0) / ring.length;
            return (
              <text
                key={f.properties.iso}
                x={px(lon)}
                y={py(lat)}
                fontSize={13}
                fill="#8a8a80"
                textAnchor="middle"
              >
                {lang === 'ru' ? f.properties.name_ru : f.properties.name_en}
              </text>
            );
          })}
        {clusters.map((c) => {
          const first = c.list[0]!;
          const r = 5 + Math.sqrt(c.list.length) * 3;
          return (
            // SVG has no <button>; the group takes focus and answers Enter/Space like one.
            // biome-ignore lint/a11y/useSemanticElements: no button element inside SVG
            <g
              key={`${first.type}:${first.id}`}
              tabIndex={0}
              role="button"
              aria-label={`${first.type} ${c.list.length}`}
              onClick={() => setPicked(c.list)}
              onKeyDown={(e) => (e.key === 'Enter' || e.key === ' ') && setPicked(c.list)}
              style={{ cursor: 'pointer' }}
            >
              <circle cx={c.x} cy={c.y} r={r} fill={COLORS[first.type]} fillOpacity={0.75} stroke="#fff" />
              {c.list.length > 1 && (
                <text x={c.x} y={c.y + 4} fontSize={11} fill="#fff" textAnchor="middle">
                  {c.list.length}
                </text>
              )}
              {first.type === 'region' && (
                <text x={c.x + r + 3} y={c.y + 4} fontSize={12} fill="#245">
                  {first.label}
                </text>
              )}
            </g>
          );
        })}
      </svg>
      <p className="muted small">{t('mapNote')}</p>
      {picked && (
        <Section title={`${picked.length}`}>
          <ul className="plain">
            {picked.map((it) => (
              <li key={`${it.type}:${it.id}`}>
                {it.type === 'seizure' && (
                  <>
                    {t('seizures')}: {it.label} {it.personId && <IdLink id={it.personId} />}{' '}
                    <RecordLink evidenceId={it.evidenceId} locator={it.locator} />
                  </>
                )}
                {it.type === 'drop' && (
                  <>
                    {t('drops')}: {it.lat}, {it.lon}{' '}
                    <a href={href('messages', { chat: it.chatId })}>{it.chatId}</a>{' '}
                    <RecordLink evidenceId={it.evidenceId} locator={it.locator} />
                  </>
                )}
                {it.type === 'region' && (
                  <>
                    {t('regions')}: {it.label} —{' '}
                    {it.networks.map((n) => (
                      <a key={n} href={href('entities', { network: n })}>
                        {n}{' '}
                      </a>
                    ))}
                  </>
                )}
              </li>
            ))}
          </ul>
        </Section>
      )}
    </div>
  );
}
