// Bundled CommonJS packages (pg) call require(); ESM output has none, so each ESM bundle (and chunk) gets one.
export const requireShim =
  "import { createRequire as __gatehouseRequire } from 'node:module'; const require = __gatehouseRequire(import.meta.url);";
