import { crc32 } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { rewrittenHeaders, signedRegion, withRegion } from './dynamodb-streams-front';

describe('the DynamoDB Streams front', () => {
  it('reads the region a request was signed for from its credential scope', () => {
    const authorization =
      'AWS4-HMAC-SHA256 Credential=local/20261202/eu-west-1/dynamodb/aws4_request, SignedHeaders=host, Signature=00';
    expect(signedRegion({ headers: { authorization } })).toBe('eu-west-1');
    expect(signedRegion({ headers: {} })).toBeUndefined();
  });

  it("puts that region in every GetRecords record, where DynamoDB Local writes 'ddblocal'", () => {
    const answer = JSON.stringify({
      Records: [
        { awsRegion: 'ddblocal', eventName: 'INSERT', dynamodb: { SequenceNumber: '1' } },
        { awsRegion: 'ddblocal', eventName: 'MODIFY', dynamodb: { SequenceNumber: '2' } },
      ],
      NextShardIterator: 'it',
    });
    const rewritten = JSON.parse(withRegion(answer, 'us-east-1'));
    expect(rewritten.Records.map((r: { awsRegion: string }) => r.awsRegion)).toEqual([
      'us-east-1',
      'us-east-1',
    ]);
    expect(rewritten.NextShardIterator).toBe('it');
    expect(JSON.parse(withRegion('{"Records":[]}', 'us-east-1'))).toEqual({ Records: [] });
  });
});

describe('the rewritten GetRecords answer', () => {
  it('drops transfer-encoding (DynamoDB Local answers large reads chunked) and carries its own length and CRC32', () => {
    const body = Buffer.from('{"Records":[]}', 'utf8');
    const headers = rewrittenHeaders(
      {
        'content-type': 'application/x-amz-json-1.0',
        'transfer-encoding': 'chunked',
        connection: 'keep-alive',
        'x-amz-crc32': '1',
      },
      body,
    );
    expect(headers['transfer-encoding']).toBeUndefined();
    expect(headers.connection).toBeUndefined();
    expect(headers['content-length']).toBe(String(body.length));
    expect(headers['x-amz-crc32']).toBe(String(crc32(body)));
    expect(headers['content-type']).toBe('application/x-amz-json-1.0');
  });
});
