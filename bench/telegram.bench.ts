/**
 * Telegram parse + extract + label (the telegram-json parser, which calls extractIdentifiers and the
 * lexicon labeler per message) against the bare streaming JSON parse of the same file with stream-json
 * (`parser → pick('messages') → streamArray`, objects only, no logic). Each side runs in its own child
 * process so that its peak RSS is its own; both on one core (the parsers are single-threaded).
 * Default ≈ 200k messages (~75 MB); BENCH_SCALE=14 gives the issue's ≈ 1 GB export.
 * BENCH_TELEGRAM_FILE=<path> keeps the generated export there (and reuses it when it exists), so that
 * alternating runs of two checkouts read the same file: `run-ts.js bench/telegram.bench.ts child-ours <path>`.
 */
import { spawnSync } from 'node:child_process';
import { createReadStream, createWriteStream, existsSync } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { luhnComplete, report, scale } from './lib.ts';

const mode = process.argv[2];

if (mode === 'child-ours') {
  const { parseTelegramJson } = await import('../packages/core/src/parsers/telegram-json/parse.ts');
  const file = process.argv[3]!;
  const c0 = process.cpuUsage().user;
  const t0 = performance.now();
  const counts: Record<string, number> = {};
  let issues = 0;
  const chunks = createReadStream(file, { highWaterMark: 1 << 20 }) as AsyncIterable<Uint8Array>;
  for await (const it of parseTelegramJson(chunks, { evidenceId: 'bench', fileName: 'result.json' })) {
    if (it.kind === 'record') counts[it.record.table] = (counts[it.record.table] ?? 0) + 1;
    else issues++;
  }
  const seconds = (performance.now() - t0) / 1000;
  const cpuSeconds = (process.cpuUsage().user - c0) / 1e6;
  console.log(
    JSON.stringify({ seconds, cpuSeconds, counts, issues, maxRssKiB: process.resourceUsage().maxRSS }),
  );
  process.exit(0);
}

if (mode === 'child-base') {
  const { parser } = await import('stream-json');
  const { pick } = await import('stream-json/filters/pick.js');
  const { streamArray } = await import('stream-json/streamers/stream-array.js');
  const chain = (await import('stream-chain')).default;
  const file = process.argv[3]!;
  const c0 = process.cpuUsage().user;
  const t0 = performance.now();
  let n = 0;
  await new Promise<void>((resolve, reject) => {
    const p = chain([
      createReadStream(file, { highWaterMark: 1 << 20 }),
      parser(),
      pick({ filter: 'messages' }),
      streamArray(),
    ]);
    p.on('data', () => n++);
    p.on('end', resolve);
    p.on('error', reject);
  });
  const seconds = (performance.now() - t0) / 1000;
  const cpuSeconds = (process.cpuUsage().user - c0) / 1e6;
  console.log(
    JSON.stringify({ seconds, cpuSeconds, messages: n, maxRssKiB: process.resourceUsage().maxRSS }),
  );
  process.exit(0);
}

// --- generate a current-format export ---------------------------------------------------------------
const messages = 200_000 * scale();
const keep = process.env['BENCH_TELEGRAM_FILE'];
const tmp = keep ? null : await mkdtemp(join(tmpdir(), 'dragnet-bench-telegram-'));
const file = keep ?? join(tmp!, 'result.json');
if (!keep || !existsSync(keep)) await generate(file);

