import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface LintFinding {
  rule: string;
  level: string;
  message: string;
  where: string;
}

/**
 * Runs cfn-lint on one template with the repository's `.cfnlintrc.yaml` (ignored warnings, each
 * with its reason). cfn-lint exits non-zero when it finds anything, so findings come from its JSON.
 */
export async function cfnLint(repoRoot: string, templatePath: string): Promise<LintFinding[]> {
  let stdout: string;
  try {
    ({ stdout } = await run('cfn-lint', ['--format', 'json', '--', templatePath], {
      cwd: repoRoot,
      maxBuffer: 16 * 1024 * 1024,
    }));
  } catch (error) {
    const failed = error as { code?: unknown; stdout?: string; stderr?: string };
    if (failed.code === 'ENOENT') throw new Error('cfn-lint is not installed (pip install cfn-lint)');
    if (!failed.stdout?.trim().startsWith('[')) throw new Error(`cfn-lint failed: ${failed.stderr ?? error}`);
    stdout = failed.stdout;
  }
  const matches = JSON.parse(stdout || '[]') as {
    Rule: { Id: string };
    Level: string;
    Message: string;
    Location: { Path?: unknown[]; Start: { LineNumber: number } };
  }[];
  return matches.map((m) => ({
    rule: m.Rule.Id,
    level: m.Level,
    message: m.Message,
    where: (m.Location.Path ?? []).slice(0, 2).join('/') || `line ${m.Location.Start.LineNumber}`,
  }));
}
