import { describe, expect, it } from 'vitest';
import { ConflictError, NotFoundError, ValidationError } from '../errors';
import { newId } from '../ids';
import type { Todo } from './todo';
import type { TodoRepository } from './todo-repository';
import { clearCompletedTodos, createTodo, deleteTodo, getTodo, listTodos, updateTodo } from './todo-service';

const userId = 'u-1';

/** Records calls; answers like an empty table. Real DynamoDB behaviour is covered by the integration tests. */
function recordingRepository(overrides: Partial<TodoRepository> = {}) {
  const calls: string[] = [];
  const repo: TodoRepository = {
    create: async () => {
      calls.push('create');
    },
    get: async () => {
      calls.push('get');
      return undefined;
    },
    list: async () => {
      calls.push('list');
      return { items: [], hasMore: false };
    },
    update: async () => {
      calls.push('update');
      return { outcome: 'not_found' };
    },
    delete: async () => {
      calls.push('delete');
      return false;
    },
    deleteDone: async () => {
      calls.push('deleteDone');
      return 0;
    },
    deleteAll: async () => {
      calls.push('deleteAll');
      return 0;
    },
    ...overrides,
  };
  return { repo, calls };
}

describe('todo use cases validate before touching storage', () => {
  it('createTodo builds a version-1 open todo', async () => {
    const { repo, calls } = recordingRepository();
    const now = new Date('2024-03-01T12:00:00.000Z');
    const todo = await createTodo(repo, userId, { title: ' Call mum ', dueDate: '2024-03-02' }, now);
    expect(todo).toMatchObject({
      title: 'Call mum',
      notes: '',
      done: false,
      dueDate: '2024-03-02',
      createdAt: now.toISOString(),
      updatedAt: now.toISOString(),
      version: 1,
    });
    expect(calls).toEqual(['create']);
  });

  it('refuses bad input without a write', async () => {
    const { repo, calls } = recordingRepository();
    await expect(createTodo(repo, userId, { title: '' })).rejects.toBeInstanceOf(ValidationError);
    await expect(updateTodo(repo, userId, newId(), { done: 'yes' }, undefined)).rejects.toBeInstanceOf(
      ValidationError,
    );
    await expect(updateTodo(repo, userId, newId(), { done: true }, '"x"')).rejects.toBeInstanceOf(
      ValidationError,
    );
    await expect(clearCompletedTodos(repo, userId, { status: 'open' })).rejects.toBeInstanceOf(
      ValidationError,
    );
    await expect(listTodos(repo, userId, { limit: '0' })).rejects.toBeInstanceOf(ValidationError);
    await expect(listTodos(repo, userId, { cursor: 'forged' })).rejects.toMatchObject({
      code: 'invalid_cursor',
    });
    expect(calls).toEqual([]);
  });

  it('answers 404 for an id that is not ours without a lookup', async () => {
    const { repo, calls } = recordingRepository();
    for (const id of [undefined, 'nope', 'a'.repeat(2000)]) {
      await expect(getTodo(repo, userId, id)).rejects.toBeInstanceOf(NotFoundError);
      await expect(deleteTodo(repo, userId, id)).rejects.toBeInstanceOf(NotFoundError);
      await expect(updateTodo(repo, userId, id, { done: true }, undefined)).rejects.toBeInstanceOf(
        NotFoundError,
      );
    }
    expect(calls).toEqual([]);
  });

  it('turns a stale version into a ConflictError with the current version', async () => {
    const { repo } = recordingRepository({
      update: async () => ({ outcome: 'version_conflict', currentVersion: 7 }),
    });
    const error = await updateTodo(repo, userId, newId(), { done: true }, '"6"').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConflictError);
    expect(error).toMatchObject({ code: 'version_conflict', details: { currentVersion: 7 } });
  });

  it('passes the If-Match version to the repository', async () => {
    let seen: number | undefined;
    const { repo } = recordingRepository({
      update: async (_u, id, _c, options) => {
        seen = options.expectedVersion;
        return { outcome: 'updated', todo: { id, version: 4 } as Todo };
      },
    });
    await updateTodo(repo, userId, newId(), { title: 'x' }, '"3"');
    expect(seen).toBe(3);
  });

  it('gives a cursor only when more todos follow', async () => {
    const items = [{ id: newId() } as Todo];
    const more = recordingRepository({ list: async () => ({ items, hasMore: true }) });
    const page = await listTodos(more.repo, userId, { status: 'open', limit: '1' });
    expect(page.nextCursor).toEqual(expect.any(String));
    // The cursor continues the same list for the same user.
    let after: string | undefined;
    const next = recordingRepository({
      list: async (_u, options) => {
        after = options.afterTodoId;
        return { items: [], hasMore: false };
      },
    });
    const last = await listTodos(next.repo, userId, { status: 'open', cursor: page.nextCursor ?? '' });
    expect(after).toBe(items[0]?.id);
    expect(last.nextCursor).toBeNull();
  });
});
