'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { errorMessage } from '@/lib/api';
import { useApp } from '../app-context';
import { TextField } from '../form';
import { Notice } from '../notice';

const CONFIRM_WORD = 'DELETE';

/** DELETE /me, after the user types a word: todos, files, posts and the account itself go. */
export function DeleteAccountSection() {
  const { api, signOut } = useApp();
  const router = useRouter();
  const [typed, setTyped] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function remove() {
    setBusy(true);
    setError(null);
    try {
      await api('DELETE', '/me');
      signOut();
      router.replace('/?deleted=1');
    } catch (e) {
      setError(`Could not delete the account: ${errorMessage(e)} Nothing more was removed; try again.`);
      setBusy(false);
    }
  }

  return (
    <section className="card" aria-labelledby="delete-heading">
      <h2 id="delete-heading">Delete account</h2>
      <p>
        This removes your todos, your files, your posts with their images, your profile and your sign-in. It
        cannot be undone.
      </p>
      {error ? (
        <Notice kind="error" testId="delete-error">
          {error}
        </Notice>
      ) : null}
      <TextField
        label={`Type ${CONFIRM_WORD} to confirm`}
        autoComplete="off"
        value={typed}
        onChange={(e) => setTyped(e.target.value)}
        testId="delete-confirm"
      />
      <button
        type="button"
        className="button button-danger"
        disabled={busy || typed.trim() !== CONFIRM_WORD}
        onClick={() => void remove()}
        data-testid="delete-account"
      >
        {busy ? 'Deleting…' : 'Delete my account'}
      </button>
    </section>
  );
}
