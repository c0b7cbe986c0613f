export * from './ports';
export type { StackInfo } from './stack';
export * from './stack';
export type { Provided, StackContext, StackStep } from './stack-context';
