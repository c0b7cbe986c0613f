import { createDocumentClient } from '@app/core/aws-clients';
import { DynamoDbTodoRepository } from '@app/core/todos';
import { config } from './config';

// config → clients → repositories, built once per container (pure: see ARCHITECTURE.md).
const { TODOS_TABLE } = config;

/** The caller's todos, in the todos table. */
export const todoRepository = /* @__PURE__ */ new DynamoDbTodoRepository(
  /* @__PURE__ */ createDocumentClient(),
  TODOS_TABLE,
);
