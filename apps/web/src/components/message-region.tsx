import type { ReactNode } from 'react';
import { Notice } from './notice';

/** The outcome of the user's last action on a page. */
export interface Message {
  kind: 'error' | 'success' | 'info';
  text: string;
}

/**
 * Where a page says how the user's last action went. The live region stays mounted, so screen
 * readers announce each new message; `children` add a way forward after the text.
 */
export function MessageRegion({
  message,
  testId,
  onDismiss,
  children,
}: {
  message: Message | null;
  testId: string;
  onDismiss?: () => void;
  children?: ReactNode;
}) {
  return (
    <div aria-live="polite" aria-atomic="true">
      {message ? (
        <Notice kind={message.kind} testId={testId} onDismiss={onDismiss}>
          {message.text}
          {children}
        </Notice>
      ) : null}
    </div>
  );
}
