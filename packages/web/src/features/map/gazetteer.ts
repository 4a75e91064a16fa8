/** Places the case data names (regions, seizure places) with approximate centres, for the offline map. */
export const PLACES: Array<{ names: string[]; lat: number; lon: number }> = [
  { names: ['Shymkent', 'Шымкент', 'Чимкент'], lat: 42.32, lon: 69.59 },
  { names: ['Almaty', 'Алматы', 'Алма-Ата'], lat: 43.24, lon: 76.89 },
  { names: ['Astana', 'Астана', 'Nur-Sultan', 'Нур-Султан'], lat: 51.17, lon: 71.45 },
  { names: ['Ulytau', 'Улытау'], lat: 48.65, lon: 67.0 },
  { names: ['Mangystau', 'Mangistau', 'Мангистау', 'Мангыстау', 'Aktau', 'Актау'], lat: 43.65, lon: 51.2 },
  { names: ['Karaganda', 'Караганда', 'Qaraghandy'], lat: 49.8, lon: 73.1 },
  { names: ['Zhezkazgan', 'Жезказган'], lat: 47.8, lon: 67.7 },
  { names: ['Aktobe', 'Актобе'], lat: 50.28, lon: 57.17 },
  { names: ['Atyrau', 'Атырау'], lat: 47.1, lon: 51.9 },
  { names: ['Turkestan', 'Туркестан'], lat: 43.3, lon: 68.25 },
  { names: ['Taraz', 'Тараз'], lat: 42.9, lon: 71.37 },
  { names: ['Kyzylorda', 'Кызылорда'], lat: 44.85, lon: 65.5 },
  { names: ['Pavlodar', 'Павлодар'], lat: 52.28, lon: 76.97 },
  { names: ['Oskemen', 'Ust-Kamenogorsk', 'Усть-Каменогорск', 'Өскемен'], lat: 49.95, lon: 82.6 },
  { names: ['Kostanay', 'Костанай'], lat: 53.2, lon: 63.6 },
  { names: ['Oral', 'Uralsk', 'Уральск'], lat: 51.23, lon: 51.37 },
  { names: ['Semey', 'Семей'], lat: 50.41, lon: 80.25 },
  { names: ['Tashkent', 'Ташкент'], lat: 41.3, lon: 69.24 },
  { names: ['Bishkek', 'Бишкек'], lat: 42.87, lon: 74.6 },
];

export function findPlace(name: string | null | undefined): { lat: number; lon: number } | undefined {
  if (!name) return undefined;
  const n = name.toLowerCase();
  return PLACES.find((p) => p.names.some((x) => n.includes(x.toLowerCase())));
}
