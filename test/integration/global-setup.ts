import type { TestProject } from 'vitest/node';
import { startTestStack } from '../support/stack-process';

/** One real local stack (no web app) for every integration test file. */
export default async function setup(project: TestProject) {
  const stack = await startTestStack({
    name: 'integration',
    web: 'none',
    env: { LOCAL_STACK_CREDENTIAL_TTL: '900' },
  });
  project.provide('stack', stack.info);
  return async () => {
    await stack.stop();
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    stack: import('@app/local-stack').StackInfo;
  }
}
