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

/** Fields that hand back the new text, already cleaned, rather than the change event. */
type ValueProps = Omit<InputProps, 'value' | 'onChange'> & {
  value: string;
  onValueChange(value: string): void;
};

/** The account's email; its autocomplete is `username` unless the form creates the account. */
export function EmailField({ onValueChange, ...props }: Omit<ValueProps, 'label'>) {
  return (
    <TextField
      label="Email"
      type="email"
      name="email"
      autoComplete="username"
      required
      {...props}
      onChange={(e) => onValueChange(e.target.value)}
    />
  );
}

/** The 6-digit code from an email: digits only, and the browser may offer it from the message. */
export function CodeField({ onValueChange, ...props }: ValueProps) {
  return (
    <TextField
      name="code"
      inputMode="numeric"
      autoComplete="one-time-code"
      maxLength={6}
      required
      {...props}
      onChange={(e) => onValueChange(e.target.value.replace(/\D/g, ''))}
    />
  );
}

/**
 * A password that hands back its text: the one the user has now (`current`; the browser may fill it
 * in), or one being chosen (`new`; the pool's rules are shown and ticked off as the user types).
 */
function PasswordValueField({
  purpose,
  onValueChange,
  ...props
}: ValueProps & { purpose: 'current' | 'new' }) {
  return (
    <PasswordField
      name={`${purpose}-password`}
      autoComplete={`${purpose}-password`}
      required
      showRules={purpose === 'new'}
      {...props}
      onChange={(e) => onValueChange(e.target.value)}
    />
  );
}

/** The password the user has now (sign-in, change password); labelled "Password" unless told. */
export function CurrentPasswordField(props: Omit<ValueProps, 'label'> & { label?: string }) {
  return <PasswordValueField purpose="current" label="Password" {...props} />;
}

/** A password being chosen (sign-up, reset, change password). */
export function NewPasswordField(props: ValueProps) {
  return <PasswordValueField purpose="new" {...props} />;
}

/** The form's main button; it says what is happening while the form is busy. */
export function SubmitButton({
  busy,
  busyLabel,
  disabled,
  testId,
  children,
}: {
  busy: boolean;
  busyLabel: string;
  disabled?: boolean;
  testId: string;
  children: ReactNode;
}) {
  return (
    <button type="submit" className="button" disabled={busy || disabled} data-testid={testId}>
      {busy ? busyLabel : children}
    </button>
  );
}
