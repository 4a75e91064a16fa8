import type { Feature, FeatureCollection, Point } from 'geojson';
import type { GeoResponse } from '@dragnet/server/api-types.ts';
import type { Lang } from '../../i18n.tsx';
import { decimalText, numberLang } from '../../numbers.ts';
import { findPlace } from './gazetteer.ts';

export type MapItem =
  | {
      /** A lab is a seizure whose record says it was a lab (the seizures table has no kind column). */
      type: 'seizure' | 'lab';
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

export type MapItemType = MapItem['type'];

const LAB = /лаборатор|laborator|\blab\b|-LAB-/i;

/** Whether a seizure was a lab: its description, place or id says so (detection only, never rendered). */
export function isLab(s: {
  seizureId: string;
  place: string | null;
  description?: string | null | undefined;
}): boolean {
  return LAB.test(s.description ?? '') || LAB.test(s.place ?? '') || LAB.test(s.seizureId);
}

/** A seizure's mass as the UI language writes it: `50 000 г`, `50,000 g` (the stored grams, every digit kept). */
export function massText(grams: string, lang: Lang): string {
  return `${decimalText(grams, lang)}\u00a0${lang === 'ru' ? 'г' : 'g'}`;
}

/**
 * Everything /api/geo returns that can be placed: seizures and labs (own coordinates, else their named place via
 * the gazetteer), drop coordinates from messages, network regions by name. Seizures dated outside the
 * time filter are left out; drops and regions carry no date.
 */
export function buildItems(
  geo: GeoResponse,
  since?: string | null,
  until?: string | null,
  lang: Lang = numberLang(),
): MapItem[] {
  const out: MapItem[] = [];
  for (const s of geo.seizures) {
    if (since && s.date && s.date < since.slice(0, 10)) continue;
    if (until && s.date && s.date > until.slice(0, 10)) continue;
    const at = s.lat !== null && s.lon !== null ? { lat: s.lat, lon: s.lon } : findPlace(s.place);
    if (at)
      out.push({
        type: isLab(s) ? 'lab' : 'seizure',
        ...at,
        id: s.seizureId,
        label: [s.date, s.place, s.substance, s.massG && massText(s.massG, lang)].filter(Boolean).join(' · '),
        personId: s.personId,
        evidenceId: s.evidenceId,
        locator: s.locator,
      });
  }
  for (const p of geo.points)
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
  for (const r of geo.regions) {
    const at = findPlace(r.name);
    if (at) out.push({ type: 'region', ...at, id: r.name, label: r.name, networks: r.networks });
  }
  return out;
}

/**
 * One item type as GeoJSON for a MapLibre source. Only the index into `items` travels as a property:
 * the details are looked up on click, so evidence text never passes through the style engine.
 */
export function toCollection(
  items: readonly MapItem[],
  type: MapItemType,
): FeatureCollection<Point, { i: number }> {
  const features: Array<Feature<Point, { i: number }>> = [];
  items.forEach((it, i) => {
    if (it.type !== type || !Number.isFinite(it.lat) || !Number.isFinite(it.lon)) return;
    features.push({
      type: 'Feature',
      id: i,
      geometry: { type: 'Point', coordinates: [it.lon, it.lat] },
      properties: { i },
    });
  });
  return { type: 'FeatureCollection', features };
}
