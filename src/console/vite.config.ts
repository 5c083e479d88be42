import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = fileURLToPath(new URL('.', import.meta.url));

/** The staff console: built into dist/console and served by the API at /console. */
export default defineConfig({
  root: here,
  base: '/console/',
  // The typed client from its sources, as src/console/tsconfig.json maps it.
  resolve: {
    alias: {
      '@call-recording-vault/client': fileURLToPath(new URL('../../packages/client/src/index.ts', import.meta.url)),
    },
  },
  // Preact's automatic JSX runtime, without a plugin.
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: fileURLToPath(new URL('../../dist/console', import.meta.url)),
    emptyOutDir: true,
    // The polyfill is not needed by the browsers we support, and an inline one would need a CSP exception.
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    sourcemap: true,
  },
});
