import { groupDigits } from '../text/group-digits.ts';
/**
 * Telegram content: shop channels and bot chats, courier recruitment, a "training" channel (placeholder
 * titles only), payment details, courier drop reports with coordinates, and benign chats whose words
 * overlap the drug lexicon in innocent senses. All texts are schematic: code names, districts, prices.
 */
import { groupCard } from './make-identifiers.ts';
import type { Rng } from './prng.ts';
import type { TgChat, TgMessage, TgPart } from './formats/telegram.ts';
import type { DropReport } from './transfers.ts';
import { buyerOf, type NetworkModel, ordinaryOf, type Person, type World } from './world.ts';

export type ChannelLabel = 'sale' | 'recruitment' | 'training' | 'payment' | 'drop_report';

export interface ChatSpec {
  chat: TgChat;
  folder: string;
  html: boolean;
  labels: ChannelLabel[];
  network: string | null;
  messages: TgMessage[];
  /** Chats streamed while the transfers are made (the courier chats) keep no messages: their count. */
  count?: number;
  /** Messages planted with HTML/script-looking text (truth.hostileMessages). */
  hostile?: TgMessage[];
}

const fmtKzt = (n: number) => `${groupDigits(String(n), ' ')} ₸`;

function userRef(p: { tgUserId: number | null; name: string }): { fromId: string; fromName: string } {
  return { fromId: `user${p.tgUserId ?? 0}`, fromName: p.name.split(' ').reverse().join(' ') };
}

