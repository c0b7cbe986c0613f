// The todos bounded context: domain functions, schemas and repositories.
export * from './dynamodb-todo-repository';
export * from './todo';
export * from './todo.schema';
export * from './todo-repository';
export * from './todo-service';
