export { DuckDbStore, type DuckDbStoreOptions, openDuckDbStore } from './duckdb-store.ts';
