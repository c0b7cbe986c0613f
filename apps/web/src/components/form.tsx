'use client';

import { type InputHTMLAttributes, type ReactNode, useId, useState } from 'react';
import { PASSWORD_RULES } from '@/lib/auth';

export function Field({
  label,
  hint,
  error,
  children,
  id,
}: {
  label: string;
  hint?: ReactNode;
  error?: string | null;
  id: string;
  children: ReactNode;
}) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {children}
      {hint ? (
        <div className="hint" id={`${id}-hint`}>
          {hint}
        </div>
      ) : null}
      {error ? (
        <div className="field-error" id={`${id}-error`}>
          {error}
        </div>
      ) : null}
    </div>
  );
}

type InputProps = Omit<InputHTMLAttributes<HTMLInputElement>, 'id'> & {
  label: string;
  hint?: ReactNode;
  error?: string | null;
  testId?: string;
};

export function TextField({ label, hint, error, testId, type = 'text', ...input }: InputProps) {
  const id = useId();
  const describedBy =
    [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <Field label={label} hint={hint} error={error} id={id}>
      <input
        id={id}
        type={type}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy}
        data-testid={testId}
        {...input}
      />
    </Field>
  );
}

/** Password input with a show/hide toggle and, for new passwords, the pool's policy ticked off live. */
export function PasswordField({ showRules, ...props }: InputProps & { showRules?: boolean }) {
  const [visible, setVisible] = useState(false);
  const id = useId();
  const value = String(props.value ?? '');
  const { label, hint, error, testId, ...input } = props;
  const describedBy =
    [showRules ? `${id}-rules` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <Field label={label} hint={hint} error={error} id={id}>
      <div className="row" style={{ flexWrap: 'nowrap' }}>
        <input
          id={id}
          type={visible ? 'text' : 'password'}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy}
          data-testid={testId}
          {...input}
        />
        <button
          type="button"
          className="button button-quiet button-small"
          aria-pressed={visible}
          aria-controls={id}
          onClick={() => setVisible((v) => !v)}
        >
          {visible ? 'Hide' : 'Show'}
        </button>
      </div>
      {showRules ? (
        <ul className="password-rules" id={`${id}-rules`} aria-label="Password rules">
          {PASSWORD_RULES.map((rule) => {
            const ok = rule.test(value);
            return (
              <li key={rule.label} className={ok ? 'ok' : 'todo'}>
                {rule.label}
                <span className="visually-hidden">{ok ? ' (done)' : ' (missing)'}</span>
              </li>
            );
          })}
        </ul>
      ) : null}
    </Field>
  );
}

export { safeNext } from '@/lib/navigation';
