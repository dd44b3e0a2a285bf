import { defineConfig } from 'vitest/config';

// The server serves dist/index.html for /run/{slug} and dist/assets/* under /assets/,
// so asset URLs must be absolute from the root (base '/'), never relative to /run/.
export default defineConfig({
  base: '/',
  build: {
    outDir: 'dist',
    assetsDir: 'assets',
    emptyOutDir: true,
    target: 'es2022',
  },
  test: {
    environment: 'happy-dom',
    include: ['test/**/*.test.ts'],
  },
});
