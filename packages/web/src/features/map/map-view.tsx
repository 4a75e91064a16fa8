import 'maplibre-gl/dist/maplibre-gl.css';
import type { Feature, Point } from 'geojson';
import {
  type GeoJSONSource,
  type MapGeoJSONFeature,
  Map as MapLibreMap,
  type MapMouseEvent,
  Marker,
  NavigationControl,
  prewarm,
  setWorkerUrl,
} from 'maplibre-gl';
// Bundled by vite as an ES module worker (.js, same origin): the CSP allows it and nothing is fetched
// from elsewhere. MapLibre's default would look for maplibre-gl-worker.mjs next to the bundle.
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?worker&url';
import { useEffect, useMemo, useRef, useState } from 'react';
import { api } from '../../api/client.ts';
import { useApi } from '../../api/use-api.ts';
import { IdLink, Pager, RecordLink, Section, Status } from '../../components/common.tsx';
import { useI18n } from '../../i18n.tsx';
import { href } from '../../router.ts';
import { useTimeFilter } from '../../time-filter.tsx';
import { countText } from '../../numbers.ts';
import { buildItems, type MapItem, type MapItemType, toCollection } from './map-items.ts';
import {
  BASE_FEATURES,
  CLICK_LAYERS,
  CLUSTER_MAX_ZOOM,
  CLUSTERED,
  COLORS,
  initialBounds,
  labelPoint,
  offlineStyle,
  POINT_LAYERS,
} from './offline-style.ts';
import { appendVisibleText, VisibleText } from '../../components/highlighted-text.tsx';

setWorkerUrl(workerUrl);
// Start the worker (a 500 KB script to compile) while React renders the view and /api/geo loads.
prewarm();

const TYPES: readonly MapItemType[] = ['seizure', 'lab', 'drop', 'region'];
const TYPE_NAME = { seizure: 'seizures', lab: 'labs', drop: 'drops', region: 'regions' } as const;
/** Rows per page of the table under the map (the demo case has thousands of drop coordinates). */
const PAGE = 100;
/** Places listed for one click; a big cluster says how many more there are (zoom in to split it). */
const PICK_SHOWN = 50;

/**
 * A text-only overlay element: names and counts go in as text nodes, never as HTML, with hidden characters boxed as
 * everywhere else (`appendVisibleText`).
 */
function overlay(className: string, text: string): HTMLElement {
  const el = document.createElement('div');
  el.className = className;
  appendVisibleText(el, text);
  el.setAttribute('aria-hidden', 'true');
  return el;
}

/**
 * Points drawn now: clusters count their members. Features are deduplicated because a point near a tile
 * edge can be returned by two tiles.
 */
function renderedCount(map: MapLibreMap): number {
  const seen = new Set<string>();
  let n = 0;
  for (const f of map.queryRenderedFeatures({ layers: POINT_LAYERS })) {
    const count = f.properties['point_count'];
    const key = `${f.source}:${typeof count === 'number' ? `c${f.properties['cluster_id']}` : `p${f.id}`}`;
    if (seen.has(key)) continue;
    seen.add(key);
    n += typeof count === 'number' ? count : 1;
  }
  return n;
}

