import { daxReadCache } from '@app/core/posts/dax-read-cache';
import { publicReadDeps } from '../deps';
import { getPostHandler } from '../get-post';

/** getPost as deployed with DAX (see `dax/list-posts.ts`): anonymous reads go through the cluster. */
export const handler = getPostHandler(publicReadDeps(daxReadCache));
