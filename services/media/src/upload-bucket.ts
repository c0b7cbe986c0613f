import { S3Client } from '@aws-sdk/client-s3';
import { config } from './config';
import { S3UploadStore } from './upload-store';

// Kept apart from the repository so the status route's bundle carries no S3 client.
const s3 = new S3Client({ forcePathStyle: config.S3_FORCE_PATH_STYLE === 'true' });

export const mediaBucket = config.MEDIA_BUCKET;
export const uploadStore = new S3UploadStore(s3, config.MEDIA_BUCKET);
