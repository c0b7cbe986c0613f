export * from './image-rejected-error';
export * from './make-thumbnails';
export * from './thumbnail-key';
export * from './thumbnail-spec';
