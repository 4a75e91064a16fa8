import { foldToken } from './name-key.ts';

/**
 * Regions named in free-text addresses and seizure places. A small gazetteer of Kazakhstan and Central
 * Asian regions and cities, matched on transliteration-folded tokens so Cyrillic and Latin spellings meet.
 */
const GAZETTEER: Array<[string, string[]]> = [
  ['Shymkent', ['shymkent', 'шымкент', 'chimkent', 'чимкент']],
  ['Almaty', ['almaty', 'алматы', 'alma-ata', 'алма-ата']],
  ['Astana', ['astana', 'астана', 'nur-sultan', 'нур-султан']],
  ['Ulytau', ['ulytau', 'улытау', 'zhezkazgan', 'жезказган']],
  ['Mangistau', ['mangistau', 'mangystau', 'мангистау', 'мангыстау', 'aktau', 'актау']],
  ['Karaganda', ['karaganda', 'караганда', 'qaraghandy']],
  ['Turkestan', ['turkestan', 'туркестан', 'turkistan']],
  ['Aktobe', ['aktobe', 'актобе']],
  ['Atyrau', ['atyrau', 'атырау']],
  ['Pavlodar', ['pavlodar', 'павлодар']],
  ['Kostanay', ['kostanay', 'костанай']],
  ['Taraz', ['taraz', 'тараз']],
  ['Kyzylorda', ['kyzylorda', 'кызылорда']],
  ['Ust-Kamenogorsk', ['oskemen', 'өскемен', 'ust-kamenogorsk', 'усть-каменогорск']],
  ['Semey', ['semey', 'семей']],
  ['Tashkent', ['tashkent', 'ташкент', 'toshkent']],
  ['Bishkek', ['bishkek', 'бишкек']],
  ['Moscow', ['moscow', 'москва']],
  ['Dubai', ['dubai', 'дубай']],
];

const INDEX = new Map<string, string>();
for (const [region, names] of GAZETTEER) for (const n of names) INDEX.set(foldKey(n), region);

function foldKey(s: string): string {
  return s
    .split(/[-\s]+/)
    .map(foldToken)
    .join('-');
}

export function regionsOf(text: string | null | undefined): string[] {
  if (!text) return [];
  const out = new Set<string>();
  const tokens = text.split(/[\s,.;:()/«»"]+/u).filter((t) => t.length > 2);
  for (let i = 0; i < tokens.length; i++) {
    const one = INDEX.get(foldKey(tokens[i]!));
    if (one) out.add(one);
    if (i + 1 < tokens.length) {
      const two = INDEX.get(foldKey(`${tokens[i]}-${tokens[i + 1]}`));
      if (two) out.add(two);
    }
    if (tokens[i]!.includes('-')) {
      const hy = INDEX.get(foldKey(tokens[i]!));
      if (hy) out.add(hy);
    }
  }
  return [...out];
}

const REGION_COUNTRY: Record<string, string> = { Tashkent: 'UZ', Bishkek: 'KG', Moscow: 'RU', Dubai: 'AE' };
const COUNTRY_NAMES: Array<[string, string[]]> = [
  ['KZ', ['kazakhstan', 'казахстан', 'қазақстан', 'qazaqstan']],
  ['RU', ['russia', 'россия', 'russian federation', 'рф']],
  ['UZ', ['uzbekistan', 'узбекистан', 'ozbekiston']],
  ['KG', ['kyrgyzstan', 'кыргызстан', 'киргизия']],
  ['AE', ['uae', 'united arab emirates', 'оаэ', 'эмираты']],
  ['TR', ['turkey', 'türkiye', 'turkiye', 'турция']],
  ['CN', ['china', 'китай']],
  ['GE', ['georgia', 'грузия']],
  ['AF', ['afghanistan', 'афганистан']],
];
const COUNTRY_INDEX = new Map<string, string>();
for (const [code, names] of COUNTRY_NAMES) for (const n of names) COUNTRY_INDEX.set(n, code);

/**
 * The country a free-text KYC address names: an ISO 3166 alpha-2 code standing alone or as the last
 * comma-separated part, a country name, else the country of a city in the gazetteer (Kazakhstan for
 * Kazakh regions). Null when the address names none.
 */
export function countryOfAddress(address: string | null | undefined): string | null {
  if (!address) return null;
  const parts = address
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p.length > 0);
  for (const p of [parts[parts.length - 1], parts[0]]) if (p && /^[A-Z]{2}$/.test(p)) return p;
  for (const p of parts) {
    const c = COUNTRY_INDEX.get(p.toLowerCase());
    if (c) return c;
  }
  for (const r of regionsOf(address)) return REGION_COUNTRY[r] ?? 'KZ';
  return null;
}
