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
