import type { DynamoDBRecord } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { type CdnInvalidator, invalidatePublicPosts, PUBLIC_POST_PATHS } from './cdn-invalidation';

type Status = 'draft' | 'published' | undefined;
let sequence = 100;
function change(
  eventName: 'INSERT' | 'MODIFY' | 'REMOVE',
  pk: string,
  before: Status,
  after: Status,
): DynamoDBRecord {
  sequence += 1;
  const image = (status: Status) => (status ? { pk: { S: pk }, status: { S: status } } : undefined);
  return {
    eventName,
    dynamodb: {
      Keys: { pk: { S: pk }, sk: { S: pk.split('#')[0] as string } },
      SequenceNumber: String(sequence),
      OldImage: image(before),
      NewImage: image(after),
    },
  } as DynamoDBRecord;
}

function recordingCdn() {
  const calls: { paths: readonly string[]; callerReference: string }[] = [];
  const cdn: CdnInvalidator = {
    invalidate: async (paths, callerReference) => {
      calls.push({ paths, callerReference });
    },
  };
  return { cdn, calls };
}

describe('invalidatePublicPosts', () => {
  it.each([
    ['a post published on creation', change('INSERT', 'POST#1', undefined, 'published')],
    ['a draft published', change('MODIFY', 'POST#1', 'draft', 'published')],
    ['a published post edited', change('MODIFY', 'POST#1', 'published', 'published')],
    ['a published post unpublished', change('MODIFY', 'POST#1', 'published', 'draft')],
    ['a published post deleted', change('REMOVE', 'POST#1', 'published', undefined)],
  ])('invalidates the public post reads for %s', async (_, record) => {
    const { cdn, calls } = recordingCdn();
    expect(await invalidatePublicPosts(cdn, [record])).toEqual(PUBLIC_POST_PATHS);
    expect(calls).toHaveLength(1);
    expect(calls[0]?.paths).toEqual(['/api/posts*', '/posts*']);
  });

  it('does nothing for drafts, slug reservations and image statuses', async () => {
    const { cdn, calls } = recordingCdn();
    const records = [
      change('INSERT', 'POST#2', undefined, 'draft'),
      change('MODIFY', 'POST#2', 'draft', 'draft'),
      change('REMOVE', 'POST#2', 'draft', undefined),
      change('INSERT', 'SLUG#hello', undefined, 'published'),
      change('INSERT', 'IMAGE#uploads/u/a.jpg', undefined, undefined),
    ];
    expect(await invalidatePublicPosts(cdn, records)).toEqual([]);
    expect(calls).toEqual([]);
  });

  it('makes one invalidation per batch, with a caller reference that a retry of the batch repeats', async () => {
    const { cdn, calls } = recordingCdn();
    const batch = [
      change('INSERT', 'POST#3', undefined, 'published'),
      change('INSERT', 'SLUG#three', undefined, undefined),
      change('MODIFY', 'POST#4', 'published', 'published'),
    ];
    await invalidatePublicPosts(cdn, batch);
    await invalidatePublicPosts(cdn, batch);
    await invalidatePublicPosts(cdn, [change('MODIFY', 'POST#3', 'published', 'published')]);
    expect(calls).toHaveLength(3);
    expect(calls[0]?.callerReference).toMatch(/^posts-stream-[0-9a-f]{32}$/);
    expect(calls[1]?.callerReference).toBe(calls[0]?.callerReference);
    expect(calls[2]?.callerReference).not.toBe(calls[0]?.callerReference);
  });

  it('refuses a record that is not a posts-table stream record (the batch fails and is retried, not skipped)', async () => {
    const { cdn, calls } = recordingCdn();
    await expect(invalidatePublicPosts(cdn, [{ eventName: 'INSERT' } as DynamoDBRecord])).rejects.toThrow();
    expect(calls).toEqual([]);
  });
});
