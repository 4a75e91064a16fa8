/**
 * `dragnet generate` at scale: wall time, transfers per second and peak RSS of `generateCase`, against the
 * physical floor of writing the same number of preformatted canonical CSV rows to one file. Default scale
 * 20 (≈ 1 M transfers). `--scale` also grows the network, so for volume use the time span:
 * BENCH_GEN_SCALE=28 BENCH_GEN_DAYS=3650 gives ≈ 10 M transfers. Memory must stay flat as transfers grow.
 */
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateCase } from '../packages/services/src/generate-case.ts';
import { report, timeIt } from './lib.ts';

const genScale = Number(process.env['BENCH_GEN_SCALE'] ?? 20);
const genDays = process.env['BENCH_GEN_DAYS'];
const tmp = await mkdtemp(join(tmpdir(), 'dragnet-bench-gen-'));
try {
  const scenarioFile = join(tmp, 'scenario.json');
  if (genDays)
    await writeFile(scenarioFile, JSON.stringify({ base: 'shymkent', name: 'bench', days: Number(genDays) }));
  const rssBefore = process.resourceUsage().maxRSS / 1024;
  const gen = await timeIt(() =>
    generateCase({
      scenario: 'shymkent',
      seed: 1,
      scale: genScale,
      out: join(tmp, 'gen'),
      ...(genDays ? { scenarioFile } : {}),
    }),
  );
  const peak = process.resourceUsage().maxRSS / 1024;
  const n = gen.value.counts.transfers;
  await rm(join(tmp, 'gen'), { recursive: true, force: true });

  // Baseline: the same number of rows, already formatted, streamed to disk.
  const base = await timeIt(async () => {
    const out = createWriteStream(join(tmp, 'floor.csv'));
    const row =
      'KZ123000000001,2024-09-01T10:00:00Z,15000.00,KZT,card:4400430000000000,card:4400430000000018,Имя Фамилия,Имя Фамилия,card2card,\n';
    let chunk = '';
    for (let i = 0; i < n; i++) {
      chunk += row;
      if (chunk.length > 1 << 20) {
        if (!out.write(chunk)) await new Promise<void>((r) => out.once('drain', () => r()));
        chunk = '';
      }
    }
    await new Promise<void>((r) => out.end(chunk, () => r()));
  });
  console.log(
    `scale ${genScale}: ${n} transfers, ${gen.value.counts.messages} messages, ${gen.value.files.length} files in ${gen.seconds.toFixed(1)} s; peak RSS ${peak.toFixed(0)} MB (before ${rssBefore.toFixed(0)} MB)`,
  );
  report({
    name: `generate scale ${genScale} (${(n / 1e6).toFixed(2)} M transfers)`,
    unit: 'transfers/s',
    ours: n / gen.seconds,
    baseline: n / base.seconds,
    baselineName: 'write preformatted rows',
    lowerIsBetter: false,
  });
  report({
    name: `generate scale ${genScale} peak RSS`,
    unit: 'MB',
    ours: peak,
    baseline: null,
    lowerIsBetter: true,
    target: '< 1024 MB at any scale',
  });
} finally {
  await rm(tmp, { recursive: true, force: true });
}
