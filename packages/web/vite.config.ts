import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// A build is always a production build: test runners (vitest sets NODE_ENV=test) spawn `vite build` too,
// and an inherited NODE_ENV would otherwise ship React's development build (larger, slower first load).
if (process.argv.includes('build')) process.env.NODE_ENV = 'production';

// `npm run dev -w @dragnet/web` proxies the API to a running `dragnet serve` (DRAGNET_API, default :7788).
export default defineConfig({
  plugins: [react()],
  base: '/',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 1200,
    sourcemap: false,
  },
  worker: { format: 'es' },
  server: {
    host: '127.0.0.1',
    proxy: { '/api': process.env.DRAGNET_API ?? 'http://127.0.0.1:7788' },
  },
});
