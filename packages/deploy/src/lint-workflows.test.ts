import { describe, expect, it } from 'vitest';
import { lintWorkflow, lintWorkflows } from './lint-workflows';

describe('GitHub Actions workflows (actionlint, offline)', () => {
  it('the repository’s workflows lint clean', async () => {
    expect(await lintWorkflows()).toEqual([]);
  });

  it('the linter does find problems (an undefined job output, a bad runner label)', async () => {
    const broken = [
      'on: push',
      'jobs:',
      '  a:',
      '    runs-on: ubuntu-9000',
      '    steps:',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a GitHub Actions expression, not JS.
      '      - run: echo ${{ needs.nothing.outputs.x }}',
    ].join('\n');
    const problems = await lintWorkflow(broken, 'broken.yml');
    expect(problems.length).toBeGreaterThanOrEqual(2);
  });
});