export function buildChats(world: World, rng: Rng, folders: Record<string, string>): ChatSpec[] {
  const s = world.scenario;
  const ms = s.messageScale;
  const days = s.days;
  const main = world.networks[0];
  if (!main) return [];
  const base = world.epochStart;
  const chats: ChatSpec[] = [];
  const chatId = () => 1_500_000_000 + rng.int(0, 499_999_999);
  const when = (day: number) => base + day * 86400 + rng.int(8 * 3600, 23 * 3600);
  const items = ['A1', 'A2', 'B7', 'C3', 'K9', '№1', '№2', '№3'];
  const price = () => rng.pick([8000, 10000, 12000, 15000, 18000, 20000, 25000, 35000]);
  const mainFolder = folders[main.id] ?? 'shymkent';
  const kf = main.keyFigures[0] as Person;
  const op = (main.operators[0] ?? kf) as Person;
  const shopName = (region: string, code: string) => `${code} Shop | ${region}`;

  // Random probes first: filtering every dropper for every message is quadratic at large scales.
  const activeDropperCard = (net: typeof main, day: number): string | undefined => {
    const isActive = (d: Person) => {
      const a = world.accounts.get(d.accounts[0] ?? '');
      return a !== undefined && a.from <= day && day <= a.to;
    };
    for (let i = 0; i < 64 && net.droppers.length > 0; i++) {
      const d = rng.pick(net.droppers);
      if (isActive(d)) return d.accounts[0]?.slice(5);
    }
    const act = net.droppers.filter(isActive);
    return act.length ? rng.pick(act).accounts[0]?.slice(5) : undefined;
  };

  // Shop channels: the main one as JSON, the Mangistau one as an HTML export.
  for (const [ni, net] of world.networks.entries()) {
    if (ni === 1) continue;
    const id = chatId();
    const code = ni === 0 ? 'A1' : 'M3';
    const title = shopName(net.region, code);
    const botName = `${code.toLowerCase()}_${net.region.toLowerCase()}_bot`;
    const opUser = (net.operators[0] ?? kf) as Person;
    const msgs: TgMessage[] = [
      {
        id: 1,
        ts: base + 3600,
        fromName: title,
        fromId: `channel${id}`,
        parts: [],
        service: { action: 'create_channel', title },
      },
    ];
    let mid = 1;
    const perDay = s.messages.shopPostsPerDay * ms * (ni === 0 ? 1 : 0.5);
    for (let day = 0; day < days; day++) {
      for (let k = rng.poisson(perDay); k > 0; k--) {
        const district = rng.pick(net.districts);
        const variant = rng.int(0, 3);
        const parts: TgPart[] =
          variant === 0
            ? [
                { type: 'bold', text: 'Прайс на сегодня' },
                `\nтовар ${rng.pick(items)} — ${fmtKzt(price())}\nпозиция ${rng.pick(items)} — ${fmtKzt(price())}\nРайоны: ${district}, ${rng.pick(net.districts)}\nЗаказ через бота `,
                { type: 'mention', text: `@${botName}` },
              ]
            : variant === 1
              ? [
                  `Новый завоз ${rng.pick(items)} в ${district} р-н. Клады свежие, фото точные. Оператор `,
                  { type: 'mention', text: `@${opUser.tgUsername ?? 'operator'}` },
                  ' ',
                  { type: 'hashtag', text: '#товар' },
                ]
              : variant === 2
                ? [
                    `Акция: при заказе от 3 позиций скидка 10%. Районы: ${net.districts.join(', ')}. Бот: `,
                    { type: 'mention', text: `@${botName}` },
                  ]
                : [
                    `Отзывы клиентов: «всё нашёл, спасибо» — ${district}. Наличие: ${rng.pick(items)}, ${rng.pick(items)}. Сайт `,
                    { type: 'link', text: `https://t.me/${botName}` },
                  ];
        msgs.push({ id: ++mid, ts: when(day), fromName: title, fromId: `channel${id}`, parts });
      }
    }
    msgs.sort((a, b) => a.ts - b.ts);
    renumber(msgs);
    chats.push({
      chat: { name: title, type: 'public_channel', id },
      folder: `${folders[net.id] ?? 'shymkent'}/telegram/${code.toLowerCase()}-shop${ni === 0 ? '' : '-html'}`,
      html: ni !== 0,
      labels: ['sale'],
      network: net.id,
      messages: msgs,
    });
  }

  // Bot chats exported from buyers' seized phones: payment details (dropper cards) and drop coordinates.
  const botId = chatId();
  for (let b = 0; b < Math.max(1, Math.round(s.messages.botChats * ms)); b++) {
    const buyer = buyerOf(world, main.id, b);
    const bot = { fromId: `user${botId}`, fromName: 'A1 Shop Bot' };
    const me = { fromId: `user${buyer.tgUserId}`, fromName: buyer.name.split(' ').reverse().join(' ') };
    const msgs: TgMessage[] = [];
    let id = 0;
    const purchases = rng.int(8, 25);
    for (let k = 0; k < purchases; k++) {
      const day = rng.int(0, days - 1);
      let t = base + day * 86400 + rng.int(10 * 3600, 22 * 3600);
      const card = activeDropperCard(main, day);
      const district = rng.pick(main.districts);
      const amount = price();
      const step = (who: typeof me, parts: TgPart[], extra: Partial<TgMessage> = {}) => {
        t += rng.int(20, 400);
        msgs.push({ id: ++id, ts: t, ...who, parts, ...extra });
      };
      step(me, ['/start']);
      step(bot, [`Выберите район:\n${main.districts.map((d, i) => `${i + 1}. ${d}`).join('\n')}`]);
      step(me, [district]);
      step(bot, [
        `Доступно: товар ${rng.pick(items)} — ${fmtKzt(amount)}, позиция ${rng.pick(items)} — ${fmtKzt(price())}`,
      ]);
      step(me, [`позиция ${rng.pick(items)}`]);
      if (card)
        step(bot, [
          'Реквизиты для оплаты (Kaspi): ',
          { type: 'bank_card', text: groupCard(card) },
          `\nСумма: ${fmtKzt(amount)}. Оплата в течение 30 минут, затем пришлите чек.`,
        ]);
      step(me, ['оплатил, чек ниже']);
      const lat = +(main.center.lat + (rng.float() - 0.5) * 0.12).toFixed(6);
      const lon = +(main.center.lon + (rng.float() - 0.5) * 0.16).toFixed(6);
      step(bot, [
        `Оплата получена. Адрес: ${district} р-н, ${lat}, ${lon}. Фото по ссылке `,
        { type: 'link', text: `https://example.invalid/p/${rng.hex(4)}` },
      ]);
    }
    msgs.sort((a, b2) => a.ts - b2.ts);
    renumber(msgs);
    chats.push({
      chat: { name: 'A1 Shop Bot', type: 'bot_chat', id: botId },
      folder: `${mainFolder}/telegram/bot-chat-${b + 1}`,
      html: false,
      labels: ['sale', 'payment'],
      network: main.id,
      messages: msgs,
    });
  }

  // Courier recruitment.
  {
    const id = chatId();
    const title = 'Работа | Жұмыс | Ish — Шымкент';
    const msgs: TgMessage[] = [];
    for (let k = 0; k < Math.round(s.messages.recruitmentPosts * ms); k++) {
      const r = main.recruiters.length ? rng.pick(main.recruiters) : kf;
      const pay = rng.pick([5000, 6000, 7000, 8000]);
      const v = rng.int(0, 2);
      const parts: TgPart[] =
        v === 0
          ? [
              `Требуются курьеры-закладчики. Оплата от ${fmtKzt(pay)} за адрес, выплаты каждый день на карту или USDT. Писать `,
              { type: 'mention', text: `@${r.tgUsername}` },
            ]
          : v === 1
            ? [
                'Жұмыс бар! Курьер керек, күнделікті төлем. Залог 30 000 ₸ или фото документа. Байланыс: ',
                { type: 'mention', text: `@${r.tgUsername}` },
              ]
            : [
                'Ish bor: kuryer kerak, har kuni tolov. Yozing ',
                { type: 'mention', text: `@${r.tgUsername}` },
                ' или звоните ',
                { type: 'phone', text: r.phone },
              ];
      msgs.push({ id: 0, ts: when(rng.int(0, days - 1)), fromName: title, fromId: `channel${id}`, parts });
    }
    msgs.sort((a, b) => a.ts - b.ts);
    renumber(msgs);
    chats.push({
      chat: { name: title, type: 'public_channel', id },
      folder: `${mainFolder}/telegram/recruitment`,
      html: false,
      labels: ['recruitment'],
      network: main.id,
      messages: msgs,
    });
  }

  // "Training": schematic titles, content replaced by a placeholder.
  {
    const id = chatId();
    const title = 'Академия «Химик» (закрытый)';
    const msgs: TgMessage[] = [];
    for (let k = 0; k < Math.round(s.messages.trainingPosts * ms); k++) {
      const v = rng.int(0, 2);
      const text =
        v === 0
          ? `Урок ${k + 1} [материал удалён]`
          : v === 1
            ? `Модуль ${1 + (k % 6)}: лабораторная часть, занятие ${k + 1} [материал удалён]`
            : `Вопросы по уроку ${k} — в личку куратору. [материал удалён]`;
      msgs.push({
        id: 0,
        ts: when(Math.floor((k / (s.messages.trainingPosts * ms)) * days)),
        fromName: title,
        fromId: `channel${id}`,
        parts: [text],
      });
    }
    renumber(msgs);
    chats.push({
      chat: { name: title, type: 'private_channel', id },
      folder: `${mainFolder}/telegram/training`,
      html: false,
      labels: ['training'],
      network: main.id,
      messages: msgs,
    });
  }

  // Payment details chat (the shop's "cash desk").
  {
    const id = chatId();
    const title = 'Касса A1';
    const members = [kf, op, ...main.collectors.filter((c) => c.tgUserId)];
    const msgs: TgMessage[] = [];
    const n = Math.round((s.messages.paymentPostsPerWeek * days * ms) / 7);
    for (let k = 0; k < n; k++) {
      const day = rng.int(0, days - 1);
      const who = rng.pick(members);
      const v = rng.int(0, 3);
      const card = activeDropperCard(main, day);
      const ex = main.exchangers[0] as Person;
      const col = rng.pick(main.collectors);
      const parts: TgPart[] =
        v === 0 && card
          ? ['Новые реквизиты на сегодня: ', { type: 'bank_card', text: groupCard(card) }, ' (лимит 500к)']
          : v === 1
            ? ['Сдача USDT TRC20 только на ', { type: 'bold', text: (ex.accounts[2] ?? '').slice(5) }]
            : v === 2
              ? [
                  `Скинул ${fmtKzt(rng.int(300, 1500) * 1000)} на `,
                  { type: 'bank_card', text: groupCard((col.accounts[0] ?? '').slice(5)) },
                ]
              : [
                  `Курс обмена сегодня ${rng.int(490, 520)} за 1 USDT, обменник на связи `,
                  { type: 'mention', text: `@${ex.tgUsername}` },
                ];
      msgs.push({ id: 0, ts: when(day), ...userRef(who), parts });
    }
    msgs.sort((a, b) => a.ts - b.ts);
    renumber(msgs);
    chats.push({
      chat: { name: title, type: 'private_supergroup', id },
      folder: `${mainFolder}/telegram/payments`,
      html: false,
      labels: ['payment'],
      network: main.id,
      messages: msgs,
    });
  }

  // Benign chats with innocent senses of lexicon words.
  const benign: Array<{ title: string; type: TgChat['type']; texts: string[] }> = [
    {
      title: 'Рецепты бабушки',
      type: 'public_channel',
      texts: [
        'Щепотка соли в тесто — и хлеб получается пышнее',
        'Соль для ванны с лавандой: смешать и насыпать в банку',
        'Закладка продуктов в мультиварку: сначала крупа, потом вода',
        'Бешбармак: тесто раскатать тонко, бульон посолить',
        'Плов по-узбекски: зира, морковь, немного соли',
      ],
    },
    {
      title: 'Геймеры Шымкента',
      type: 'private_supergroup',
      texts: [
        'Нашёл клад в новой локации, там легендарный меч',
        'Кто идёт в рейд вечером? Нужен хил',
        'Закладка на карте у старой мельницы — там сундук с кристаллами',
        'Продам аккаунт, 80 уровень',
        'Товар у торговца обновился, скорее',
      ],
    },
    {
      title: 'Филателисты Казахстана',
      type: 'public_channel',
      texts: [
        'Марки 1993 года, серия «Фауна», в хорошем состоянии',
        'Обмен марками: ищу беркута 1996',
        'Новая почтовая марка к юбилею города',
        'Коллекционные марки на выставке в субботу',
        'Кто знает каталог цен на марки СССР?',
      ],
    },
    {
      title: 'Книжный клуб «Абай»',
      type: 'private_group',
      texts: [
        'Закладка в книге на 120 странице — обсудим в четверг',
        'Кітап оқимыз: «Абай жолы», 2 том',
        'Подарили кожаную закладку для книг, очень красивая',
        'Встреча клуба в кафе в 19:00',
        'Kitob klubi: yangi roman muhokamasi',
      ],
    },
  ];
  for (const [i, bc] of benign.entries()) {
    const id = chatId();
    const msgs: TgMessage[] = [];
    const n = Math.round(s.messages.benignPerChat * ms);
    for (let k = 0; k < n; k++) {
      const o = ordinaryOf(world, (i * 37 + rng.int(0, 25)) % Math.max(1, s.benign.persons));
      const who =
        bc.type === 'public_channel'
          ? { fromId: `channel${id}`, fromName: bc.title }
          : userRef({ tgUserId: o.tgUserId, name: o.name });
      msgs.push({ id: 0, ts: when(rng.int(0, days - 1)), ...who, parts: [rng.pick(bc.texts)] });
    }
    // Real chats carry pasted markup and odd links; a viewer must show them as text, never run them.
    const hostile: TgMessage[] = [];
    if (i === 1) {
      const o = ordinaryOf(world, (i * 37 + 3) % Math.max(1, s.benign.persons));
      const who = userRef({ tgUserId: o.tgUserId, name: o.name });
      const texts: TgPart[][] = [
        ['смотрите что бот прислал <img src=x onerror=alert(1)> это баг?'],
        ['гайд по рейду тут: ', { type: 'link', text: 'javascript:alert(1)' }],
        ['<script>alert(document.cookie)</script> скопировал из консоли, не работает'],
      ];
      for (const parts of texts) {
        const m: TgMessage = { id: 0, ts: when(rng.int(0, days - 1)), ...who, parts };
        hostile.push(m);
        msgs.push(m);
      }
    }
    msgs.sort((a, b) => a.ts - b.ts);
    renumber(msgs);
    chats.push({
      chat: { name: bc.title, type: bc.type, id },
      folder: `${mainFolder}/telegram/benign-${i + 1}`,
      html: false,
      labels: [],
      network: null,
      messages: msgs,
      ...(hostile.length ? { hostile } : {}),
    });
  }
  return chats;
}

