import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { storeConformance } from '@dragnet/core/store/store.case.ts';
import { afterAll } from 'vitest';
import { openDuckDbStore } from './duckdb-store.ts';

const dir = mkdtempSync(join(tmpdir(), 'dragnet-store-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;

storeConformance('duckdb (file)', () => openDuckDbStore(join(dir, `case-${n++}.duckdb`), { threads: 2 }));
// Tiny segments: every few rows go to DuckDB mid-ingest, so rollback, findTransfers across loaded and
// still-staged rows, and CSV quoting over many segments are exercised.
storeConformance('duckdb (small segments)', () =>
  openDuckDbStore(join(dir, `case-${n++}.duckdb`), { threads: 2, segmentChars: 4000 }),
);
