import { defineConfig } from "vitest/config";
import { svelte } from "@sveltejs/vite-plugin-svelte";
import { svelteTesting } from "@testing-library/svelte/vite";

// The app runs under a strict CSP (default-src 'self'; script-src 'self';
// style-src 'self'), so the build must not contain inline scripts or styles.
export default defineConfig({
  plugins: [svelte(), svelteTesting()],
  clearScreen: false,
  server: { port: 1420, strictPort: true, host: "127.0.0.1" },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    target: "es2022",
    // The preload polyfill would be an inline script in some set-ups.
    modulePreload: { polyfill: false },
    // Never inline assets as data: URLs (the CSP has no data: source).
    assetsInlineLimit: 0,
    cssCodeSplit: false,
    sourcemap: false,
  },
  css: {
    preprocessorOptions: {
      scss: { quietDeps: true, silenceDeprecations: ["import"] },
    },
  },
  test: {
    environment: "jsdom",
    globals: true,
    include: ["src/**/*.test.ts"],
    setupFiles: ["src/test/setup.ts"],
    env: { TZ: "Europe/London" },
  },
});
