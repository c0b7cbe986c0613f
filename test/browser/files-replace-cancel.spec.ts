import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { privateFilesPrefix } from '@app/images/s3-keys';
import { GetObjectCommand, HeadObjectCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import type { CDPSession, Page } from '@playwright/test';
import { storageClient } from '../support/aws';
import { createUser } from '../support/users';
import { expect, test } from './fixtures';
import { SignInPage } from './pages/auth-pages';
import { FilesPage, type UploadFile } from './pages/files-page';
import { PASSWORD, uniqueEmail } from './support';

const bin = (name: string, buffer: Buffer): UploadFile => ({
  name,
  mimeType: 'application/octet-stream',
  buffer,
});

/** DevTools network emulation: `uploadKBps` slows the request body, `latencyMs` holds each response back. */
async function emulateNetwork(cdp: CDPSession, { uploadKBps = -1, latencyMs = 0 } = {}) {
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false,
    latency: latencyMs,
    downloadThroughput: -1,
    uploadThroughput: uploadKBps < 0 ? -1 : uploadKBps * 1024,
  });
}

/** Which way a cancelled Replace went, as the page shows it, once its upload row has settled. */
async function replaceOutcome(page: Page, files: FilesPage, name: string): Promise<'kept-old' | 'uploaded'> {
  // One read of every row at once: a finished upload's row leaves while it is being looked at.
  const rowStatus = () =>
    page
      .getByTestId('upload-item')
      .evaluateAll((rows, n) => rows.filter((r) => r.dataset.name === n).map((r) => r.dataset.status), name);
  // Settled: the row gone (uploaded: the file list shows it) or left as cancelled (or failed).
  let settled = '';
  await expect.poll(async () => (settled = (await rowStatus()).join())).toMatch(/^(|cancelled|error)$/);
  if (settled === '') {
    await expect(page.getByTestId('files-message')).toContainText(`Uploaded ${name}.`);
    return 'uploaded';
  }
  await expect(files.upload(name)).toHaveAttribute('data-status', 'cancelled');
  await expect(files.upload(name).getByTestId('upload-status')).toHaveText('Cancelled');
  await expect(page.getByTestId('files-message').filter({ hasText: `Uploaded ${name}` })).toHaveCount(0);
  return 'kept-old';
}

async function downloaded(files: FilesPage, name: string): Promise<Buffer> {
  const download = await files.download(name);
  expect(download.suggestedFilename()).toBe(name);
  return readFileSync(await download.path());
}

/** The names under `prefix` in the files bucket, read from S3's raw storage (not through the app). */
async function storedNames(s3: S3Client, bucket: string, prefix: string): Promise<string[]> {
  const page = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix }));
  return (page.Contents ?? []).map((o) => (o.Key ?? '').slice(prefix.length)).sort();
}

async function storedBody(s3: S3Client, bucket: string, key: string): Promise<Buffer> {
  const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  return Buffer.from(await (object.Body?.transformToByteArray() ?? new Uint8Array()));
}

/**
 * Replace, then Cancel: a file the user chose to overwrite is never deleted. Either the new body got
 * through (the page says it was uploaded and lists the new size) or the old file stays listed and
 * downloads unchanged — whole in both cases, and S3 (read through its raw storage) agrees.
 */
