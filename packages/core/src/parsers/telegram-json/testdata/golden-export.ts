/**
 * A deterministic SYNTHETIC export that walks every branch of the parser and the extractor: text as a
 * string, as parts and as `text_entities`; typed entities; service actions; replies, forwards, edits,
 * media, contacts, locations, bot buttons; escapes; unknown fields; broken messages; identifiers of every
 * kind in free text. records-golden.test.ts hashes what the parser makes of it, so that a speed-up that
 * changes any output byte fails. Invented values only (cards are Luhn-completed random digits).
 */

/** A small LCG: core has no randomness, and the file must be the same on every run. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1_664_525) + 1_013_904_223) >>> 0;
    return s / 2 ** 32;
  };
}

function luhn(body: string): string {
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    let d = body.charCodeAt(body.length - 1 - i) - 48;
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return body + String((10 - (sum % 10)) % 10);
}

const digits = (r: () => number, n: number): string => {
  let s = '';
  for (let i = 0; i < n; i++) s += String(Math.floor(r() * 10));
  return s;
};

/** Free-text lines carrying identifiers in the written forms the extractor knows (and near misses). */
export function identifierLines(n: number, seed = 7): string[] {
  const r = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const card = luhn(`${pick(['4400', '5169', '2202', '4111'])}${digits(r, 11)}`);
    const bad = `${card.slice(0, 15)}${(Number(card[15]) + 1) % 10}`;
    const grouped = card.replace(/(\d{4})(?=\d)/g, `$1${pick([' ', '-', '\u00a0'])}`);
    const phone7 = `7${pick(['01', '05', '77', '47'])}${digits(r, 7)}`;
    const lat = (40 + r() * 15).toFixed(4 + (i % 3));
    const lon = (50 + r() * 30).toFixed(4 + (i % 2));
    const forms = [
      `Переведи на карту ${grouped}, сумма ${digits(r, 4)} тг`,
      `карта ${card} или ${bad}`,
      `на ${card.slice(0, 6)}******${card.slice(12)} ок`,
      `на ${card.slice(0, 4)} ${card.slice(4, 6)}** **** ${card.slice(12)} спасибо`,
      `${grouped} ${digits(r, 3)} тг`,
      `звони +7 ${phone7.slice(0, 3)} ${phone7.slice(3, 6)} ${phone7.slice(6, 8)} ${phone7.slice(8)}`,
      `звони 8 (${phone7.slice(0, 3)}) ${phone7.slice(3, 6)}-${phone7.slice(6, 8)}-${phone7.slice(8)}`,
      `тел 8${phone7}, или +998 9${digits(r, 1)} ${digits(r, 3)} ${digits(r, 2)} ${digits(r, 2)}`,
      `+996 ${digits(r, 3)} ${digits(r, 3)} ${digits(r, 3)}; +992 ${digits(r, 9)}`,
      `заказ №${digits(r, 11)} и счёт 8${phone7}`,
      `цена 80 000 000 000 и 8${phone7} руб`,
      `дата 05.03.2024 в 12:30, ${digits(r, 12)}`,
      `IBAN KZ86 125K ZT50 0410 0100 ABC и DE89370400440532013000`,
      `TRC20 TJAAinkKN2h9KxtBZXw6SyL7HwCQXnzFsE и T${digits(r, 5)}AAinkKN2h9KxtBZXw6SyL7HwC`,
      `btc 1BoatSLRHtKNngkdXEeobR76b53LETtpyT bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq`,
      `eth 0x52908400098527886E0F7030069857D2E4169EE7 и 0x${digits(r, 40)}`,
      `точка ${lat}, ${lon} фото в лс`,
      `точка ${lat}N ${lon}E`,
      `43°17'50.3"N 76°56'42.1"E и N 43°17.838' E 76°56.702'`,
      `https://www.google.com/maps/@${lat},${lon},17z и https://yandex.kz/maps/?ll=${lon}%2C${lat}&z=16`,
      `https://2gis.kz/almaty/geo/${lon}%2C${lat} https://www.openstreetmap.org/#map=17/${lat}/${lon}`,
      `пиши @Shop_helper_${i}_bot или t.me/shop_helper_${i}_bot?start=ref${i}`,
      `канал https://t.me/+AbCdEf${i} и telegram.me/joinchat/xyz${i}`,
      `wa.me/7${phone7} или https://api.whatsapp.com/send?phone=7${phone7}`,
      `сайт example${i}.shop/path?q=1). и www.example.com/a_(b), почта shop${i}@example.kz.`,
      `onion http://${'a'.repeat(56)}.onion/x и ${'b'.repeat(16)}.onion`,
      `ИИН ${digits(r, 12)}, id ${digits(r, 10)}, #${digits(r, 11)}`,
      `@a @abcde @${'x'.repeat(40)} mail@ a.b@c`,
    ];
    out.push(forms[i % forms.length]!);
  }
  return out;
}