/** Offline MapLibre map: drop coordinates, seizures and labs (clustered), network regions over shipped outlines. */
export default function MapView() {
  const { t, lang } = useI18n();
  const time = useTimeFilter();
  const res = useApi(() => api.geo(), []);
  // `from` says whether the map or the list chose them (the browser test tells the two apart).
  const [picked, setPickedState] = useState<{ items: MapItem[]; from: 'map' | 'list' } | null>(null);
  const [layers, setLayers] = useState({ seizure: true, lab: true, drop: true, region: true });
  const [offset, setOffset] = useState(0);
  const [map, setMap] = useState<MapLibreMap | null>(null);
  const [noWebgl, setNoWebgl] = useState(false);
  const box = useRef<HTMLDivElement>(null);
  const fitted = useRef(false);

  const items = useMemo<MapItem[]>(
    () => (res.data ? buildItems(res.data, time.since, time.until, lang) : []),
    [res.data, time.since, time.until, lang],
  );
  const itemsRef = useRef(items);
  itemsRef.current = items;
  const shown = useMemo(() => items.filter((it) => layers[it.type]), [items, layers]);
  // A narrower time filter can leave the page past the end: start over.
  const first = offset < shown.length ? offset : 0;

  // One map per language: MapLibre takes its control labels at construction.
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    let m: MapLibreMap;
    try {
      m = new MapLibreMap({
        container: el,
        style: offlineStyle(),
        bounds: initialBounds(itemsRef.current),
        fitBoundsOptions: { padding: 16 },
        renderWorldCopies: false,
        attributionControl: false,
        dragRotate: false,
        pitchWithRotate: false,
        touchPitch: false,
        maxZoom: 14,
        locale: {
          'Map.Title': t('mapLabel'),
          'NavigationControl.ZoomIn': t('mapZoomIn'),
          'NavigationControl.ZoomOut': t('mapZoomOut'),
        },
      });
    } catch {
      setNoWebgl(true);
      return;
    }
    m.touchZoomRotate.disableRotation();
    m.keyboard.disableRotation();
    m.addControl(new NavigationControl({ showCompass: false }), 'top-right');
    for (const f of BASE_FEATURES)
      if (f.properties.kind === 'country')
        new Marker({
          element: overlay('map-label', lang === 'ru' ? f.properties.name_ru : f.properties.name_en),
        })
          .setLngLat(labelPoint(f))
          .addTo(m);

    // Cluster counts as HTML overlays: a symbol layer would need a glyph server.
    const counts = new Map<string, Marker>();
    const updateCounts = () => {
      const live = new Set<string>();
      for (const type of CLUSTERED) {
        if (m.getLayoutProperty(`${type}-clusters`, 'visibility') === 'none') continue;
        for (const f of m.querySourceFeatures(type, { filter: ['has', 'point_count'] })) {
          const key = `${type}:${f.properties['cluster_id']}`;
          if (live.has(key)) continue;
          live.add(key);
          if (counts.has(key)) continue;
          const [lon = 0, lat = 0] = (f.geometry as Point).coordinates;
          counts.set(
            key,
            new Marker({ element: overlay('map-count', String(f.properties['point_count'])) })
              .setLngLat([lon, lat])
              .addTo(m),
          );
        }
      }
      for (const [key, marker] of counts)
        if (!live.has(key)) {
          marker.remove();
          counts.delete(key);
        }
    };
    m.on('render', () => {
      if (m.loaded()) updateCounts();
    });
    // State for the browser test: points drawn now, and whether the map has settled.
    m.on('movestart', () => {
      el.dataset['state'] = 'moving';
    });
    m.on('idle', () => {
      updateCounts();
      el.dataset['rendered'] = String(renderedCount(m));
      el.dataset['zoom'] = m.getZoom().toFixed(2);
      el.dataset['state'] = 'ready';
    });

    const pick = (features: Array<Feature | MapGeoJSONFeature>): MapItem[] => {
      const out: MapItem[] = [];
      for (const f of features) {
        const it = itemsRef.current[Number(f.properties?.['i'])];
        if (it && !out.includes(it)) out.push(it);
      }
      return out;
    };
    m.on('click', async (e: MapMouseEvent) => {
      const hits = m.queryRenderedFeatures(e.point, { layers: CLICK_LAYERS });
      const top = hits[0];
      if (!top) return;
      if (typeof top.properties['point_count'] === 'number') {
        const src = m.getSource<GeoJSONSource>(top.source);
        const id = top.properties['cluster_id'] as number;
        const [lon = 0, lat = 0] = (top.geometry as Point).coordinates;
        const [zoom, leaves] = await Promise.all([
          src?.getClusterExpansionZoom(id),
          src?.getClusterLeaves(id, top.properties['point_count'], 0),
        ]);
        m.easeTo({ center: [lon, lat], zoom: Math.max(zoom ?? 0, m.getZoom() + 1) });
        setPickedState({ items: pick(leaves ?? []), from: 'map' });
        return;
      }
      setPickedState({
        items: pick(hits.filter((f) => typeof f.properties['point_count'] !== 'number')),
        from: 'map',
      });
    });
    for (const layer of CLICK_LAYERS) {
      m.on('mouseenter', layer, () => {
        m.getCanvas().style.cursor = 'pointer';
      });
      m.on('mouseleave', layer, () => {
        m.getCanvas().style.cursor = '';
      });
    }
    // The sources exist once the style is parsed: the places can go in while the outlines are still
    // being tiled, rather than after the first full render ('load').
    m.once('style.load', () => setMap(m));
    m.once('load', () => setMap(m));
    return () => {
      setMap(null);
      fitted.current = false;
      delete el.dataset['state'];
      m.remove();
    };
  }, [lang, t]);

  // Data and layer toggles into the loaded map.
  useEffect(() => {
    if (!map) return;
    box.current?.setAttribute('data-state', 'loading');
    for (const type of TYPES) {
      map.getSource<GeoJSONSource>(type)?.setData(toCollection(items, type));
      const visibility = layers[type] ? 'visible' : 'none';
      for (const id of type === 'region' ? ['region-points'] : [`${type}-clusters`, `${type}-points`])
        map.setLayoutProperty(id, 'visibility', visibility);
    }
    if (items.length && !fitted.current) {
      fitted.current = true;
      map.fitBounds(initialBounds(items), { padding: 16, animate: false });
    }
  }, [map, items, layers]);

  // Region names as overlays next to their dots (names come from the case: text only).
  useEffect(() => {
    if (!map || !layers.region) return;
    const markers = items
      .filter((it) => it.type === 'region')
      .map((it) =>
        new Marker({ element: overlay('map-region-label', it.label), anchor: 'left', offset: [13, 0] })
          .setLngLat([it.lon, it.lat])
          .addTo(map),
      );
    return () => {
      for (const mk of markers) mk.remove();
    };
  }, [map, items, layers.region]);

  const show = (it: MapItem) => {
    setPickedState({ items: [it], from: 'list' });
    // Not settled until the move ends ('movestart' comes a frame later).
    box.current?.setAttribute('data-state', 'moving');
    // The table is below the map: bring the map back into view.
    box.current?.scrollIntoView({ block: 'nearest' });
    map?.easeTo({ center: [it.lon, it.lat], zoom: Math.max(map.getZoom(), CLUSTER_MAX_ZOOM + 1) });
  };

  return (
    <div>
      <h1>{t('map')}</h1>
      <Status loading={res.loading} error={res.error} />
      <div className="toolbar">
        {TYPES.map((k) => (
          <label key={k}>
            <input
              type="checkbox"
              data-testid={`layer-${k}`}
              checked={layers[k]}
              onChange={(e) => {
                setLayers({ ...layers, [k]: e.target.checked });
                setOffset(0);
              }}
            />{' '}
            <span style={{ color: COLORS[k] }}>●</span> {t(TYPE_NAME[k])}
          </label>
        ))}
      </div>
      {noWebgl && <p className="error">{t('mapNoWebgl')}</p>}
      <div className="map-box" ref={box} data-testid="map" />
      <p className="muted small">{t('mapNote')}</p>
      {picked && (
        <Section title={`${t('mapPicked')} (${picked.items.length})`}>
          <ul
            className="plain"
            data-testid="map-picked"
            data-from={picked.from}
            data-count={picked.items.length}
            aria-live="polite"
          >
            {picked.items.slice(0, PICK_SHOWN).map((it) => (
              <li key={`${it.type}:${it.id}`}>
                <ItemText it={it} />
              </li>
            ))}
          </ul>
          {picked.items.length > PICK_SHOWN && (
            <p className="muted small">
              +{picked.items.length - PICK_SHOWN} {t('mapMore')}
            </p>
          )}
        </Section>
      )}
      <Section title={`${t('mapList')} (${countText(shown.length, lang)})`}>
        <table
          className="grid"
          data-testid="map-list"
          data-points={shown.filter((it) => it.type !== 'region').length}
        >
          <thead>
            <tr>
              <th>{t('mapWhat')}</th>
              <th>{t('mapWhere')}</th>
              <th>{t('mapLinks')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {shown.slice(first, first + PAGE).map((it) => (
              <tr key={`${it.type}:${it.id}`} data-type={it.type}>
                <td>
                  <span style={{ color: COLORS[it.type] }}>●</span> {t(TYPE_NAME[it.type])}
                  {it.type !== 'drop' && (
                    <>
                      : <VisibleText text={it.label} />
                    </>
                  )}
                </td>
                <td className="mono">
                  {it.lat.toFixed(4)}, {it.lon.toFixed(4)}
                </td>
                <td>
                  <ItemLinks it={it} />
                </td>
                <td>
                  <button type="button" onClick={() => show(it)} disabled={!map}>
                    {t('showOnMap')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {shown.length > PAGE && <Pager total={shown.length} offset={first} limit={PAGE} onPage={setOffset} />}
      </Section>
    </div>
  );
}

function ItemText({ it }: { it: MapItem }) {
  const { t } = useI18n();
  if (it.type === 'drop')
    return (
      <>
        {t('drops')}: {it.lat}, {it.lon} <ItemLinks it={it} />
      </>
    );
  return (
    <>
      {t(TYPE_NAME[it.type])}: <VisibleText text={it.label} />
      {it.type === 'region' ? ' — ' : ' '}
      <ItemLinks it={it} />
    </>
  );
}

function ItemLinks({ it }: { it: MapItem }) {
  if (it.type === 'drop')
    return (
      <>
        <a href={href('messages', { chat: it.chatId })}>
          <VisibleText text={it.chatId} />
        </a>{' '}
        <RecordLink evidenceId={it.evidenceId} locator={it.locator} />
      </>
    );
  if (it.type === 'region')
    return (
      <>
        {it.networks.map((n) => (
          <a key={n} href={href('entities', { network: n })}>
            <VisibleText text={n} />{' '}
          </a>
        ))}
      </>
    );
  return (
    <>
      {it.personId && <IdLink id={it.personId} />}{' '}
      <RecordLink evidenceId={it.evidenceId} locator={it.locator} />
    </>
  );
}
