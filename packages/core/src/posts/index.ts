// The posts bounded context: domain functions, schemas and repositories.
export * from './author-directory';
export * from './cursor';
export * from './document-reads';
export * from './image-status';
export * from './media-repository';
export * from './post';
export * from './post.schema';
export * from './post-repository';
export * from './post-service';
export * from './slug';
export * from './table-keys';
export * from './upload-key';
