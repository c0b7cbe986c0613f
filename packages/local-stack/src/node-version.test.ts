import { describe, expect, it } from 'vitest';
import { nodeVersionProblem } from './node-version';

describe('nodeVersionProblem', () => {
  it('accepts Node 24 and newer', () => {
    expect(nodeVersionProblem('24.0.0')).toBeUndefined();
    expect(nodeVersionProblem('25.1.2')).toBeUndefined();
  });

  it('tells an older Node what to do', () => {
    const problem = nodeVersionProblem('20.20.2');
    expect(problem).toContain('this is Node 20.20.2');
    expect(problem).toContain('scripts/ensure-node24.sh');
  });
});