interface Part {
  type: string;
  text: string;
  href?: string;
  user_id?: number;
}

/** Splits a line into Telegram text parts, typing what Telegram would type. */
function parts(text: string, r: () => number): Part[] {
  const out: Part[] = [];
  const re =
    /(@[A-Za-z][A-Za-z0-9_]{4,31})|(\+7[\d ]{13})|(\d{4} \d{4} \d{4} \d{4})|(https?:\/\/\S+)|([\w.]+@[\w.]+\.[a-z]{2,})/g;
  let at = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (m.index > at) out.push({ type: 'plain', text: text.slice(at, m.index) });
    const type = m[1] ? 'mention' : m[2] ? 'phone' : m[3] ? 'bank_card' : m[4] ? 'link' : 'email';
    if (type === 'link' && r() < 0.5) out.push({ type: 'text_link', text: 'тут', href: m[0] });
    else out.push({ type, text: m[0] });
    at = m.index + m[0].length;
  }
  if (at < text.length) out.push({ type: 'plain', text: text.slice(at) });
  if (r() < 0.1) out.push({ type: 'bold', text: ' ВАЖНО' });
  if (r() < 0.05) out.push({ type: 'mention_name', text: 'Имя Фамилия', user_id: 5_000_100 });
  return out;
}

const SERVICE_ACTIONS = [
  'create_group',
  'invite_members',
  'remove_members',
  'pin_message',
  'join_group_by_link',
  'edit_group_title',
  'phone_call',
];

/**
 * One chat export (pretty-printed like Telegram Desktop, or minified) with one message per text, in
 * every shape the parser reads.
 */
export function goldenExport(texts: readonly string[], o: { pretty: boolean; seed?: number }): string {
  const { doc, messages } = chatDoc(texts, o.seed ?? 1);
  if (!o.pretty) return JSON.stringify(doc);
  // Telegram Desktop's layout: one key per line, entity arrays inline.
  const lines = [
    '{',
    ` "name": ${JSON.stringify(doc.name)},`,
    ` "type": "${doc.type}",`,
    ` "id": ${doc.id},`,
  ];
  lines.push(' "messages": [');
  messages.forEach((m, k) => {
    const comma = k + 1 < messages.length ? ',' : '';
    if (m === null || typeof m !== 'object') {
      lines.push(`  ${JSON.stringify(m)}${comma}`);
      return;
    }
    const entries = Object.entries(m as Record<string, unknown>);
    lines.push('  {');
    entries.forEach(([key, v], j) => {
      const c = j + 1 < entries.length ? ',' : '';
      lines.push(`   ${JSON.stringify(key)}: ${JSON.stringify(v)}${c}`);
    });
    lines.push(`  }${comma}`);
  });
  lines.push(' ]', '}', '');
  return lines.join('\n');
}

/** A full-account export (personal information, contacts, two chats, one left chat), indented by one. */
export function goldenAccountExport(texts: readonly string[]): string {
  const third = Math.floor(texts.length / 3);
  const a = chatDoc(texts.slice(0, third), 2).doc;
  const b = { ...chatDoc(texts.slice(third, 2 * third), 3).doc, type: 'personal_chat', id: 5_000_003 };
  const c = { ...chatDoc(texts.slice(2 * third), 4).doc, type: 'private_channel', id: 1_700_000_077 };
  const doc = {
    about: 'ignored',
    personal_information: {
      user_id: 5_000_001,
      first_name: 'Me',
      last_name: '',
      phone_number: '+7 701 000 0001',
      username: '@me_self',
    },
    contacts: {
      about: 'x',
      list: [
        {
          user_id: 5_000_002,
          first_name: 'К',
          last_name: 'Л',
          phone_number: '8 777 000 00 02',
          date: '2024-01-01T00:00:00',
        },
        { user_id: 0, first_name: 'deleted' },
      ],
    },
    frequent_contacts: {
      list: [{ id: 5_000_004, category: 'people', type: 'user', name: 'Частый', rating: 0.5 }],
    },
    chats: { about: 'y', list: [a, b] },
    left_chats: { list: [c] },
    other_data: { big: [[1, 2, { x: '}' }]] },
  };
  return JSON.stringify(doc, null, 1);
}

