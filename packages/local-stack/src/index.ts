export * from './ports';
export * from './stack';
export type { StackInfo } from './stack';
