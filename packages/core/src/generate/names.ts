/** Invented names by nationality; combinations are random, so no real person is described. */
import type { Rng } from './prng.ts';

const NAMES = {
  KZ: {
    male: [
      'Ерлан',
      'Данияр',
      'Нурлан',
      'Бауыржан',
      'Тимур',
      'Арман',
      'Азамат',
      'Ержан',
      'Айдос',
      'Санжар',
      'Марат',
      'Олжас',
    ],
    female: [
      'Айгерим',
      'Алия',
      'Асель',
      'Мадина',
      'Динара',
      'Жанна',
      'Сауле',
      'Гульнара',
      'Камила',
      'Томирис',
    ],
    last: [
      'Ахметов',
      'Нурланов',
      'Сейткалиев',
      'Жумабаев',
      'Касымов',
      'Омаров',
      'Тулегенов',
      'Абенов',
      'Сарсенов',
      'Мухамеджанов',
      'Искаков',
      'Бекмуратов',
      'Кенжебаев',
      'Утепов',
    ],
  },
  RU: {
    male: ['Алексей', 'Дмитрий', 'Сергей', 'Андрей', 'Максим', 'Илья', 'Павел', 'Роман', 'Никита', 'Артём'],
    female: ['Анна', 'Елена', 'Ольга', 'Наталья', 'Ирина', 'Мария', 'Юлия', 'Дарья'],
    last: [
      'Иванов',
      'Смирнов',
      'Кузнецов',
      'Попов',
      'Соколов',
      'Лебедев',
      'Козлов',
      'Новиков',
      'Морозов',
      'Волков',
    ],
  },
  UZ: {
    male: ['Шохрух', 'Бехзод', 'Дилшод', 'Азиз', 'Жасур', 'Улугбек', 'Сардор', 'Фаррух', 'Отабек', 'Рустам'],
    female: ['Дилноза', 'Нигора', 'Феруза', 'Шахноза', 'Гулнора', 'Зарина'],
    last: ['Юсупов', 'Каримов', 'Рахимов', 'Тошматов', 'Алимов', 'Назаров', 'Султанов', 'Эргашев', 'Хамидов'],
  },
  AF: {
    male: ['Ахмад', 'Навид', 'Фарид', 'Джавид', 'Хамид', 'Самир', 'Вахид'],
    female: ['Мариам', 'Фатима', 'Зохра'],
    last: ['Рахмани', 'Ахмади', 'Хайдари', 'Сафи', 'Карими', 'Нури', 'Азизи'],
  },
} as const;

export type Nationality = keyof typeof NAMES;

export function makeName(
  rng: Rng,
  nationality: string,
  male: boolean,
): { first: string; last: string; full: string } {
  const set = NAMES[(nationality in NAMES ? nationality : 'KZ') as Nationality];
  const first = rng.pick(male ? set.male : set.female);
  let last: string = rng.pick(set.last);
  if (!male && (nationality === 'KZ' || nationality === 'RU' || nationality === 'UZ')) last = `${last}а`;
  return { first, last, full: `${last} ${first}` };
}

const LATIN: Record<string, string> = {
  а: 'a',
  б: 'b',
  в: 'v',
  г: 'g',
  д: 'd',
  е: 'e',
  ё: 'e',
  ж: 'zh',
  з: 'z',
  и: 'i',
  й: 'i',
  к: 'k',
  л: 'l',
  м: 'm',
  н: 'n',
  о: 'o',
  п: 'p',
  р: 'r',
  с: 's',
  т: 't',
  у: 'u',
  ф: 'f',
  х: 'kh',
  ц: 'ts',
  ч: 'ch',
  ш: 'sh',
  щ: 'shch',
  ъ: '',
  ы: 'y',
  ь: '',
  э: 'e',
  ю: 'iu',
  я: 'ia',
  ә: 'a',
  ғ: 'g',
  қ: 'q',
  ң: 'n',
  ө: 'o',
  ұ: 'u',
  ү: 'u',
  һ: 'h',
  і: 'i',
};

/** Passport-style Latin transliteration (ICAO-like), as KYC records of foreign exchanges show names. */
export function transliterate(text: string): string {
  let out = '';
  for (const ch of text) {
    const lower = ch.toLowerCase();
    const t = LATIN[lower];
    if (t === undefined) out += ch;
    else out += ch === lower ? t : t.charAt(0).toUpperCase() + t.slice(1);
  }
  return out;
}
