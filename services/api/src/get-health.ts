import { httpHandler } from '@app/http';

/** Liveness: no auth, no I/O. */
export const getHealth = async () => ({ status: 200, body: { status: 'ok' } });

export const handler = httpHandler(getHealth, { auth: 'none' });
