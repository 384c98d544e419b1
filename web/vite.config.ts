/// <reference types="vitest/config" />
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const backend = process.env.CHANCERY_BACKEND ?? 'http://localhost:8080';

export default defineConfig({
  plugins: [react()],
  server: {
    proxy: {
      // Host is kept (no changeOrigin) so the server's same-origin check on the
      // WebSocket accepts the session cookie in development too.
      '/graphql/ws': { target: backend.replace(/^http/, 'ws'), ws: true },
      '/graphql': { target: backend },
      '/files': { target: backend },
      '/documents': { target: backend },
      '/registers': {
        target: backend,
        // Only the XLSX export goes to the server; /registers/* screens are the client's.
        bypass: (req) => (req.url?.endsWith('.xlsx') ? undefined : req.url),
      },
      '/readyz': { target: backend },
    },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
  },
  test: {
    environment: 'happy-dom',
    include: ['src/**/*.test.{ts,tsx}'],
    setupFiles: ['src/test-setup.ts'],
  },
});
