// Vite bundles CSS imports; TypeScript only needs to know they exist.
declare module '*.css';

// `?worker&url`: vite bundles the file as a worker chunk and the import is its URL.
declare module '*?worker&url' {
  const url: string;
  export default url;
}
