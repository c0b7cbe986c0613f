import { privateFilesPrefix } from '@app/images/s3-keys';
import type { S3Access } from '@/lib/s3';

/** The caller's own folder in the files bucket (keyed by the user-pool sub): every key it lists, reads or writes. */
export function filesPrefix(access: S3Access): string {
  return privateFilesPrefix(access.userId);
}

/** Keeps the user's file name, minus what would break the key (slashes, control characters). */
export function keyName(name: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping control characters is the point
  const cleaned = name.replace(/[/\\\u0000-\u001f\u007f]+/g, '-').trim();
  return cleaned.slice(-200) || 'file';
}

/** `notes.txt` → `notes (2).txt`: the first name not in `taken`. */
export function freeName(name: string, taken: ReadonlySet<string>): string {
  if (!taken.has(name)) return name;
  const dot = name.lastIndexOf('.');
  const [stem, ext] = dot > 0 ? [name.slice(0, dot), name.slice(dot)] : [name, ''];
  for (let n = 2; ; n++) {
    const candidate = `${stem} (${n})${ext}`;
    if (!taken.has(candidate)) return candidate;
  }
}
