/** One IAM check a DynamoDB request needs: the action on one table, index or stream ARN. */
export interface DynamoDbAccess {
  action: string;
  resource: string;
}

type Body = Record<string, unknown>;

const TRANSACT_WRITE: Record<string, string> = {
  Put: 'dynamodb:PutItem',
  Update: 'dynamodb:UpdateItem',
  Delete: 'dynamodb:DeleteItem',
  ConditionCheck: 'dynamodb:ConditionCheckItem',
};

/**
 * The IAM checks of one DynamoDB JSON-protocol request (`X-Amz-Target: DynamoDB_20120810.<Op>`), as
 * DynamoDB authorizes it: the operation's action on the table (Query and Scan on an index: on the
 * index ARN); batch operations once per table; transactions per item with the item's own action
 * (TransactWriteItems has no IAM action of its own). Operations without a table (ListTables) are
 * checked on `*`.
 */
export function dynamoDbAccesses(
  operation: string,
  body: Body,
  tableArn: (table: string) => string,
): DynamoDbAccess[] {
  const action = `dynamodb:${operation}`;
  const tables = (requestItems: unknown) => Object.keys((requestItems as Body | undefined) ?? {});
  switch (operation) {
    case 'BatchGetItem':
    case 'BatchWriteItem':
      return tables(body.RequestItems).map((t) => ({ action, resource: tableArn(t) }));
    case 'TransactWriteItems':
      return ((body.TransactItems as Body[] | undefined) ?? []).flatMap((item) =>
        Object.entries(item).map(([kind, spec]) => ({
          action: TRANSACT_WRITE[kind] ?? `dynamodb:${kind}`,
          resource: tableArn(String((spec as Body).TableName)),
        })),
      );
    case 'TransactGetItems':
      return ((body.TransactItems as Body[] | undefined) ?? []).map((item) => ({
        action: 'dynamodb:GetItem',
        resource: tableArn(String((item.Get as Body | undefined)?.TableName)),
      }));
    case 'DescribeStream':
    case 'GetShardIterator':
    case 'GetRecords':
      return [{ action, resource: String(body.StreamArn ?? '*') }];
    default: {
      if (typeof body.TableName !== 'string') return [{ action, resource: '*' }];
      const table = tableArn(body.TableName);
      const index = typeof body.IndexName === 'string' ? `${table}/index/${body.IndexName}` : table;
      return [{ action, resource: index }];
    }
  }
}
