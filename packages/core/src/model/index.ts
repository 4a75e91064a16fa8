export * from './evidence-name.ts';
export * from './chat-title.ts';
export * from './kinds.ts';
export * from './tables.ts';
export * from './telegram-links.ts';
export * from './role-names.ts';
export * from './entity-label.ts';
