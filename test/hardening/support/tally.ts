import { appendFileSync } from 'node:fs';
import { expect, inject } from 'vitest';

export interface CheckRecord {
  category: string;
  name: string;
  ok: boolean;
  message?: string;
}

/**
 * Many small checks per test: each is counted (per category, for the closing totals) and every
 * failure is listed, then the test fails if any did — one bad route never hides the others.
 */
export class Checks {
  private readonly failures: string[] = [];

  constructor(private readonly category: string) {}

  async check(name: string, fn: () => unknown | Promise<unknown>): Promise<boolean> {
    try {
      await fn();
      this.record({ category: this.category, name, ok: true });
      return true;
    } catch (error) {
      const message =
        error instanceof Error ? error.message.split('\n').slice(0, 6).join(' ') : String(error);
      this.failures.push(`${name}: ${message}`);
      this.record({ category: this.category, name, ok: false, message });
      return false;
    }
  }

  /** Fails the current test with every failed check listed. */
  assertAllPassed(): void {
    expect(this.failures, `${this.failures.length} failed check(s) in ${this.category}`).toEqual([]);
  }

  private record(entry: CheckRecord): void {
    appendFileSync(inject('hardeningTally'), `${JSON.stringify(entry)}\n`);
  }
}

/** Asserts the API's error shape: `{"error": {"code": snake_case, "message": text}}` (optional details). */
export function expectErrorShape(status: number, body: unknown, text: string): void {
  expect(status, text.slice(0, 300)).toBeGreaterThanOrEqual(400);
  expect(status, text.slice(0, 300)).toBeLessThan(500);
  expect(body, text.slice(0, 300)).toMatchObject({
    error: { code: expect.stringMatching(/^[a-z][a-z0-9_]*$/), message: expect.any(String) },
  });
}
