import { resolve } from 'node:path';
import { defineConfig } from 'vite';

const root = __dirname;
const libs = resolve(root, '../../libs');
const shim = (name: string) => resolve(root, 'src/shims', `${name}.ts`);

/**
 * The console is built into apps/console/dist, which the api serves at `/`. It imports the zod
 * contracts of libs/contracts (the same schemas the API parses with) and the glossary's enums from
 * the domain; the few Node built-ins those libraries touch on paths the browser never takes are
 * replaced by shims that refuse loudly.
 */
export default defineConfig({
  root,
  base: '/',
  publicDir: false,
  resolve: {
    alias: [
      { find: /^@kinerja\/domain\/(.*)$/, replacement: `${libs}/domain/$1` },
      { find: /^@kinerja\/([a-z-]+)\/(.*)$/, replacement: `${libs}/$1/src/$2` },
      { find: /^@kinerja\/([a-z-]+)$/, replacement: `${libs}/$1/src` },
      { find: 'node:crypto', replacement: shim('crypto') },
      { find: 'node:net', replacement: shim('unavailable') },
      { find: 'node:fs', replacement: shim('unavailable') },
      { find: 'node:path', replacement: shim('unavailable') },
    ],
  },
  oxc: { jsx: { runtime: 'automatic', importSource: 'react' } },
  build: {
    outDir: resolve(root, 'dist'),
    emptyOutDir: true,
    sourcemap: false,
    chunkSizeWarningLimit: 1500,
    rollupOptions: {
      // Mantine marks its modules "use client" for React Server Components, which a single-page app does not use.
      onwarn(warning, warn) {
        if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning);
      },
    },
  },
  server: { proxy: { '/api': 'http://127.0.0.1:3000', '/docs': 'http://127.0.0.1:3000' } },
});
