import { defineConfig, type Plugin } from 'vitest/config';

// The server serves dist/index.html for /run/{slug}, dist/console.html for /console and every
// /console/... path, and dist/assets/* under /assets/, so asset URLs must be absolute from the
// root (base '/'), never relative to /run/ or /console/experiments/....
export default defineConfig({
  base: '/',
  plugins: [consoleHistoryFallback()],
  build: {
    outDir: 'dist',
    assetsDir: 'assets',
    emptyOutDir: true,
    target: 'es2022',
    // Each page is one chunk with no lazy imports, so there is nothing to preload; without this
    // Vite emits the polyfill as a chunk both pages share, an extra request for participants.
    modulePreload: { polyfill: false },
    // Two pages, two entries: the participant page never loads the console's code.
    rolldownOptions: {
      input: {
        index: 'index.html',
        console: 'console.html',
      },
    },
  },
  test: {
    environment: 'happy-dom',
    include: ['test/**/*.test.ts'],
  },
});

/** In `vite dev`, answer /console/... with console.html as the server does (history routing). */
function consoleHistoryFallback(): Plugin {
  return {
    name: 'tandem-console-history-fallback',
    configureServer(server) {
      server.middlewares.use((req, _res, next) => {
        if (req.url !== undefined && /^\/console(\/|\?|$)/.test(req.url)) req.url = '/console.html';
        next();
      });
    },
  };
}
