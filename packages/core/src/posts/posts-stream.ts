import * as z from '../zod';

// A string attribute of a stream image as DynamoDB sends it (`{ S: '…' }`); `{ NULL: true }` (a
// post without a cover) reads as no value.
const text = z.optional(z.object({ S: z.optional(z.string()) }));
const postImage = z.optional(z.object({ authorId: text, status: text, coverImage: text }));

/** A posts-table stream record (NEW_AND_OLD_IMAGES), as far as the stream consumers read it. */
export const postsStreamRecord = z.object({
  eventName: z.enum(['INSERT', 'MODIFY', 'REMOVE']),
  dynamodb: z.object({
    Keys: z.object({ pk: z.object({ S: z.string() }) }),
    SequenceNumber: z.string().check(z.minLength(1)),
    NewImage: postImage,
    OldImage: postImage,
  }),
});
export type PostsStreamRecord = z.infer<typeof postsStreamRecord>;

/** The post id of a post item's change (`POST#{id}`); undefined for slug reservations and image statuses. */
export function changedPostId(record: PostsStreamRecord): string | undefined {
  const pk = record.dynamodb.Keys.pk.S;
  return pk.startsWith('POST#') ? pk.slice('POST#'.length) : undefined;
}
