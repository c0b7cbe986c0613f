import type { WebConfig } from '@app/core/web-config';

export type { WebConfig };

const REQUIRED = [
  'region',
  'apiUrl',
  'userPoolId',
  'userPoolClientId',
  'identityPoolId',
  'mediaPublicUrl',
] as const;

let pending: Promise<WebConfig> | undefined;

export function loadConfig(): Promise<WebConfig> {
  pending ??= fetchConfig().catch((error: unknown) => {
    pending = undefined;
    throw error;
  });
  return pending;
}

async function fetchConfig(): Promise<WebConfig> {
  const response = await fetch('/config.json', { cache: 'no-store' });
  if (!response.ok)
    throw new Error(`The app's settings (/config.json) could not be loaded (HTTP ${response.status}).`);
  const value = (await response.json()) as Partial<WebConfig>;
  const missing = REQUIRED.filter((key) => typeof value[key] !== 'string' || value[key] === '');
  if (missing.length > 0 || !value.buckets?.files || !value.buckets.media) {
    throw new Error(`The app's settings are incomplete (missing: ${[...missing, 'buckets'].join(', ')}).`);
  }
  return {
    ...(value as WebConfig),
    apiUrl: stripSlash(value.apiUrl as string),
    mediaPublicUrl: stripSlash(value.mediaPublicUrl as string),
  };
}

function stripSlash(url: string) {
  return url.replace(/\/+$/, '');
}
