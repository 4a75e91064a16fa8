export * from './model/index.ts';
export * from './parsers/parser.ts';
export * from './parsers/registry.ts';
export * from './store/store.ts';
