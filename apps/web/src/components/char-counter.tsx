import { charCount } from '@app/core/limits';

/** Length as the API counts it (code points): the one rule, from core. */
export { charCount };

/**
 * "12 / 200" under a text input, updated as the user types. Screen readers hear it only near the
 * limit (announcing every keystroke would drown the field out); over the limit it turns red.
 */
export function CharCounter({ value, max, id }: { value: string; max: number; id?: string }) {
  const count = charCount(value);
  const over = count > max;
  return (
    <span
      id={id}
      className={`char-counter${over ? ' over' : ''}`}
      aria-live={count >= max * 0.9 ? 'polite' : 'off'}
      data-testid="char-counter"
    >
      {count} / {max}
      {over ? ` — ${count - max} too many` : ''}
    </span>
  );
}
