export * from './cursor';
export * from './env';
export * from './errors';
export * from './ids';
export * from './if-match';
export * from './limits';
export * from './text';
export * from './validation';
