'use client';

import type { CognitoUserSession } from 'amazon-cognito-identity-js';
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { type Api, createApi } from '@/lib/api';
import { AuthService, type SignedInUser, secondsUntilRefresh, userFromSession } from '@/lib/auth';
import { loadConfig, type WebConfig } from '@/lib/config';
import { forgetS3Access, getS3Access, type S3Access } from '@/lib/s3';
import { Frame } from './frame';

export type AuthStatus = 'loading' | 'signedIn' | 'signedOut';

export interface AppContextValue {
  config: WebConfig;
  auth: AuthService;
  status: AuthStatus;
  user: SignedInUser | null;
  /** The profile's display name (GET /me), shown in the header; null until known. */
  displayName: string | null;
  /** After the profile page saved a new name. */
  setDisplayName(name: string): void;
  /** Set when a stored session could not be renewed: pages show it next to the sign-in link. */
  sessionMessage: string | null;
  api: Api;
  /** Call after a sign-in: reads the stored session into the app state. */
  reloadSession(): Promise<void>;
  signOut(): void;
  s3(): Promise<S3Access>;
}

const AppContext = createContext<AppContextValue | null>(null);

export function useApp(): AppContextValue {
  const value = useContext(AppContext);
  if (!value) throw new Error('useApp() outside <AppProvider>');
  return value;
}

type ConfigState =
  | { kind: 'loading' }
  | { kind: 'ready'; config: WebConfig; auth: AuthService }
  | { kind: 'failed'; message: string };

export function AppProvider({ children }: { children: ReactNode }) {
  const [configState, setConfigState] = useState<ConfigState>({ kind: 'loading' });

  useEffect(() => {
    // The sign-in library is not loaded here: AuthService imports it when a session or a form needs it.
    loadConfig()
      .then((config) => ({ config, auth: new AuthService(config) }))
      .then(
        ({ config, auth }) => setConfigState({ kind: 'ready', config, auth }),
        (error: Error) => setConfigState({ kind: 'failed', message: error.message }),
      );
  }, []);

  if (configState.kind === 'loading') {
    return (
      <Frame>
        <p className="page-status" role="status">
          Loading…
        </p>
      </Frame>
    );
  }
  if (configState.kind === 'failed') {
    return (
      <Frame>
        <div className="notice notice-error" role="alert">
          <strong>The app could not start.</strong> {configState.message}
        </div>
      </Frame>
    );
  }
  return (
    <SessionProvider config={configState.config} auth={configState.auth}>
      {children}
    </SessionProvider>
  );
}

function SessionProvider({
  config,
  auth,
  children,
}: {
  config: WebConfig;
  auth: AuthService;
  children: ReactNode;
}) {
  const [status, setStatus] = useState<AuthStatus>('loading');
  const [user, setUser] = useState<SignedInUser | null>(null);
  const [session, setSession] = useState<CognitoUserSession | null>(null);
  const [sessionMessage, setSessionMessage] = useState<string | null>(null);
  const [displayName, setDisplayName] = useState<string | null>(null);

  const reloadSession = useCallback(async () => {
    try {
      const current = await auth.session();
      setSession(current);
      setUser(current ? userFromSession(current) : null);
      setStatus(current ? 'signedIn' : 'signedOut');
      if (current) setSessionMessage(null);
    } catch (error) {
      setSession(null);
      setUser(null);
      setStatus('signedOut');
      setSessionMessage((error as Error).message);
    }
  }, [auth]);

  useEffect(() => {
    void reloadSession();
  }, [reloadSession]);

  // Renew the tokens shortly before they expire, so a page left open keeps working.
  useEffect(() => {
    if (!session) return;
    const timer = setTimeout(() => void reloadSession(), secondsUntilRefresh(session) * 1000);
    return () => clearTimeout(timer);
  }, [session, reloadSession]);

  // A sign-in or sign-out in another tab.
  useEffect(() => {
    const onStorage = (event: StorageEvent) => {
      if (auth.isSessionKey(event.key)) void reloadSession();
    };
    window.addEventListener('storage', onStorage);
    return () => window.removeEventListener('storage', onStorage);
  }, [auth, reloadSession]);

  const signOut = useCallback(() => {
    auth.signOut();
    forgetS3Access();
    setSession(null);
    setUser(null);
    setSessionMessage(null);
    setStatus('signedOut');
  }, [auth]);

  const api = useMemo(
    () =>
      createApi(config.apiUrl, async () => {
        if (!auth.hasStoredSession()) return null;
        try {
          return await auth.accessToken();
        } catch (error) {
          // The stored session is gone for good: tell the app so pages show the sign-in prompt.
          if ((error as Error).name === 'SessionExpiredError') {
            setUser(null);
            setStatus('signedOut');
            setSessionMessage((error as Error).message);
          }
          throw error;
        }
      }),
    [config, auth],
  );

  // The header names the user as their posts do: the profile's display name, not the e-mail.
  // Keyed by the user's id: a token refresh (a new user object) must not drop the answer in flight.
  const userId = user?.sub;
  useEffect(() => {
    if (!userId) return setDisplayName(null);
    let current = true;
    api<{ displayName: string }>('GET', '/me').then(
      ({ body }) => current && setDisplayName(body.displayName),
      () => undefined,
    );
    return () => {
      current = false;
    };
  }, [api, userId]);

  const s3 = useCallback(() => {
    if (!user) return Promise.reject(new Error('Sign in to use your files.'));
    return getS3Access(config, auth, user.sub);
  }, [config, auth, user]);

  const value = useMemo<AppContextValue>(
    () => ({
      config,
      auth,
      status,
      user,
      displayName,
      setDisplayName,
      sessionMessage,
      api,
      reloadSession,
      signOut,
      s3,
    }),
    [config, auth, status, user, displayName, sessionMessage, api, reloadSession, signOut, s3],
  );
  return <AppContext.Provider value={value}>{children}</AppContext.Provider>;
}
