import react from '@vitejs/plugin-react';
import { defaultClientConditions, defineConfig } from 'vite';

// Served by the Rapport server under /app (packages/server/src/http/dashboard-static.ts): hashed files go to
// dist/assets/ (cached for a year), index.html is never cached. @rapport/contracts is read from its TypeScript
// sources, so the dashboard builds without the server's build.
export default defineConfig({
  base: '/app/',
  plugins: [react()],
  resolve: { conditions: ['rapport-source', ...defaultClientConditions] },
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: false, chunkSizeWarningLimit: 1500 },
  server: { proxy: { '/api': 'http://127.0.0.1:8700' } },
});
