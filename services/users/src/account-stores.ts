import { deleteS3Objects } from '@app/core/posts/s3-media-bucket';
import type { AccountDirectory, AccountObjectStore } from '@app/core/users';
import {
  AdminDeleteUserCommand,
  type CognitoIdentityProviderClient,
  UserNotFoundException,
} from '@aws-sdk/client-cognito-identity-provider';
import { ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';

/** A user's objects in the app's buckets: ListObjectsV2 on the prefix, then DeleteObject per key. */
export class S3AccountObjectStore implements AccountObjectStore {
  constructor(
    private readonly s3: S3Client,
    private readonly buckets: { files: string; media: string },
  ) {}

  async deletePrefix(bucket: 'files' | 'media', prefix: string): Promise<string[]> {
    const Bucket = this.buckets[bucket];
    const deleted: string[] = [];
    let ContinuationToken: string | undefined;
    do {
      const page = await this.s3.send(
        new ListObjectsV2Command({ Bucket, Prefix: prefix, ContinuationToken }),
      );
      const keys = (page.Contents ?? []).flatMap((o) => (o.Key ? [o.Key] : []));
      await this.deleteKeys(bucket, keys);
      deleted.push(...keys);
      ContinuationToken = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (ContinuationToken);
    return deleted;
  }

  async deleteKeys(bucket: 'files' | 'media', keys: readonly string[]): Promise<void> {
    await deleteS3Objects(this.s3, this.buckets[bucket], keys);
  }
}

/** The Cognito user pool. With e-mail as the username attribute, the user's `sub` is its username. */
export class CognitoAccountDirectory implements AccountDirectory {
  constructor(
    private readonly cognito: CognitoIdentityProviderClient,
    private readonly userPoolId: string,
  ) {}

  async deleteUser(userId: string): Promise<void> {
    try {
      await this.cognito.send(new AdminDeleteUserCommand({ UserPoolId: this.userPoolId, Username: userId }));
    } catch (error) {
      if (!(error instanceof UserNotFoundException)) throw error;
    }
  }
}
