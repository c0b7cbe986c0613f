// The posts bounded context: domain functions, schemas and repositories. Adapters that pull in a
// heavy dependency are imported by path, so only the functions that use them bundle it:
// `@app/core/posts/s3-media-bucket` (S3), `@app/core/posts/dax-read-cache` (DAX),
// `@app/core/posts/process-upload` (sharp), `@app/core/posts/cloudfront-invalidator` (CloudFront).
export * from './author-directory';
export * from './cdn-invalidation';
export * from './document-reads';
export * from './image-status';
export * from './media-repository';
export * from './post';
export * from './post.schema';
export * from './post-deps';
export * from './post-media';
export * from './post-repository';
export * from './post-service';
export * from './posts-stream';
export * from './slug';
export * from './table-keys';
export * from './upload-key';
