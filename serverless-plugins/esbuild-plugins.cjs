'use strict';

/**
 * esbuild plugins of the Lambda bundles (serverless.yml `custom.esbuild.plugins`); the bundle bench
 * (bench/bundles.ts) builds with the same list.
 *
 * lazyEventStreamsOff: the AWS SDK loads its event-stream support (codec, marshallers, CRC32 and
 * SHA-256 in JS: ~19 KiB minified) with a dynamic `import('@smithy/core/event-streams')`, only
 * when an operation streams events (S3 SelectObjectContent, Lambda or Bedrock response streams…).
 * A single-file bundle inlines dynamic imports, so every function carried it, parsed at every cold
 * start. No function here calls such an operation, so that lazy import gets a module that says
 * so (a clear error, not a missing module). A static import of the module (S3's client config
 * imports its resolvers) is bundled as before. A function that needs event streams: drop this
 * plugin (every bundle grows ~19 KiB again).
 */
const EVENT_STREAMS = '@smithy/core/event-streams';
const NOT_BUNDLED = `throw new Error(${JSON.stringify(
  `${EVENT_STREAMS} is left out of the Lambda bundles (serverless-plugins/esbuild-plugins.cjs, lazyEventStreamsOff): remove that plugin to call an event-stream operation`,
)});`;

/** @type {import('esbuild').Plugin} */
const lazyEventStreamsOff = {
  name: 'lazy-event-streams-off',
  setup(build) {
    build.onResolve({ filter: /^@smithy\/core\/event-streams$/ }, (args) =>
      args.kind === 'dynamic-import' ? { path: EVENT_STREAMS, namespace: 'not-bundled' } : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'not-bundled' }, () => ({ contents: NOT_BUNDLED, loader: 'js' }));
  },
};

module.exports = [lazyEventStreamsOff];
