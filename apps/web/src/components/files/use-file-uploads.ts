'use client';

import { useState } from 'react';
import { useApp } from '@/components/app-context';
import type { Message } from '@/components/message-region';
import { focusSoon } from '@/lib/focus';
import { formatBytes } from '@/lib/format';
import { useS3Upload } from '@/lib/use-s3-upload';
import { filesPrefix, freeName, keyName, type useFiles } from './use-files';

export const MAX_FILE_BYTES = 200 * 1024 * 1024;

/** A chosen file whose name is taken: the user says replace, keep both or skip. */
interface Conflict {
  file: File;
  name: string;
}

export type ConflictChoice = 'replace' | 'keepBoth' | 'skip';

const CONFLICT_BUTTON = '[data-testid="file-conflict-keep-both"]';

/**
 * My files' uploads (`useS3Upload`, as the blog editor's): size check, the name-conflict question,
 * and each finished upload joining `store`'s list at once (and leaving the upload list).
 */
export function useFileUploads(store: ReturnType<typeof useFiles>, say: (message: Message | null) => void) {
  const { config } = useApp();
  const uploader = useS3Upload();
  const [conflicts, setConflicts] = useState<Conflict[]>([]);

  /** `overwrites`: the user chose to replace the file of that name (a cancel never deletes it). */
  async function upload(file: File, name: string, overwrites = false) {
    const { id, done } = uploader.start({
      file,
      name,
      bucket: config.buckets.files,
      key: (a) => `${filesPrefix(a)}${name}`,
      overwrites,
    });
    const outcome = await done;
    if (outcome.status === 'done') {
      store.upsert({ key: outcome.key, name, size: file.size, lastModified: new Date() });
      uploader.dismiss(id);
      say({ kind: 'success', text: `Uploaded ${name}.` });
    } else if (outcome.status === 'error') {
      store.storageError(outcome.error);
    }
  }

  /** The names a new upload may not take without asking: listed files and uploads under way. */
  function takenNames(includeFinished: boolean): Set<string> {
    const uploads = uploader.uploads.filter((u) => includeFinished || u.status === 'uploading');
    return new Set([...store.files.map((f) => f.name), ...uploads.map((u) => u.name)]);
  }

  /** Uploads what fits at once; a too-large file is a failed row, a taken name asks first. */
  function start(chosen: File[]) {
    if (!store.access || chosen.length === 0) return;
    say(null);
    const taken = takenNames(false);
    const asked: Conflict[] = [];
    for (const file of chosen) {
      const name = keyName(file.name);
      if (file.size > MAX_FILE_BYTES)
        uploader.refuse(name, file.size, `Larger than ${formatBytes(MAX_FILE_BYTES)}.`);
      else if (taken.has(name)) asked.push({ file, name });
      else {
        taken.add(name);
        void upload(file, name);
      }
    }
    if (asked.length > 0) {
      setConflicts((current) => [...current, ...asked]);
      focusSoon(CONFLICT_BUTTON);
    }
  }

  /** The answer to the first open name conflict. */
  function resolve(choice: ConflictChoice) {
    const [first, ...rest] = conflicts;
    if (!first) return;
    setConflicts(rest);
    if (choice === 'replace') void upload(first.file, first.name, true);
    if (choice === 'keepBoth') void upload(first.file, freeName(first.name, takenNames(true)));
    focusSoon(...(rest.length > 0 ? [CONFLICT_BUTTON] : []), '#file-input');
  }

  return {
    uploads: uploader.uploads,
    cancel: uploader.cancel,
    clearFinished: uploader.clearFinished,
    conflict: conflicts[0]?.name ?? null,
    start,
    resolve,
  };
}
