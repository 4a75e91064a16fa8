/**
 * Throughput of extractIdentifiers on generated short chat messages (most plain text, some with
 * identifiers, as in real group exports). Run: `npx tsx packages/core/src/extract/extract.bench.ts`.
 * Prints messages/s; never fails.
 */
import { extractIdentifiers } from './extract-identifiers.ts';

const PLAIN = [
  'привет, как дела?',
  'ок, понял',
  'сегодня вечером буду на месте, жди',
  'Кто-нибудь знает, во сколько открывается рынок?',
  'спасибо большое!!!',
  'Ассалому алайкум, яхшимисиз?',
  'кеш нормально, завтра созвонимся',
  'цена 15000 тг, оплата до 05.03.2024 в 12:30',
  'заказ №123456 отправлен, трек придёт завтра',
  'See you at 7, bring the documents.',
  'Сәлем, қалайсың? Ертең кездесеміз',
  'норм, всё в силе',
];
const WITH_IDS = [
  'переводи на 4400 4301 2345 6789, потом скинь чек',
  'звони 8 (777) 123 45 67 после обеда',
  'USDT TRC20 TJAAinkKN2h9KxtBZXw6SyL7HwCQXnzFsE',
  'пиши @shop_helper_bot или t.me/shop_helper_bot?start=ref42',
  'точка 43.2973, 68.2517 фото в лс',
  'https://www.google.com/maps/@43.2973,68.2517,17z',
  'IBAN KZ86 125K ZT50 0410 0100',
];

/** Phone and card numbers that never repeat, so the validation memo cannot help (worst case). */
function unique(i: number): string {
  const n = String(1_000_000 + (i % 8_999_999)).slice(1);
  return i % 2 === 0
    ? `звони 8 (777) ${n.slice(0, 3)} ${n.slice(3, 5)} ${n.slice(5)}${i % 10}`
    : `переводи на 4400 43${n.slice(0, 2)} ${n.slice(2, 6)} 6789`;
}

function messages(n: number, repeat: boolean): string[] {
  const out: string[] = [];
  // Deterministic mix: 9 plain to 1 with an identifier.
  for (let i = 0; i < n; i++) {
    if (i % 10 !== 9) out.push(PLAIN[i % PLAIN.length]!);
    else out.push(repeat ? WITH_IDS[((i / 10) % WITH_IDS.length) | 0]! : unique(i));
  }
  return out;
}

function run(label: string, input: string[]): void {
  let found = 0;
  for (const text of input.slice(0, 20_000)) found += extractIdentifiers(text).length; // warm-up
  found = 0;
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  for (const text of input) found += extractIdentifiers(text).length;
  const cpu = process.cpuUsage(cpu0);
  const seconds = (performance.now() - t0) / 1000;
  // CPU time as well as wall time: on a shared machine the wall-clock rate mostly measures the neighbours.
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  const rate = (s: number) => Math.round(input.length / s).toLocaleString('en');
  console.log(
    `extractIdentifiers ${label}: ${input.length} messages, ${found} identifiers; ` +
      `wall ${seconds.toFixed(3)} s = ${rate(seconds)} msg/s; CPU ${cpuSeconds.toFixed(3)} s = ${rate(cpuSeconds)} msg/s`,
  );
}

run('chat mix, identifiers repeat', messages(200_000, true));
run('chat mix, every identifier new', messages(200_000, false));
