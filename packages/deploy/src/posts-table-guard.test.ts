import { describe, expect, it } from 'vitest';
import { postsTableMigrationProblem } from './posts-table-guard';

describe('postsTableMigrationProblem', () => {
  it('stops a deploy over a stage whose posts table is still an AWS::DynamoDB::Table', () => {
    expect(postsTableMigrationProblem('AWS::DynamoDB::Table', 'mytodolist-myblog-prod')).toMatch(
      /mytodolist-myblog-prod: PostsTable .*import/,
    );
  });
  it('lets a first deploy and a global-table stage through', () => {
    expect(postsTableMigrationProblem(undefined, 's')).toBeUndefined();
    expect(postsTableMigrationProblem('AWS::DynamoDB::GlobalTable', 's')).toBeUndefined();
  });
});
