import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { AwsChunkedDecoder, type ChunkSigning, trailerStringToSign } from './aws-chunked';
import { deriveSigningKey, hmacHex, type SignedRequestAuth } from './sigv4';

/** AWS's published SigV4 streaming example (credentials, scope and signatures from the S3 API docs). */
async function exampleSigning(): Promise<ChunkSigning> {
  const auth = {
    accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
    shortDate: '20130524',
    region: 'us-east-1',
  } as SignedRequestAuth;
  return {
    signingKey: await deriveSigningKey(auth, 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY'),
    amzDate: '20130524T000000Z',
    scope: '20130524/us-east-1/s3/aws4_request',
    seedSignature: '4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9',
  };
}

const CHUNKS = [
  { size: 65536, signature: 'ad80c730a21e5b8d04586a2213dd63b9a0e99e0e2307b0ade35a65485a288648' },
  { size: 1024, signature: '0055627c9e194cb4542bae2aa5492e3c1575bbb81b612b7d234b86a503ef5497' },
  { size: 0, signature: 'b6c6ea8a5354eaf15b3cb7646744f4275b71ea724fed81ceb9323e279d449df9' },
];

function exampleBody(): Buffer {
  return Buffer.concat(
    CHUNKS.map(({ size, signature }) =>
      Buffer.concat([
        Buffer.from(`${size.toString(16)};chunk-signature=${signature}\r\n`),
        Buffer.alloc(size, 'a'),
        Buffer.from('\r\n'),
      ]),
    ),
  );
}

/** Feeds `input` in pieces of `pieceSize` bytes, so framing lands across every kind of boundary. */
async function decode(decoder: AwsChunkedDecoder, input: Buffer, pieceSize: number): Promise<Buffer> {
  const pieces: Buffer[] = [];
  for (let i = 0; i < input.length; i += pieceSize) pieces.push(input.subarray(i, i + pieceSize));
  const out: Buffer[] = [];
  for await (const chunk of Readable.from(pieces).pipe(decoder)) out.push(chunk as Buffer);
  return Buffer.concat(out);
}

describe('aws-chunked decoding', () => {
  it.each([1, 7, 4096, 70_000])(
    'decodes and verifies the AWS example fed %i bytes at a time',
    async (pieceSize) => {
      const decoder = new AwsChunkedDecoder({ signing: await exampleSigning(), decodedLength: 66560 });
      expect((await decode(decoder, exampleBody(), pieceSize)).equals(Buffer.alloc(66560, 'a'))).toBe(true);
    },
  );

  it('refuses a chunk whose data does not match its signature', async () => {
    const body = exampleBody();
    body[65536 + 200] = 0x62;
    const decoder = new AwsChunkedDecoder({ signing: await exampleSigning() });
    await expect(decode(decoder, body, 4096)).rejects.toMatchObject({ code: 'SignatureDoesNotMatch' });
  });

  it('refuses a truncated body and a wrong decoded length', async () => {
    const body = exampleBody();
    await expect(
      decode(
        new AwsChunkedDecoder({ signing: await exampleSigning() }),
        body.subarray(0, body.length - 10),
        4096,
      ),
    ).rejects.toMatchObject({ code: 'IncompleteBody' });
    await expect(
      decode(new AwsChunkedDecoder({ signing: await exampleSigning(), decodedLength: 66000 }), body, 4096),
    ).rejects.toMatchObject({ code: 'IncompleteBody' });
  });

  it("signs trailing headers like AWS's published trailer example", async () => {
    const signing = await exampleSigning();
    const stringToSign = trailerStringToSign(
      signing,
      CHUNKS[2]?.signature ?? '',
      'first:1st\nsecond:2nd\nthird:3rd\n',
    );
    expect(hmacHex(signing.signingKey, stringToSign)).toBe(
      'df5735bd9f3295cd9386572292562fefc93ba94e80a0a1ddcbd652c4e0a75e6c',
    );
  });

  it('collects the trailer of an unsigned streaming upload', async () => {
    const decoder = new AwsChunkedDecoder({ decodedLength: 11 });
    const body = Buffer.from('6\r\nhello \r\n5\r\nworld\r\n0\r\nx-amz-checksum-crc32:DUoRhQ==\r\n\r\n');
    expect((await decode(decoder, body, 3)).toString()).toBe('hello world');
    expect(decoder.trailers.get('x-amz-checksum-crc32')).toBe('DUoRhQ==');
  });
});
