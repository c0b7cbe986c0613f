import { DeleteCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { PostsTableRepository } from './document-reads';
import { imageKey } from './table-keys';

/** The outcome of making thumbnails for one upload, written by the thumbnail Lambda. */
export interface ImageStatusRecord {
  uploadKey: string;
  status: 'ready' | 'failed';
  /** Why it failed (human sentence), absent when ready. */
  reason?: string;
  /** Stable rejection code (`corrupt`, `pixel_limit`, …) or `source_error`. */
  code?: string;
  /** Thumbnail keys by suffix (`w320` → `thumbnails/…-w320.webp`); empty when failed. */
  thumbnails: Record<string, string>;
  widths: number[];
  /** ETag of the upload the record describes (no quotes): a re-delivered event for it is a no-op. */
  sourceEtag: string;
  updatedAt: string;
}

export interface MediaRepository {
  getStatus(uploadKey: string): Promise<ImageStatusRecord | undefined>;
  /** Statuses of several uploads at once (missing ones are absent from the map). */
  getStatuses(uploadKeys: readonly string[]): Promise<Map<string, ImageStatusRecord>>;
  putStatus(record: ImageStatusRecord): Promise<void>;
  deleteStatus(uploadKey: string): Promise<void>;
}

export class DynamoDbMediaRepository extends PostsTableRepository implements MediaRepository {
  async getStatus(uploadKey: string): Promise<ImageStatusRecord | undefined> {
    const Item = await this.getItem(imageKey(uploadKey));
    return Item ? toStatus(Item) : undefined;
  }

  async getStatuses(uploadKeys: readonly string[]): Promise<Map<string, ImageStatusRecord>> {
    const out = new Map<string, ImageStatusRecord>();
    let pending = [...new Set(uploadKeys)].map(imageKey);
    let retries = 0;
    while (pending.length > 0) {
      const batch = pending.slice(0, 100);
      pending = pending.slice(100);
      const result = await this.reads.batchGet({ RequestItems: { [this.tableName]: { Keys: batch } } });
      for (const item of result.Responses?.[this.tableName] ?? []) {
        const record = toStatus(item);
        out.set(record.uploadKey, record);
      }
      // Under load BatchGetItem hands some keys back unprocessed: retry them with backoff.
      const unprocessed = (result.UnprocessedKeys?.[this.tableName]?.Keys ?? []) as typeof pending;
      if (unprocessed.length > 0) {
        if (++retries > 8) throw new Error('BatchGetItem kept returning unprocessed keys');
        await new Promise((r) => setTimeout(r, Math.min(25 * 2 ** retries, 1000)));
        pending = [...unprocessed, ...pending];
      }
    }
    return out;
  }

  async putStatus(record: ImageStatusRecord): Promise<void> {
    await this.db.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { ...imageKey(record.uploadKey), type: 'image', ...record },
      }),
    );
  }

  async deleteStatus(uploadKey: string): Promise<void> {
    await this.db.send(new DeleteCommand({ TableName: this.tableName, Key: imageKey(uploadKey) }));
  }
}

function toStatus(item: Record<string, unknown>): ImageStatusRecord {
  const record: ImageStatusRecord = {
    uploadKey: String(item.uploadKey),
    status: item.status === 'ready' ? 'ready' : 'failed',
    thumbnails: (item.thumbnails as Record<string, string> | undefined) ?? {},
    widths: ((item.widths as number[] | undefined) ?? []).map(Number),
    sourceEtag: String(item.sourceEtag ?? ''),
    updatedAt: String(item.updatedAt),
  };
  if (typeof item.reason === 'string') record.reason = item.reason;
  if (typeof item.code === 'string') record.code = item.code;
  return record;
}
