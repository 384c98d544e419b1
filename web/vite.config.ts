/// <reference types="vitest/config" />
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/**
 * antd's form context (imported by every input, select and button, so by the login page)
 * takes only FormProvider from @rc-component/form, but from the package's index: the index
 * reaching the form engine and its validator, Rollup placed them in the first-load chunk
 * (about 13 KB gzipped) although only the lazily loaded forms use them. That one import is
 * pointed at the module defining FormProvider. Should antd change the import, nothing breaks:
 * the first load grows, and scripts/size.mjs reports it.
 */
function formProviderOnly(): Plugin {
  const formContext = require.resolve('@rc-component/form/es/FormContext.js');
  return {
    name: 'chancery-form-provider-only',
    enforce: 'pre',
    resolveId(source, importer) {
      if (source === '@rc-component/form' && importer?.replace(/\\/g, '/').endsWith('/antd/es/form/context.js')) {
        return formContext;
      }
      return null;
    },
  };
}

const backend = process.env.CHANCERY_BACKEND ?? 'http://localhost:8080';

export default defineConfig({
  plugins: [react(), formProviderOnly()],
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
    // dist/.vite/manifest.json: scripts/size.mjs measures each first screen's chunks from it.
    manifest: true,
    chunkSizeWarningLimit: 1500,
  },
  test: {
    environment: 'happy-dom',
    include: ['src/**/*.test.{ts,tsx}'],
    setupFiles: ['src/test-setup.ts'],
  },
});
