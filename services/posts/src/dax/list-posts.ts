import { daxReadCache } from '@app/core/posts/dax-read-cache';
import { publicReadDeps } from '../deps';
import { listPostsHandler } from '../list-posts';

/**
 * listPosts as deployed with DAX (`--param="daxEnabled=true"`: serverless.yml picks this entry).
 * Only this build and `dax/get-post.ts` carry the DAX client (~370 KiB); the default build has none.
 */
export const handler = listPostsHandler(publicReadDeps(daxReadCache));
