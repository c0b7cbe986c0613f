import type { NextConfig } from 'next';

// Static export only: the site is plain files on S3 + CloudFront; everything dynamic goes to the API.
const nextConfig: NextConfig = {
  output: 'export',
  reactStrictMode: true,
  poweredByHeader: false,
  images: { unoptimized: true },
  // Shared rules in TypeScript source (the S3 key layout), compiled with the app.
  transpilePackages: ['@app/images'],
  turbopack: {
    resolveAlias: {
      // The package's "browser" map names `./dist-es/index` while "module" says `./dist-es/index.js`,
      // so bundlers pick the Node entry (fs, child_process). Point at the browser entry directly.
      '@aws-sdk/credential-providers': '@aws-sdk/credential-providers/dist-es/index.browser.js',
    },
  },
};

export default nextConfig;
