// The admin console: `npm run build:console` writes console/dist, which the API serves at / (src/api/server.ts).
// `npx vite --config console/vite.config.ts` serves it with hot reload, /graphql proxied to the API on :4000.
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

export default defineConfig({
  root: import.meta.dirname,
  base: '/',
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 1500, sourcemap: false },
  server: { proxy: { '/graphql': 'http://127.0.0.1:4000' } },
  logLevel: 'warn',
});
