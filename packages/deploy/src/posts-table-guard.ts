import { CloudFormationClient, DescribeStackResourceCommand } from '@aws-sdk/client-cloudformation';

/**
 * Why a deploy must stop before `serverless deploy`, given the deployed PostsTable's resource type
 * (undefined: no such stack or resource yet). The posts table is an AWS::DynamoDB::GlobalTable; a
 * stage created when it was an AWS::DynamoDB::Table cannot be updated into one (CloudFormation does
 * not change a resource's type in place) and needs the one-time import of README, "Global tables".
 */
export function postsTableMigrationProblem(
  deployedType: string | undefined,
  stackName: string,
): string | undefined {
  if (deployedType !== 'AWS::DynamoDB::Table') return undefined;
  return (
    `${stackName}: PostsTable is deployed as AWS::DynamoDB::Table and is now an AWS::DynamoDB::GlobalTable. ` +
    'CloudFormation cannot change the type in place: import the table once as a global table first ' +
    '(README, "Global tables": retain, remove from the stack, import), then deploy again.'
  );
}

/** The deployed type of the stack's PostsTable, or undefined when the stack or the resource does not exist. */
export async function deployedPostsTableType(stackName: string, region: string): Promise<string | undefined> {
  const cloudformation = new CloudFormationClient({ region });
  try {
    const { StackResourceDetail } = await cloudformation.send(
      new DescribeStackResourceCommand({ StackName: stackName, LogicalResourceId: 'PostsTable' }),
    );
    return StackResourceDetail?.ResourceType;
  } catch (error) {
    // "Stack … does not exist" / "Resource PostsTable does not exist for stack …": a first deploy.
    if ((error as { name?: string }).name === 'ValidationError') return undefined;
    throw error;
  }
}
