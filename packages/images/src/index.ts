export * from './image-rejected-error';
export * from './make-thumbnails';
export * from './s3-keys';
export * from './thumbnail-key';
export * from './thumbnail-spec';
