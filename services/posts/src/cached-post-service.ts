import { daxReadCache } from './dax-read-cache';
import { posts, wiring } from './post-service';
import { wirePostServices } from './post-wiring';

/**
 * Posts for anonymous public reads: through DAX when POSTS_DAX_ENDPOINT is set (listPosts and
 * getPost only), else the same service as `posts`. Only those two functions bundle the DAX client.
 */
export const cachedPosts = wiring.daxEndpoint
  ? wirePostServices({ ...wiring, connectDax: daxReadCache }).cachedPosts
  : posts;
