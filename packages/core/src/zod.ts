/**
 * zod as this codebase uses it: the tree-shakable `zod/mini` API (classic zod's chained methods
 * cannot be dropped from a bundle: ~90 KiB in every function, ~25 KiB this way). Import `z` from
 * here (`@app/core/zod` outside core), never from 'zod' directly.
 */
import en from 'zod/v4/locales/en.js';

export * from 'zod/mini';

/**
 * Parse options giving zod/mini the English messages classic zod loads by itself, so every
 * validation message stays word for word the same (`parseInput`, `readEnv`). An option rather
 * than a global `config(en())`: a bundler drops that call from a side-effect-free package.
 */
export const englishMessages = { error: /* @__PURE__ */ en().localeError };
