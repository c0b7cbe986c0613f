import { type ApiResult, httpHandler } from '@app/http';

/** GET /health → liveness: no auth, no I/O. */
export async function getHealth(): Promise<ApiResult> {
  return { status: 200, body: { status: 'ok' } };
}

export const handler = httpHandler(getHealth, { auth: 'none' });
