import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';

// The dashboard imports the server's protocol types from ../server/protocol.ts (one file for both sides).
export default defineConfig({
  root: new URL('.', import.meta.url).pathname,
  plugins: [svelte()],
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2022' },
  server: { fs: { allow: ['..'] } },
});
