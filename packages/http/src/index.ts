export { PRIVATE_NO_STORE, PRIVATE_REVALIDATE, PUBLIC_CACHE } from '@app/core/cache-control';
export * from './auth';
export * from './config';
export * from './error-mapper';
export * from './etag';
export * from './handler';
export * from './lambda-handler';
export * from './logger';
export * from './token-verifier';
