'use client';

import type { Message } from '@/components/message-region';
import { focusSoon, inItem } from '@/lib/focus';
import { useBusyIds } from '@/lib/use-busy-ids';
import type { StoredFile, useFiles } from './use-files';

/** Download and delete from the file list: the row is busy meanwhile, the outcome said in words. */
export function useFileActions(store: ReturnType<typeof useFiles>, say: (message: Message | null) => void) {
  const [busyKeys, setBusy] = useBusyIds();

  /** Runs `action` on `file` with its row busy; a failure is said as `what: why`. */
  async function withRow(file: StoredFile, what: string, action: () => Promise<void>): Promise<boolean> {
    setBusy(file.key, true);
    say(null);
    try {
      await action();
      return true;
    } catch (e) {
      say({ kind: 'error', text: `${what} ${file.name}: ${store.storageError(e).message}` });
      return false;
    } finally {
      setBusy(file.key, false);
    }
  }

  async function download(file: StoredFile) {
    await withRow(file, 'Could not download', () => store.download(file));
  }

  async function remove(file: StoredFile) {
    const index = store.files.findIndex((f) => f.key === file.key);
    const neighbour = store.files[index + 1] ?? store.files[index - 1];
    if (await withRow(file, 'Could not delete', () => store.remove(file))) {
      say({ kind: 'success', text: `Deleted ${file.name}.` });
      // Stay in the list: the next file's Download button (the deleted row's buttons are gone).
      focusSoon(...(neighbour ? [inItem('key', neighbour.key, 'file-download')] : []), '#file-input');
    } else {
      focusSoon(inItem('key', file.key, 'file-delete'));
    }
  }

  return { busyKeys, download, remove };
}
