/// <reference types="vitest/config" />
import { fileURLToPath } from "node:url";

import tailwindcss from "@tailwindcss/vite";
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

// Django serves the built files as static files (static/app/, found through .vite/manifest.json by the
// {% vite_assets %} tag); in development `npm run dev` serves them from this port with hot reload.
export default defineConfig({
  base: "/static/app/",
  plugins: [react(), tailwindcss()],
  resolve: { alias: { "@": fileURLToPath(new URL("src", import.meta.url)) } },
  build: {
    outDir: "../static/app",
    emptyOutDir: true,
    manifest: true,
    rolldownOptions: { input: "src/main.tsx" },
  },
  server: {
    port: 5173,
    strictPort: true,
    // Asset URLs point here; Vite's default CORS lets Django's page on localhost or 127.0.0.1 load them.
    origin: "http://localhost:5173",
  },
  test: {
    environment: "jsdom",
    globals: true,
    setupFiles: ["src/test/setup.ts"],
    restoreMocks: true,
  },
});