function chatDoc(
  texts: readonly string[],
  seed: number,
): { doc: { name: string; type: string; id: number; messages: unknown[] }; messages: unknown[] } {
  const r = rng(seed);
  const base = Date.UTC(2024, 0, 1) / 1000;
  const messages: unknown[] = [];
  let id = 0;
  for (let i = 0; i < texts.length; i++) {
    const text = texts[i]!;
    id += i % 97 === 13 ? 0 : i % 89 === 5 ? -2 : 1;
    const ts = base + i * 61 + Math.floor(r() * 60);
    const date = new Date(ts * 1000).toISOString().slice(0, 19);
    const user = 5_000_000 + Math.floor(r() * 40);
    const m: Record<string, unknown> = { id, type: 'message', date };
    const shape = i % 11;
    if (shape !== 3) m.date_unixtime = String(ts);
    if (i % 23 === 7) {
      m.type = 'service';
      m.actor = `User ${user}`;
      m.actor_id = `user${user}`;
      m.action = SERVICE_ACTIONS[i % SERVICE_ACTIONS.length];
      if (m.action === 'invite_members' || m.action === 'remove_members')
        m.members = i % 2 ? [`User ${user}`] : ['Другой', null];
      m.text = '';
      m.text_entities = [];
      messages.push(m);
      continue;
    }
    if (shape === 3) m.from_id = user;
    else if (shape === 4 && i % 3 === 0) m.from_id = `channel${1_700_000_001}`;
    else m.from_id = `user${user}`;
    m.from = shape === 5 && i % 2 ? null : `User ${user % 7} «${text.slice(0, 3)}»`;
    if (i % 5 === 1) m.reply_to_message_id = Math.max(1, id - 3);
    if (i % 41 === 2) m.reply_to_peer_id = `channel${1_700_000_009}`;
    if (i % 17 === 3) {
      m.forwarded_from = 'Другой канал';
      if (i % 2) m.forwarded_from_id = `channel${1_700_000_010 + (i % 3)}`;
    }
    if (i % 19 === 4) m.via_bot = i % 2 ? '@Shop_Bot' : 'Shop_bot';
    if (i % 13 === 6) {
      m.edited = new Date((ts + 30) * 1000).toISOString().slice(0, 19);
      if (i % 2) m.edited_unixtime = String(ts + 30);
    }
    if (i % 29 === 8) m.photo = '(File not included. Change data exporting settings to download.)';
    if (i % 31 === 9) m.media_type = i % 2 ? 'sticker' : 'holo_card';
    if (i % 37 === 10) m.contact_information = { first_name: 'Курьер', phone_number: `+7 701 ${i} 00 00` };
    if (i % 43 === 11)
      m.location_information = { latitude: 43.25 + i / 1e5, longitude: i % 2 ? 76.9 : 181.5 };
    if (i % 47 === 12)
      m.inline_bot_buttons = [
        [{ type: 'url', text: 'Купить', data: `https://t.me/Shop_${i}_bot?start=x` }],
        [
          { type: 'callback', text: 'Меню', data: 'menu' },
          { type: 'url', data: 'https://example.kz/p' },
        ],
      ];
    if (i % 53 === 14) m.poll = { question: 'q', answers: [] };
    if (i % 59 === 15) m.novel_field_2030 = { x: [1, 2, '"}]'] };
    const ps = parts(text, r);
    if (shape === 0) m.text = text;
    else if (shape === 1) {
      m.text = ps.map((p) => (p.type === 'plain' ? p.text : p));
    } else if (shape === 2) {
      m.text = text;
      m.text_entities = [{ type: 'plain', text }];
    } else {
      m.text = ps.length === 1 && ps[0]!.type === 'plain' ? ps[0]!.text : ps;
      m.text_entities = ps;
    }
    if (i % 61 === 16) m.text = 42;
    if (i % 67 === 17) m.text_entities = [{ type: 'plain' }, 'x'];
    if (i % 71 === 18) {
      messages.push(i % 2 ? 'not a message' : { type: 'message', date, text: 'no id' });
      continue;
    }
    if (i % 73 === 19) m.date = 'yesterday';
    if (i % 73 === 19) delete m.date_unixtime;
    if (i % 79 === 20) m.type = 'story_reply';
    messages.push(m);
  }
  const doc = { name: 'Golden «Chat» \\ "quoted"', type: 'public_supergroup', id: 1_700_000_009, messages };
  return { doc, messages };
}