test('files: Cancel during a Replace never loses the file', async ({ page, stack }) => {
  test.slow(); // two throttled uploads through the checking S3 gateway
  const bucket = stack.buckets.files;
  const user = await createUser(stack, { email: uniqueEmail('files-replace'), password: PASSWORD });
  const prefix = privateFilesPrefix(user.userId);
  const s3 = storageClient(stack);
  const signIn = new SignInPage(page);
  await signIn.goto('/files');
  await signIn.signIn(user.email, PASSWORD);
  const files = new FilesPage(page);
  await files.waitLoaded();

  const other = Buffer.from(`an unrelated file ${randomBytes(4).toString('hex')}\n`);
  const oldReport = Buffer.from(`the old report ${randomBytes(4).toString('hex')}\n`);
  const oldPhoto = Buffer.from(`the old photo ${randomBytes(4).toString('hex')}\n`);
  await files.choose([bin('other.txt', other), bin('report.bin', oldReport), bin('photo.bin', oldPhoto)]);
  for (const name of ['other.txt', 'report.bin', 'photo.bin']) await expect(files.file(name)).toBeVisible();
  await expect(page.getByTestId('upload-item')).toHaveCount(0);
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');

  let reportSize = '';
  await test.step('Cancel mid-upload: the file is the old one or the new one, and the page says which', async () => {
    const newReport = randomBytes(4 * 1024 * 1024);
    await emulateNetwork(cdp, { uploadKBps: 512 }); // as the journey's cancel: Cancel lands mid-flight
    await files.choose([bin('report.bin', newReport)]);
    await expect(files.conflict()).toContainText('report.bin is already in your files');
    await files.answerConflict('replace');
    const progress = files.upload('report.bin').locator('progress');
    await expect
      .poll(async () => Number((await progress.getAttribute('value').catch(() => null)) ?? 0), {
        intervals: [100],
      })
      .toBeGreaterThan(0);
    await files.upload('report.bin').getByTestId('upload-cancel').click();
    const outcome = await replaceOutcome(page, files, 'report.bin');
    await emulateNetwork(cdp);

    const expected = outcome === 'uploaded' ? newReport : oldReport;
    reportSize = outcome === 'uploaded' ? '4.0 MB' : `${oldReport.length} B`;
    await expect(files.file('report.bin')).toHaveCount(1);
    await expect(files.file('report.bin')).toContainText(reportSize);
    expect(
      (await downloaded(files, 'report.bin')).equals(expected),
      `report.bin is the ${outcome} body`,
    ).toBe(true);
    expect((await storedBody(s3, bucket, `${prefix}report.bin`)).equals(expected)).toBe(true);
  });

  await test.step('Cancel after S3 already stored the new file: it is shown as uploaded', async () => {
    const newPhoto = randomBytes(2 * 1024 * 1024);
    // Every response arrives 8 s late: the body reaches S3 at once, its answer is held back.
    await emulateNetwork(cdp, { latencyMs: 8_000 });
    await files.choose([bin('photo.bin', newPhoto)]);
    await files.answerConflict('replace');
    await expect
      .poll(
        () =>
          s3.send(new HeadObjectCommand({ Bucket: bucket, Key: `${prefix}photo.bin` })).then(
            (head) => head.ContentLength,
            () => 0,
          ),
        { timeout: 30_000, intervals: [100] },
      )
      .toBe(newPhoto.length);
    await expect(files.upload('photo.bin')).toHaveAttribute('data-status', 'uploading');
    await files.upload('photo.bin').getByTestId('upload-cancel').click();
    await emulateNetwork(cdp);
    expect(await replaceOutcome(page, files, 'photo.bin')).toBe('uploaded');

    await expect(files.file('photo.bin')).toHaveCount(1);
    await expect(files.file('photo.bin')).toContainText('2.0 MB');
    expect((await downloaded(files, 'photo.bin')).equals(newPhoto)).toBe(true);
  });

  await test.step('nothing else was touched: the list after a reload and the bucket agree', async () => {
    await page.reload();
    await files.waitLoaded();
    await expect(page.getByTestId('file-item')).toHaveCount(3);
    await expect(files.file('report.bin')).toContainText(reportSize);
    await expect(files.file('photo.bin')).toContainText('2.0 MB');
    expect(await storedNames(s3, bucket, prefix)).toEqual(['other.txt', 'photo.bin', 'report.bin']);
    expect((await downloaded(files, 'other.txt')).equals(other)).toBe(true);
    expect((await storedBody(s3, bucket, `${prefix}other.txt`)).equals(other)).toBe(true);
  });
  s3.destroy();
});
