import type { IncomingMessage } from 'node:http';
import getRawBody from 'raw-body';

/**
 * A body the server will not read: 413 when it is over the limit, 400 when it does not match its
 * `Content-Length` or the client went away. Each server answers it in its own error shape.
 */
export class BodyError extends Error {
  override readonly name = 'BodyError';
  constructor(
    readonly status: 400 | 413,
    message: string,
  ) {
    super(message);
  }
}

/**
 * The whole request body, refused past `limitBytes` — up front when `Content-Length` already says
 * so. After a refusal the rest of the body is drained, so the client can still read the answer.
 */
export async function readBody(req: IncomingMessage, limitBytes: number): Promise<Buffer> {
  try {
    return await getRawBody(req, { limit: limitBytes, length: req.headers['content-length'] });
  } catch (error) {
    const { type, message } = error as { type?: unknown; message?: unknown };
    if (type === 'entity.too.large') {
      req.resume();
      throw new BodyError(413, `request body larger than ${limitBytes} bytes`);
    }
    throw new BodyError(400, typeof message === 'string' ? message : 'unreadable request body');
  }
}
