export type * from './api-types.ts';
export { type AppDeps, type AppType, createApp } from './app.ts';
export { CaseIndex, type EntitySummary } from './case-index.ts';
export type { Findings } from './findings.ts';
