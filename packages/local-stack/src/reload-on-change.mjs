// Preloaded (`node --import`) into serverless-offline and, through the inherited execArgv, into each
// Lambda worker thread. serverless-offline re-imports the handler on every invocation; ESM caches
// the import, so a warm worker keeps its module. This hook versions the URL of each bundled handler
// by its file's mtime: an unchanged bundle stays cached (warm), a rebuilt one (serverless-esbuild
// watch) is imported afresh on the next request — reload on change, not per request.
import { statSync } from 'node:fs';
import { registerHooks } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';

const buildDir = process.env.LOCAL_HANDLER_BUILD_DIR;
const root = buildDir ? pathToFileURL(buildDir).href : undefined;

if (root) {
  registerHooks({
    resolve(specifier, context, nextResolve) {
      const result = nextResolve(specifier, context);
      const url = result.url;
      if (!url.startsWith(root) || !url.endsWith('.mjs') || url.includes('/node_modules/')) return result;
      try {
        return { ...result, url: `${url}?v=${statSync(fileURLToPath(url)).mtimeMs}` };
      } catch {
        return result;
      }
    },
  });
}
