import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';

// The dashboard imports the server's protocol types from ../server/protocol.ts (one file for both sides).
export default defineConfig({
  root: new URL('.', import.meta.url).pathname,
  plugins: [svelte()],
  // The trainer's 3D scene (three.js, about 575 kB) is a chunk of its own, loaded only for a virtual probe.
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2022', chunkSizeWarningLimit: 700 },
  server: { fs: { allow: ['..'] } },
});
