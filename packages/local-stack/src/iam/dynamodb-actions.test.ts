import { describe, expect, it } from 'vitest';
import { dynamoDbAccesses } from './dynamodb-actions';

const arn = (table: string) => `arn:aws:dynamodb:us-east-1:000000000000:table/${table}`;

describe('dynamoDbAccesses', () => {
  it('checks single-item operations and DescribeTable on the table', () => {
    expect(dynamoDbAccesses('PutItem', { TableName: 'todos' }, arn)).toEqual([
      { action: 'dynamodb:PutItem', resource: arn('todos') },
    ]);
    expect(dynamoDbAccesses('DescribeTable', { TableName: 'posts' }, arn)).toEqual([
      { action: 'dynamodb:DescribeTable', resource: arn('posts') },
    ]);
  });

  it('checks a Query on an index against the index ARN', () => {
    expect(dynamoDbAccesses('Query', { TableName: 'posts', IndexName: 'published' }, arn)).toEqual([
      { action: 'dynamodb:Query', resource: `${arn('posts')}/index/published` },
    ]);
  });

  it('checks batch operations once per table', () => {
    const body = { RequestItems: { todos: [{}], posts: [{}] } };
    expect(dynamoDbAccesses('BatchWriteItem', body, arn)).toEqual([
      { action: 'dynamodb:BatchWriteItem', resource: arn('todos') },
      { action: 'dynamodb:BatchWriteItem', resource: arn('posts') },
    ]);
    expect(dynamoDbAccesses('BatchGetItem', { RequestItems: { posts: {} } }, arn)).toEqual([
      { action: 'dynamodb:BatchGetItem', resource: arn('posts') },
    ]);
  });

  it('checks each transaction item with its own action (no TransactWriteItems action exists)', () => {
    const body = {
      TransactItems: [
        { Put: { TableName: 'posts' } },
        { Update: { TableName: 'posts' } },
        { Delete: { TableName: 'slugs' } },
        { ConditionCheck: { TableName: 'users' } },
      ],
    };
    expect(dynamoDbAccesses('TransactWriteItems', body, arn)).toEqual([
      { action: 'dynamodb:PutItem', resource: arn('posts') },
      { action: 'dynamodb:UpdateItem', resource: arn('posts') },
      { action: 'dynamodb:DeleteItem', resource: arn('slugs') },
      { action: 'dynamodb:ConditionCheckItem', resource: arn('users') },
    ]);
    expect(
      dynamoDbAccesses('TransactGetItems', { TransactItems: [{ Get: { TableName: 'a' } }] }, arn),
    ).toEqual([{ action: 'dynamodb:GetItem', resource: arn('a') }]);
  });

  it('checks table-less operations on *', () => {
    expect(dynamoDbAccesses('ListTables', {}, arn)).toEqual([
      { action: 'dynamodb:ListTables', resource: '*' },
    ]);
  });
});