/** The courier chats (drop reports), one per network with couriers; their messages are streamed. */
export function courierChats(
  world: World,
  rng: Rng,
  folders: Record<string, string>,
): Array<{ spec: ChatSpec; network: NetworkModel }> {
  return world.networks
    .filter((n) => n.couriers.length > 0)
    .map((net) => {
      const id = 1_500_000_000 + rng.int(0, 499_999_999);
      const spec: ChatSpec = {
        chat: { name: `Склад ${net.region}`, type: 'private_supergroup', id },
        folder: `${folders[net.id] ?? 'shymkent'}/telegram/couriers`,
        html: false,
        labels: ['drop_report'],
        network: net.id,
        messages: [],
        count: 0,
      };
      return { spec, network: net };
    });
}

/**
 * One day's messages of a courier chat: each outing's report by the courier (coordinates, a map link,
 * the location) and, for some, the operator's note of the pay; the operator's occasional requests.
 * Returned in time order; the caller numbers them.
 */
export function courierDayMessages(
  world: World,
  rng: Rng,
  net: NetworkModel,
  drops: DropReport[],
  dayStart: number,
): TgMessage[] {
  const items = ['A1', 'A2', 'B7', 'C3', 'K9', '№1', '№2', '№3'];
  const op = (net.operators[0] ?? net.keyFigures[0]) as Person | undefined;
  const out: TgMessage[] = [];
  for (const d of drops) {
    out.push({
      id: 0,
      ts: d.ts,
      ...userRef(d.courier),
      parts: [
        `Позиция ${rng.pick(items)}, ${d.district} р-н, ${d.count} адресов, фото загружены. Готово ✅\n${d.lat}, ${d.lon} `,
        { type: 'link', text: `https://maps.google.com/?q=${d.lat},${d.lon}` },
      ],
      location: { lat: d.lat, lon: d.lon },
    });
    if (op && rng.chance(0.35))
      out.push({
        id: 0,
        ts: d.payTs + rng.int(30, 600),
        ...userRef(op),
        parts: [
          `Выплата за ${d.count} адресов (${fmtKzt(d.payKzt)}) отправлена ${d.currency === 'USDT' ? 'в USDT' : 'на карту'}.`,
        ],
      });
  }
  if (op && rng.chance(Math.min(1, world.scenario.messages.dropReportsPerDay / 8)))
    out.push({
      id: 0,
      ts: dayStart + rng.int(8 * 3600, 12 * 3600),
      ...userRef(op),
      parts: [`Нужны адреса: ${rng.pick(net.districts)}, позиция ${rng.pick(items)}. Отчёт с координатами.`],
    });
  return out.sort((a, b) => a.ts - b.ts);
}

/** Message ids ascend with time, as in a real export. */
function renumber(messages: TgMessage[]): void {
  for (let i = 0; i < messages.length; i++) (messages[i] as TgMessage).id = i + 1;
}
