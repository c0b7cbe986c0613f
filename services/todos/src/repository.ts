import { DynamoDbTodoRepository } from '@app/core/todos';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { config } from './config';

// Built once per container. Locally the endpoint comes from AWS_ENDPOINT_URL_DYNAMODB, set by the stack.
export const todoRepository = new DynamoDbTodoRepository({
  client: new DynamoDBClient({}),
  tableName: config.TODOS_TABLE,
});
