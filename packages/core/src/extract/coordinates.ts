/** Coordinates written in text or encoded in map links → `geo:<lat>,<lon>` (6 decimals, WGS 84). */

export interface LatLon {
  lat: number;
  lon: number;
}

export function isLatLon(lat: number, lon: number): boolean {
  return Number.isFinite(lat) && Number.isFinite(lon) && Math.abs(lat) <= 90 && Math.abs(lon) <= 180;
}

function fixed6(n: number): string {
  const s = n.toFixed(6);
  return s === '-0.000000' ? '0.000000' : s;
}

/** `geo:43.297300,68.251700`; coordinates are not money, so plain numbers are fine here. */
export function geoId(lat: number, lon: number): string {
  return `geo:${fixed6(lat)},${fixed6(lon)}`;
}

const NUM = '(-?\\d{1,3}(?:\\.\\d+)?)';
const SEP = '(?:,|%2C|%2c)\\s*';
const GOOGLE_HOST = /(?:^|\.)(?:google\.[a-z.]{2,6}|goo\.gl)$/i;
const YANDEX_HOST = /(?:^|\.)yandex\.[a-z.]{2,6}$/i;
const TWOGIS_HOST = /(?:^|\.)2gis\.[a-z.]{2,6}$/i;
const OSM_HOST = /(?:^|\.)openstreetmap\.(?:org|ru|de|fr)$/i;
const APPLE_HOST = /^maps\.apple\.com$/i;

const GOOGLE_PIN = new RegExp(`!3d${NUM}!4d${NUM}`);
const GOOGLE_AT = new RegExp(`/@${NUM},${NUM}`);
const GOOGLE_Q = new RegExp(`[?&](?:q|query|ll|center|daddr|destination|sll)=(?:loc:)?${NUM}${SEP}${NUM}`);
const YANDEX_PT = new RegExp(`[?&](?:pt|whatshere%5Bpoint%5D|whatshere\\[point\\])=${NUM}${SEP}${NUM}`);
const YANDEX_LL = new RegExp(`[?&]ll=${NUM}${SEP}${NUM}`);
const TWOGIS_GEO = new RegExp(`/geo/(?:\\d{6,}/)?${NUM}${SEP}${NUM}`);
const TWOGIS_M = new RegExp(`[?&]m=${NUM}${SEP}${NUM}`);
const OSM_MAP = new RegExp(`#map=\\d{1,2}/${NUM}/${NUM}`);
const OSM_MLAT = /[?&]mlat=(-?\d{1,3}(?:\.\d+)?)/;
const OSM_MLON = /[?&]mlon=(-?\d{1,3}(?:\.\d+)?)/;

function pick(m: RegExpExecArray | null, lonFirst: boolean): LatLon | undefined {
  if (!m) return undefined;
  const a = Number(m[1]);
  const b = Number(m[2]);
  const ll = lonFirst ? { lat: b, lon: a } : { lat: a, lon: b };
  return isLatLon(ll.lat, ll.lon) ? ll : undefined;
}

/**
 * The point a map link shows. Google: `!3d<lat>!4d<lon>` (place pin), `/@lat,lon,17z`, `?q=lat,lon`.
 * Yandex: `pt=lon,lat` (pin) or `ll=lon,lat` (centre) — longitude first. 2GIS: `/geo/lon,lat`,
 * `?m=lon,lat/zoom` — longitude first. OpenStreetMap: `#map=zoom/lat/lon`, `?mlat=&mlon=`. Apple: `ll=lat,lon`.
 */
export function coordinatesFromMapUrl(host: string, rest: string): LatLon | undefined {
  if (GOOGLE_HOST.test(host)) {
    return (
      pick(GOOGLE_PIN.exec(rest), false) ??
      pick(GOOGLE_AT.exec(rest), false) ??
      pick(GOOGLE_Q.exec(rest), false)
    );
  }
  if (YANDEX_HOST.test(host)) return pick(YANDEX_PT.exec(rest), true) ?? pick(YANDEX_LL.exec(rest), true);
  if (TWOGIS_HOST.test(host)) return pick(TWOGIS_GEO.exec(rest), true) ?? pick(TWOGIS_M.exec(rest), true);
  if (OSM_HOST.test(host)) {
    const lat = OSM_MLAT.exec(rest);
    const lon = OSM_MLON.exec(rest);
    if (lat && lon && isLatLon(Number(lat[1]), Number(lon[1])))
      return { lat: Number(lat[1]), lon: Number(lon[1]) };
    return pick(OSM_MAP.exec(rest), false);
  }
  if (APPLE_HOST.test(host)) return pick(GOOGLE_Q.exec(rest), false);
  return undefined;
}

/** Degrees (minutes, seconds optional; `,` or `.` decimals) and hemisphere letter (Latin or Cyrillic С/Ю/В/З) → signed decimal degrees. */
export function dmsToDecimal(
  deg: string,
  min: string | undefined,
  sec: string | undefined,
  hemisphere: string,
): number | undefined {
  const num = (x: string | undefined) => (x === undefined ? 0 : Number(x.replace(',', '.')));
  const d = num(deg);
  const m = num(min);
  const s = num(sec);
  if (m >= 60 || s >= 60 || (min === undefined && sec !== undefined)) return undefined;
  const value = d + m / 60 + s / 3600;
  return /[SWЮЗ]/i.test(hemisphere) ? -value : value;
}
