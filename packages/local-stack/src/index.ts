export * from './ports';
export type { StackInfo } from './stack';
export * from './stack';
