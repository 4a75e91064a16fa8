export * from './case-folder.ts';
export * from './case-status.ts';
export * from './collect-entities.ts';
export * from './export-case.ts';
export * from './ingest-files.ts';
export * from './user-error.ts';
export * from './list-messages.ts';
