import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  BatchWriteCommand,
  type BatchWriteCommandInput,
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  type QueryCommandInput,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { statusKey, type Todo, type TodoStatusFilter } from './todo';
import type { ListTodosPage, TodoChanges, TodoRepository, UpdateTodoResult } from './todo-repository';

/** The name of the local secondary index sorted by `statusTodoId` (see serverless.yml). */
export const BY_STATUS_INDEX = 'byStatus';

/** A row of the todos table: the domain fields plus the keys (`todoId` is the todo's `id`). */
type TodoItem = Omit<Todo, 'id'> & { userId: string; todoId: string; statusTodoId: string };

type Key = Record<string, string>;

function toItem(userId: string, todo: Todo): TodoItem {
  return {
    userId,
    todoId: todo.id,
    statusTodoId: statusKey(todo.done, todo.id),
    title: todo.title,
    notes: todo.notes,
    done: todo.done,
    dueDate: todo.dueDate,
    createdAt: todo.createdAt,
    updatedAt: todo.updatedAt,
    version: todo.version,
  };
}

function fromItem(item: Record<string, unknown>): Todo {
  const row = item as Partial<TodoItem>;
  return {
    id: String(row.todoId),
    title: String(row.title ?? ''),
    notes: typeof row.notes === 'string' ? row.notes : '',
    done: row.done === true,
    dueDate: typeof row.dueDate === 'string' ? row.dueDate : null,
    createdAt: String(row.createdAt),
    updatedAt: String(row.updatedAt ?? row.createdAt),
    version: Number(row.version ?? 1),
  };
}

export interface DynamoDbTodoRepositoryOptions {
  /** BatchWriteItem retries of UnprocessedItems before giving up (default 8). */
  maxBatchAttempts?: number;
  /** First backoff in ms, doubled per attempt with full jitter (default 50). */
  batchBackoffMs?: number;
}

const BATCH_SIZE = 25;
const PARALLEL_BATCHES = 4;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Todos in DynamoDB: PK `userId`, SK `todoId` (a ULID, so a descending Query is newest first),
 * and the `byStatus` LSI on `statusTodoId` for the open/done filters. Only GetItem, Query and
 * key-addressed writes, always on the caller's partition.
 */
