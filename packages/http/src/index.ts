export * from './auth';
export * from './config';
export * from './error-mapper';
export * from './etag';
export * from './handler';
export * from './logger';
