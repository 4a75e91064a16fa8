import { DuckDBInstance, timestampTZValue } from '@duckdb/node-api';
import { rowCodec } from './table-codec.ts';
const i = await DuckDBInstance.create('/tmp/dragnet-scan-bench-300000.duckdb');
const c = await i.connect();
const codec = rowCodec('transfers');
const day = Math.floor(Date.UTC(2022, 5, 1) / 86400000);
for (const [name, sql] of [
  [
    'prepared',
    `SELECT ${codec.select} FROM transfers WHERE "timestamp" >= $2 AND "timestamp" < $3 AND currency = $1`,
  ],
  ['count', `SELECT count(*) FROM transfers WHERE "timestamp" >= $2 AND "timestamp" < $3 AND currency = $1`],
]) {
  const p = await c.prepare(sql!);
  for (let k = 0; k < 5; k++) {
    p.bind([
      'KZT',
      timestampTZValue(BigInt((day + k) * 86400000) * 1000n),
      timestampTZValue(BigInt((day + k + 1) * 86400000) * 1000n),
    ]);
    const t = performance.now();
    const r = await p.run();
    let n = 0;
    for (;;) {
      const ch = await r.fetchChunk();
      if (!ch || ch.rowCount === 0) break;
      n += ch.rowCount;
    }
    console.log(name, n, (performance.now() - t).toFixed(2), 'ms');
  }
}
const t = performance.now();
const r = await c.runAndReadAll(
  `EXPLAIN ANALYZE SELECT count(*) FROM transfers WHERE "timestamp" >= TIMESTAMPTZ '2022-06-01 00:00:00+00' AND "timestamp" < TIMESTAMPTZ '2022-06-02 00:00:00+00' AND currency = 'KZT'`,
);
console.log((performance.now() - t).toFixed(1), String(r.getRows()[0]![1]).slice(0, 3000));