export class DynamoDbTodoRepository implements TodoRepository {
  private readonly maxBatchAttempts: number;
  private readonly batchBackoffMs: number;

  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
    options: DynamoDbTodoRepositoryOptions = {},
  ) {
    this.maxBatchAttempts = options.maxBatchAttempts ?? 8;
    this.batchBackoffMs = options.batchBackoffMs ?? 50;
  }

  async create(userId: string, todo: Todo): Promise<void> {
    await this.db.send(
      new PutCommand({
        TableName: this.table,
        Item: toItem(userId, todo),
        ConditionExpression: 'attribute_not_exists(todoId)',
      }),
    );
  }

  async get(userId: string, todoId: string): Promise<Todo | undefined> {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.table, Key: { userId, todoId }, ConsistentRead: true }),
    );
    return Item ? fromItem(Item) : undefined;
  }

  async list(
    userId: string,
    options: { status: TodoStatusFilter; limit: number; afterTodoId?: string },
  ): Promise<ListTodosPage> {
    const { status, limit, afterTodoId } = options;
    // One extra item tells whether another page exists, so the last page says so (nextCursor null)
    // instead of handing out a cursor to an empty page.
    const input: QueryCommandInput = {
      TableName: this.table,
      ScanIndexForward: false,
      Limit: limit + 1,
    };
    if (status === 'all') {
      input.KeyConditionExpression = 'userId = :userId';
      input.ExpressionAttributeValues = { ':userId': userId };
      if (afterTodoId) input.ExclusiveStartKey = { userId, todoId: afterTodoId };
    } else {
      input.IndexName = BY_STATUS_INDEX;
      input.KeyConditionExpression = 'userId = :userId AND begins_with(statusTodoId, :prefix)';
      input.ExpressionAttributeValues = { ':userId': userId, ':prefix': `${status}#` };
      if (afterTodoId) {
        input.ExclusiveStartKey = { userId, todoId: afterTodoId, statusTodoId: `${status}#${afterTodoId}` };
      }
    }
    const items: Todo[] = [];
    // A Query page stops at 1 MB; keep reading until limit + 1 items or the end.
    do {
      const page = await this.db.send(new QueryCommand({ ...input, Limit: limit + 1 - items.length }));
      for (const item of page.Items ?? []) items.push(fromItem(item));
      input.ExclusiveStartKey = page.LastEvaluatedKey;
    } while (input.ExclusiveStartKey && items.length <= limit);
    return { items: items.slice(0, limit), hasMore: items.length > limit };
  }

  async update(
    userId: string,
    todoId: string,
    changes: TodoChanges,
    options: { updatedAt: string; expectedVersion?: number },
  ): Promise<UpdateTodoResult> {
    const names: Record<string, string> = { '#version': 'version', '#updatedAt': 'updatedAt' };
    const values: Record<string, unknown> = { ':one': 1, ':updatedAt': options.updatedAt };
    const sets = ['#version = #version + :one', '#updatedAt = :updatedAt'];
    const set = (field: string, value: unknown) => {
      names[`#${field}`] = field;
      values[`:${field}`] = value;
      sets.push(`#${field} = :${field}`);
    };
    if (changes.title !== undefined) set('title', changes.title);
    if (changes.notes !== undefined) set('notes', changes.notes);
    if (changes.dueDate !== undefined) set('dueDate', changes.dueDate);
    if (changes.done !== undefined) {
      set('done', changes.done);
      // The index key moves with `done`, in the same write.
      set('statusTodoId', statusKey(changes.done, todoId));
    }
    let condition = 'attribute_exists(todoId)';
    if (options.expectedVersion !== undefined) {
      condition += ' AND #version = :expectedVersion';
      values[':expectedVersion'] = options.expectedVersion;
    }
    try {
      const { Attributes } = await this.db.send(
        new UpdateCommand({
          TableName: this.table,
          Key: { userId, todoId },
          UpdateExpression: `SET ${sets.join(', ')}`,
          ConditionExpression: condition,
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
          ReturnValues: 'ALL_NEW',
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
      return { outcome: 'updated', todo: fromItem(Attributes ?? {}) };
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      // With ALL_OLD the failure carries the current item (raw attribute values) when there is
      // one; where it does not, a consistent read tells "gone" (404) from "changed" (409).
      const oldVersion = error.Item?.version?.N;
      if (oldVersion !== undefined)
        return { outcome: 'version_conflict', currentVersion: Number(oldVersion) };
      const current = await this.get(userId, todoId);
      if (!current) return { outcome: 'not_found' };
      return { outcome: 'version_conflict', currentVersion: current.version };
    }
  }

  async delete(userId: string, todoId: string): Promise<boolean> {
    try {
      await this.db.send(
        new DeleteCommand({
          TableName: this.table,
          Key: { userId, todoId },
          ConditionExpression: 'attribute_exists(todoId)',
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  /**
   * Clear completed: Query the done keys on the index, then BatchWriteItem in chunks of 25.
   * BatchWriteItem has no conditions, so a todo reopened between the Query and the delete is
   * still deleted; the window is a few milliseconds and the user asked to clear what they saw.
   */
  async deleteDone(userId: string): Promise<number> {
    return this.deleteWhere(
      {
        IndexName: BY_STATUS_INDEX,
        KeyConditionExpression: 'userId = :userId AND begins_with(statusTodoId, :done)',
        ExpressionAttributeValues: { ':userId': userId, ':done': 'done#' },
      },
      userId,
    );
  }

  /** Account deletion: every todo in the user's partition, by the same Query-then-batch path. */
  async deleteAll(userId: string): Promise<number> {
    return this.deleteWhere(
      { KeyConditionExpression: 'userId = :userId', ExpressionAttributeValues: { ':userId': userId } },
      userId,
    );
  }

  private async deleteWhere(
    query: Pick<QueryCommandInput, 'IndexName' | 'KeyConditionExpression' | 'ExpressionAttributeValues'>,
    userId: string,
  ): Promise<number> {
    let deleted = 0;
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.db.send(
        new QueryCommand({
          TableName: this.table,
          ...query,
          ProjectionExpression: 'todoId',
          ExclusiveStartKey: startKey,
        }),
      );
      const keys: Key[] = (page.Items ?? []).map((item) => ({ userId, todoId: String(item.todoId) }));
      const chunks: Key[][] = [];
      for (let i = 0; i < keys.length; i += BATCH_SIZE) chunks.push(keys.slice(i, i + BATCH_SIZE));
      for (let i = 0; i < chunks.length; i += PARALLEL_BATCHES) {
        await Promise.all(chunks.slice(i, i + PARALLEL_BATCHES).map((chunk) => this.batchDelete(chunk)));
      }
      deleted += keys.length;
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return deleted;
  }

  /** One BatchWriteItem of ≤ 25 deletes, retrying UnprocessedItems with exponential backoff and jitter. */
  private async batchDelete(keys: Key[]): Promise<void> {
    let requests: NonNullable<BatchWriteCommandInput['RequestItems']>[string] = keys.map((Key) => ({
      DeleteRequest: { Key },
    }));
    for (let attempt = 0; requests.length > 0; attempt++) {
      if (attempt >= this.maxBatchAttempts) {
        throw new Error(
          `BatchWriteItem left ${requests.length} deletes unprocessed after ${attempt} attempts`,
        );
      }
      if (attempt > 0) await sleep(Math.random() * this.batchBackoffMs * 2 ** (attempt - 1));
      const { UnprocessedItems } = await this.db.send(
        new BatchWriteCommand({ RequestItems: { [this.table]: requests } }),
      );
      requests = UnprocessedItems?.[this.table] ?? [];
    }
  }
}