async function generate(file: string): Promise<void> {
  const out = createWriteStream(file);
  const write = async (s: string) => {
    if (!out.write(s)) await new Promise<void>((r) => out.once('drain', () => r()));
  };
  // Ordinary chat with a sprinkling of schematic shop posts, cards and phones (SYNTHETIC).
  const PLAIN = [
    'Привет, как дела? Завтра встречаемся в центре в шесть',
    'Кто-нибудь знает хороший сервис для диаграмм? Нужно для статьи',
    'Скинь, пожалуйста, ссылку на документацию, не могу найти',
    'Сегодня снег и мороз, дороги ужасные, опоздаю на полчаса',
    'Купи соль и сахар по дороге домой, закончились',
    'Отличная новость! Релиз выходит в понедельник, тесты зелёные',
    'Можно подробнее про настройку DNS? У меня записи не обновляются',
    'Ok, thanks — I will check the logs tomorrow morning',
  ];
  const SHOP = [
    'Меф в наличии, клады по районам, оператор @example_shop_bot',
    'Требуются курьеры-закладчики, зп каждую неделю',
    'Клад сделан, фото и координаты 42.3417, 69.5901',
    // Product-less posts that only the co-occurrence rules of lexicon -4 label.
    'Моментальные адреса после оплаты, все районы, оператор 24/7',
    'Курьеры нужны, оплата каждый день, анонимно, без собеседования',
  ];
  const users = Array.from({ length: 500 }, (_, i) => ({ id: 5_000_000 + i, name: `User ${i}` }));
  await write(
    '{\n "name": "Bench Channel",\n "type": "public_supergroup",\n "id": 1700000099,\n "messages": [\n',
  );
  const base = Date.UTC(2024, 0, 1) / 1000;
  for (let i = 0; i < messages; i++) {
    const u = users[(i * 7) % users.length]!;
    const ts = base + i * 13;
    const d = new Date(ts * 1000).toISOString().slice(0, 19);
    let entities: Array<{ type: string; text: string }>;
    if (i % 50 === 0) entities = [{ type: 'plain', text: SHOP[(i / 50) % SHOP.length]! }];
    else if (i % 97 === 0) {
      const card = luhnComplete(`440043${String(i % 1e9).padStart(9, '0')}`);
      entities = [
        { type: 'plain', text: 'Переведи на карту ' },
        { type: 'bank_card', text: card },
        { type: 'plain', text: ', звони ' },
        { type: 'phone', text: '+7 701 000 0000' },
      ];
    } else {
      // Unique texts (a counter and two mixed lines), so no cache sees the same message twice.
      const a = PLAIN[i % PLAIN.length]!;
      const b = PLAIN[(i * 3 + 1) % PLAIN.length]!.split(' ')
        .slice(0, 1 + (i % 5))
        .join(' ');
      entities = [{ type: 'plain', text: `${a}. ${b} ${i % 1000}-${(i * 7919) % 100_003}` }];
    }
    const text = entities.length === 1 ? JSON.stringify(entities[0]!.text) : JSON.stringify(entities);
    const reply = i % 5 === 0 && i > 0 ? `\n   "reply_to_message_id": ${i},` : '';
    await write(
      `  {\n   "id": ${i + 1},\n   "type": "message",\n   "date": "${d}",\n   "date_unixtime": "${ts}",\n   "from": "${u.name}",\n   "from_id": "user${u.id}",${reply}\n   "text": ${text},\n   "text_entities": ${JSON.stringify(entities)}\n  }${i + 1 < messages ? ',' : ''}\n`,
    );
  }
  await write(' ]\n}\n');
  await new Promise<void>((r) => out.end(r));
}
const size = (await stat(file)).size;
console.log(`input: ${messages.toLocaleString('en-US')} messages, ${(size / 2 ** 20).toFixed(0)} MiB`);

const runner = new URL('../packages/cli/bin/run-ts.js', import.meta.url).pathname;
const self = new URL(import.meta.url).pathname;
const child = (m: string) => {
  const r = spawnSync(process.execPath, [runner, self, m, file], { encoding: 'utf8', maxBuffer: 16 << 20 });
  const last = (r.stdout ?? '').trim().split('\n').pop() ?? '';
  if (r.status !== 0 || !last.startsWith('{')) throw new Error(`${m} failed: ${r.stderr}`);
  return JSON.parse(last) as {
    seconds: number;
    cpuSeconds: number;
    maxRssKiB: number;
    messages?: number;
    counts?: Record<string, number>;
  };
};
const b = child('child-base');
const o = child('child-ours');
const parsed = o.counts?.messages ?? 0;
console.log(`stream-json messages: ${b.messages}, ours: ${parsed}; records: ${JSON.stringify(o.counts)}`);
// On a shared machine wall time includes waiting for a core; user CPU time is the one-core figure.
console.log(
  `user CPU time: ours ${o.cpuSeconds.toFixed(2)} s (${Math.round(parsed / o.cpuSeconds)} msg/s), stream-json ${b.cpuSeconds.toFixed(2)} s (${Math.round((b.messages ?? 0) / b.cpuSeconds)} msg/s)`,
);
report({
  name: `telegram parse+extract+label ${(size / 2 ** 20).toFixed(0)} MiB`,
  unit: 'msg/s',
  ours: parsed / o.seconds,
  baseline: (b.messages ?? 0) / b.seconds,
  baselineName: 'stream-json parse only',
  lowerIsBetter: false,
  target: '≥ 50,000 msg/s',
});
report({
  name: 'telegram peak RSS',
  unit: 'MiB',
  ours: o.maxRssKiB / 1024,
  baseline: b.maxRssKiB / 1024,
  baselineName: 'stream-json parse only',
  lowerIsBetter: true,
  target: '< 500 MiB at 1 GB',
});
if (tmp) await rm(tmp, { recursive: true, force: true });
