import type { FeatureCollection } from 'geojson';
import type { ExpressionSpecification, LngLatBoundsLike, StyleSpecification } from 'maplibre-gl';
import baseMap from './base-map.json' with { type: 'json' };
import type { MapItem } from './map-items.ts';

export const COLORS = { seizure: '#d62728', lab: '#7b2fa8', drop: '#1f5fbf', region: '#2e9d4a' } as const;
/** Sources that cluster, drawn in this order (seizures and labs on top: one in a region city stays clickable). */
export const CLUSTERED = ['drop', 'seizure', 'lab'] as const;
/** Above this zoom every point is drawn on its own. */
export const CLUSTER_MAX_ZOOM = 9;
/** Layers a click or the rendered count looks at, top first. */
export const POINT_LAYERS = [
  'lab-clusters',
  'lab-points',
  'seizure-clusters',
  'seizure-points',
  'drop-clusters',
  'drop-points',
];
export const CLICK_LAYERS = [...POINT_LAYERS, 'region-points'];

/** The frame the outlines are drawn for (longitude 44–90° E, latitude 35–56° N). */
const FRAME = { west: 44, south: 35, east: 90, north: 56 };

export interface BaseFeature {
  /** `label`: where the name goes when the outline's mean point is misleading (Russia, clipped to the frame). */
  properties: { iso: string; name_en: string; name_ru: string; kind: string; label?: [number, number] };
  geometry: { coordinates: number[][][] };
}

export const BASE_FEATURES = (baseMap as { features: BaseFeature[] }).features;

const EMPTY: FeatureCollection = { type: 'FeatureCollection', features: [] };

/**
 * The whole map style, built in code: a background and GeoJSON sources that ship with the app. No tiles,
 * glyphs or sprites, so MapLibre never asks the network for anything; labels are HTML overlays instead
 * of symbol layers (symbol text would need a glyph server).
 */
export function offlineStyle(): StyleSpecification {
  const isKz: ExpressionSpecification = ['==', ['get', 'iso'], 'KZ'];
  const style: StyleSpecification = {
    version: 8,
    sources: {
      outlines: { type: 'geojson', data: baseMap as FeatureCollection },
      region: { type: 'geojson', data: EMPTY },
    },
    layers: [
      { id: 'background', type: 'background', paint: { 'background-color': '#eaf2f8' } },
      {
        id: 'land',
        type: 'fill',
        source: 'outlines',
        filter: ['==', ['get', 'kind'], 'country'],
        paint: { 'fill-color': ['case', isKz, '#fbf7ec', '#f0f0ea'] },
      },
      {
        id: 'water',
        type: 'fill',
        source: 'outlines',
        filter: ['==', ['get', 'kind'], 'water'],
        paint: { 'fill-color': '#cfe3f3' },
      },
      {
        id: 'borders',
        type: 'line',
        source: 'outlines',
        paint: { 'line-color': '#9a9a90', 'line-width': ['case', isKz, 1.6, 0.8] },
      },
      {
        id: 'region-points',
        type: 'circle',
        source: 'region',
        paint: {
          'circle-color': COLORS.region,
          'circle-opacity': 0.75,
          'circle-radius': 10,
          'circle-stroke-color': '#fff',
          'circle-stroke-width': 1,
        },
      },
    ],
  };
  for (const type of CLUSTERED) {
    style.sources[type] = {
      type: 'geojson',
      data: EMPTY,
      cluster: true,
      clusterRadius: 36,
      clusterMaxZoom: CLUSTER_MAX_ZOOM,
    };
    style.layers.push(
      {
        id: `${type}-clusters`,
        type: 'circle',
        source: type,
        filter: ['has', 'point_count'],
        paint: {
          'circle-color': COLORS[type],
          'circle-opacity': 0.8,
          'circle-radius': ['step', ['get', 'point_count'], 11, 10, 14, 100, 18, 1000, 23],
          'circle-stroke-color': '#fff',
          'circle-stroke-width': 1.5,
        },
      },
      {
        id: `${type}-points`,
        type: 'circle',
        source: type,
        filter: ['!', ['has', 'point_count']],
        paint: {
          'circle-color': COLORS[type],
          'circle-radius': 6,
          'circle-stroke-color': '#fff',
          'circle-stroke-width': 1.5,
        },
      },
    );
  }
  return style;
}

/** The outline frame, widened to take in any place that lies outside it. */
export function initialBounds(items: readonly MapItem[]): LngLatBoundsLike {
  let { west, south, east, north } = FRAME;
  for (const it of items) {
    if (!Number.isFinite(it.lat) || !Number.isFinite(it.lon)) continue;
    west = Math.min(west, it.lon);
    east = Math.max(east, it.lon);
    south = Math.min(south, it.lat);
    north = Math.max(north, it.lat);
  }
  return [
    [west, south],
    [east, north],
  ];
}

/** Where a country's name goes: its `label` point, else the mean of its outline's vertices. */
export function labelPoint(f: BaseFeature): [number, number] {
  if (f.properties.label) return f.properties.label;
  const ring = f.geometry.coordinates[0] ?? [];
  const lon = ring.reduce((s, p) => s + (p[0] ?? 0), 0) / Math.max(1, ring.length);
  const lat = ring.reduce((s, p) => s + (p[1] ?? 0), 0) / Math.max(1, ring.length);
  return [lon, lat];
}
