export * from './evidence-name.ts';
export * from './kinds.ts';
export * from './tables.ts';
export * from './telegram-links.ts';
