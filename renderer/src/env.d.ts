/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
// The renderer runs in a browser; `window.gatehouse` is declared by src/api/desktop/window.d.ts.

// Vite bundles imported stylesheets.
declare module '*.css';
