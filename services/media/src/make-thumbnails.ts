// Placeholder until this route is built: answers 501 so nothing pretends to work.
export const handler = async () => ({
  statusCode: 501,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ error: { code: 'not_implemented', message: 'Not implemented yet' } }),
});
