import { rm } from 'node:fs/promises';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packageStage } from './package-stage';

// Packages serverless.yml the way a deploy would (`serverless package`: no network, no AWS
// credentials) and checks the CloudFormation it produces. Each run builds into its own esbuild
// folder so it never clobbers a running local stack's build.

const repoRoot = resolve(fileURLToPath(new URL('.', import.meta.url)), '../..');
const MANAGED_CACHING_OPTIMIZED = '658327ea-f89d-4fab-a63d-7e88639e58f6';
// Params with no default outside the local stage (serverless-plugins/required-params.cjs).
const REQUIRED_PARAMS = [
  '--param=webOrigin=https://app.example.com',
  '--param=mailFrom=no-reply@example.com',
  '--param=alarmEmail=ops@example.com',
];
// The options-on packaging: DAX, and posts-table replicas in two more regions.
const DAX_PARAMS = [
  '--param=daxEnabled=true',
  '--param=daxSubnetIds=subnet-1,subnet-2',
  '--param=vpcId=vpc-1',
  '--param=postsReplicaRegions=eu-west-1, ap-southeast-2,eu-west-1',
];

// biome-ignore lint/suspicious/noExplicitAny: CloudFormation JSON, checked by the assertions themselves
type Json = Record<string, any>;
interface Template {
  Resources: Record<
    string,
    { Type: string; Condition?: string; DependsOn?: string | string[]; Properties?: Json }
  >;
  Conditions?: Json;
  Parameters?: Json;
  Outputs?: Json;
}

const cleanup: string[] = [];

/** The stage's CloudFormation as `serverless package` writes it (the shared packaging step of verify:deploy). */
async function packageTemplate(name: string, params: string[] = []): Promise<Template> {
  const stage = await packageStage(repoRoot, `test-${name}`, 'ci', [...REQUIRED_PARAMS, ...params]);
  cleanup.push(stage.dir);
  return stage.template as Template;
}

let template: Template;
let daxTemplate: Template;

// One after the other: serverless-esbuild copies every run's zips through the repository's shared
// .serverless/ folder (whatever --package says), so concurrent packagings of this service race.
beforeAll(async () => {
  template = await packageTemplate('default');
  daxTemplate = await packageTemplate('dax', DAX_PARAMS);
}, 1_200_000); // two packagings: 6 min each on a machine shared by 8 engineers

afterAll(async () => {
  await Promise.all(cleanup.map((dir) => rm(dir, { recursive: true, force: true })));
});

const resource = (t: Template, id: string) => {
  const r = t.Resources[id];
  if (!r) throw new Error(`no resource ${id}`);
  return r;
};
const ofType = (t: Template, type: string) => Object.entries(t.Resources).filter(([, r]) => r.Type === type);

/** Logical ids a value refers to (Ref, Fn::GetAtt, Fn::Sub `${Id}`), pseudo parameters excluded. */
function references(value: unknown, out = new Set<string>()): Set<string> {
  if (Array.isArray(value)) for (const v of value) references(v, out);
  else if (value && typeof value === 'object') {
    for (const [key, v] of Object.entries(value)) {
      if (key === 'Ref' && typeof v === 'string') {
        if (!v.startsWith('AWS::')) out.add(v);
      } else if (key === 'Fn::GetAtt') {
        out.add(Array.isArray(v) ? String(v[0]) : (String(v).split('.')[0] ?? ''));
      } else if (key === 'Fn::Sub' && typeof v === 'string') {
        for (const m of v.matchAll(/\$\{([^}.!]+)/g)) if (!m[1]?.startsWith('AWS::')) out.add(m[1] ?? '');
      } else {
        references(v, out);
      }
    }
  }
  return out;
}

/** Runs a CloudFront Function's code (cloudfront-js) on a viewer request for `uri`. */
function viewerFunction(t: Template, functionId: string) {
  const code = resource(t, functionId).Properties?.FunctionCode as string;
  return new Function(`${code}\nreturn handler;`)() as (e: unknown) => Json;
}
function viewerRequest(t: Template, functionId: string, uri: string): string {
  const request = { uri, method: 'GET', headers: {}, querystring: {} };
  return viewerFunction(t, functionId)({ context: { eventType: 'viewer-request' }, request }).uri;
}
function viewerResponseStatus(t: Template, functionId: string, uri: string): number {
  const request = { uri, method: 'GET', headers: {}, querystring: {} };
  const response = { statusCode: 200, headers: {} };
  return viewerFunction(t, functionId)({ context: { eventType: 'viewer-response' }, request, response })
    .statusCode;
}

describe('deploy template (serverless package)', () => {
  it('keeps the Cognito user pool, identity pool and its role attachment', () => {
    expect(ofType(template, 'AWS::Cognito::UserPool')).toHaveLength(1);
    expect(ofType(template, 'AWS::Cognito::IdentityPool')).toHaveLength(1);
    const [[, attachment] = []] = ofType(template, 'AWS::Cognito::IdentityPoolRoleAttachment');
    expect(attachment?.Properties?.Roles.authenticated).toEqual({
      'Fn::GetAtt': ['IdentityPoolAuthenticatedRole', 'Arn'],
    });
  });

  it('keeps the users table stream and the files and media buckets; adds a private site bucket', () => {
    expect(resource(template, 'UsersTable').Properties?.StreamSpecification).toEqual({
      StreamViewType: 'NEW_IMAGE',
    });
    const buckets = ofType(template, 'AWS::S3::Bucket').map(([id]) => id);
    expect(buckets).toEqual(expect.arrayContaining(['FilesBucket', 'MediaBucket', 'SiteBucket']));
    expect(resource(template, 'SiteBucket').Properties?.PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: true,
      BlockPublicPolicy: true,
      IgnorePublicAcls: true,
      RestrictPublicBuckets: true,
    });
  });

  it('makes the posts table a global table: the home replica by default, more by param, each protected', () => {
    const regions = (t: Template) =>
      resource(t, 'PostsTable').Properties?.Replicas.map((r: Json) => r.Region) as string[];
    for (const t of [template, daxTemplate]) {
      const posts = resource(t, 'PostsTable');
      expect(posts.Type).toBe('AWS::DynamoDB::GlobalTable');
      expect(posts).toMatchObject({ DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
      expect(posts.Properties?.StreamSpecification).toEqual({ StreamViewType: 'NEW_AND_OLD_IMAGES' });
      for (const replica of posts.Properties?.Replicas ?? [])
        expect(replica).toMatchObject({
          PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
          DeletionProtectionEnabled: true,
        });
    }
    expect(regions(template)).toEqual(['us-east-1']);
    expect(regions(daxTemplate)).toEqual(['us-east-1', 'eu-west-1', 'ap-southeast-2']);
  });

  it("sends welcome emails from the home region's users stream only (INSERTs)", () => {
    const [[, mapping] = []] = ofType(template, 'AWS::Lambda::EventSourceMapping').filter(([, r]) =>
      JSON.stringify(r.Properties?.EventSourceArn).includes('UsersTable'),
    );
    const patterns = mapping?.Properties?.FilterCriteria.Filters.map((f: Json) => JSON.parse(f.Pattern));
    expect(patterns).toEqual([{ eventName: ['INSERT'], awsRegion: ['us-east-1'] }]);
  });

  it('serves the site and thumbnails through origin access control, readable by that distribution only', () => {
    const config = resource(template, 'WebDistribution').Properties?.DistributionConfig;
    const origins = Object.fromEntries(config.Origins.map((o: Json) => [o.Id, o]));
    for (const [id, bucket] of [
      ['site', 'SiteBucket'],
      ['media', 'MediaBucket'],
    ]) {
      expect(origins[id as string].DomainName).toEqual({ 'Fn::GetAtt': [bucket, 'RegionalDomainName'] });
      expect(origins[id as string].OriginAccessControlId).toEqual({
        'Fn::GetAtt': ['S3OriginAccessControl', 'Id'],
      });
    }
    expect(resource(template, 'S3OriginAccessControl').Properties?.OriginAccessControlConfig).toMatchObject({
      OriginAccessControlOriginType: 's3',
      SigningBehavior: 'always',
      SigningProtocol: 'sigv4',
    });
    expect(config.DefaultRootObject).toBe('index.html');
    expect(config.DefaultCacheBehavior).toMatchObject({ TargetOriginId: 'site' });
    const thumbnails = config.CacheBehaviors.find((b: Json) => b.PathPattern === 'thumbnails/*');
    expect(thumbnails).toMatchObject({ TargetOriginId: 'media', CachePolicyId: MANAGED_CACHING_OPTIMIZED });

    const distributionArn = {
      'Fn::Join': [
        '',
        ['arn:aws:cloudfront::', { Ref: 'AWS::AccountId' }, ':distribution/', { Ref: 'WebDistribution' }],
      ],
    };
    const statements = (id: string) => resource(template, id).Properties?.PolicyDocument.Statement as Json[];
    const site = statements('SiteBucketPolicy');
    expect(site.length).toBeGreaterThan(0);
    // The TLS-only Deny (Principal '*') is checked in test/infra.
    for (const s of site.filter((statement) => statement.Effect === 'Allow')) {
      expect(s.Principal).toEqual({ Service: 'cloudfront.amazonaws.com' });
      expect(s.Condition).toEqual({ StringEquals: { 'AWS:SourceArn': distributionArn } });
    }
    // The distribution only: no public statement (the local stage's stand-in is never packaged).
    const media = statements('MediaBucketPolicy').filter((statement) => statement.Effect === 'Allow');
    expect(media).toHaveLength(1);
    expect(media[0]).toMatchObject({
      Sid: 'CloudFrontThumbnails',
      Principal: { Service: 'cloudfront.amazonaws.com' },
      Condition: { StringEquals: { 'AWS:SourceArn': distributionArn } },
    });
  });

  it('keeps every bucket private and adds the thumbnail trigger only after the media bucket exists', () => {
    for (const [id, bucket] of ofType(template, 'AWS::S3::Bucket')) {
      expect({ id, bpa: bucket.Properties?.PublicAccessBlockConfiguration }).toEqual({
        id,
        bpa: {
          BlockPublicAcls: true,
          BlockPublicPolicy: true,
          IgnorePublicAcls: true,
          RestrictPublicBuckets: true,
        },
      });
      expect(bucket.Properties?.OwnershipControls).toEqual({
        Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }],
      });
    }
    const [[, trigger] = []] = ofType(template, 'Custom::S3');
    expect(trigger?.DependsOn).toContain('MediaBucket');
  });

  it('routes api/* to the HTTP API with Authorization in the cache key and origin Cache-Control TTLs', () => {
    const config = resource(template, 'WebDistribution').Properties?.DistributionConfig;
    expect(resource(template, 'HttpApi').Type).toBe('AWS::ApiGatewayV2::Api');
    const api = config.Origins.find((o: Json) => o.Id === 'api');
    expect(references(api.DomainName)).toEqual(new Set(['HttpApi']));

    const behavior = config.CacheBehaviors.find((b: Json) => b.PathPattern === 'api/*');
    expect(behavior).toMatchObject({
      TargetOriginId: 'api',
      CachePolicyId: { Ref: 'ApiCachePolicy' },
      OriginRequestPolicyId: { Ref: 'ApiOriginRequestPolicy' },
      CachedMethods: ['GET', 'HEAD', 'OPTIONS'],
    });
    expect(behavior.AllowedMethods).toEqual(expect.arrayContaining(['POST', 'PATCH', 'DELETE']));

    const policy = resource(template, 'ApiCachePolicy').Properties?.CachePolicyConfig;
    expect(policy).toMatchObject({ MinTTL: 0, DefaultTTL: 0, MaxTTL: 86400 });
    const key = policy.ParametersInCacheKeyAndForwardedToOrigin;
    expect(key.HeadersConfig.Headers).toContain('Authorization');
    expect(key.QueryStringsConfig).toEqual({ QueryStringBehavior: 'all' });
    expect(key).toMatchObject({ EnableAcceptEncodingGzip: true, EnableAcceptEncodingBrotli: true });
    const forwarded = resource(template, 'ApiOriginRequestPolicy').Properties?.OriginRequestPolicyConfig;
    expect(forwarded.HeadersConfig.Headers).toEqual(expect.arrayContaining(['If-None-Match', 'If-Match']));

    // Error pages are distribution-wide: they would replace the API's JSON 403/404 with HTML.
    expect(config.CustomErrorResponses).toBeUndefined();
  });

  it('strips /api before the HTTP API and maps clean URLs to the static export', () => {
    expect(viewerRequest(template, 'ApiPathRewriteFunction', '/api/posts/hello')).toBe('/posts/hello');
    expect(viewerRequest(template, 'ApiPathRewriteFunction', '/api/health')).toBe('/health');
    expect(viewerRequest(template, 'ApiPathRewriteFunction', '/api')).toBe('/');
    expect(viewerRequest(template, 'SiteUrlRewriteFunction', '/')).toBe('/index.html');
    expect(viewerRequest(template, 'SiteUrlRewriteFunction', '/blog')).toBe('/blog.html');
    expect(viewerRequest(template, 'SiteUrlRewriteFunction', '/todos/')).toBe('/todos.html');
    expect(viewerRequest(template, 'SiteUrlRewriteFunction', '/_next/static/app.js')).toBe(
      '/_next/static/app.js',
    );
    // Any other page path is the export's 404 page, with status 404 on the way out.
    expect(viewerRequest(template, 'SiteUrlRewriteFunction', '/no-such-page')).toBe('/404.html');
    expect(viewerResponseStatus(template, 'SiteUrlRewriteFunction', '/404.html')).toBe(404);
    expect(viewerResponseStatus(template, 'SiteUrlRewriteFunction', '/blog.html')).toBe(200);
    const site = resource(template, 'WebDistribution').Properties?.DistributionConfig.DefaultCacheBehavior;
    expect(site.FunctionAssociations).toEqual([
      {
        EventType: 'viewer-request',
        FunctionARN: { 'Fn::GetAtt': ['SiteUrlRewriteFunction', 'FunctionARN'] },
      },
      {
        EventType: 'viewer-response',
        FunctionARN: { 'Fn::GetAtt': ['SiteUrlRewriteFunction', 'FunctionARN'] },
      },
    ]);
  });

  it('declares the DAX cluster under the DaxEnabled condition, off by default', () => {
    expect(template.Conditions?.DaxEnabled).toEqual({ 'Fn::Equals': ['false', 'true'] });
    const cluster = resource(template, 'PostsDaxCluster');
    expect(cluster.Condition).toBe('DaxEnabled');
    expect(cluster.Properties).toMatchObject({
      NodeType: 'dax.t3.small',
      SSESpecification: { SSEEnabled: true },
    });
    for (const [id, r] of Object.entries(template.Resources).filter(([id]) => id.startsWith('PostsDax')))
      expect({ id, condition: r.Condition }).toEqual({ id, condition: 'DaxEnabled' });
  });

  it('gives the DAX endpoint and VPC to listPosts and getPost only', () => {
    const functions = ofType(template, 'AWS::Lambda::Function');
    const withDax = functions
      .filter(([, r]) => r.Properties?.Environment?.Variables?.POSTS_DAX_ENDPOINT !== undefined)
      .map(([id]) => id);
    expect(withDax.sort()).toEqual(['GetPostLambdaFunction', 'ListPostsLambdaFunction']);
    for (const id of withDax) {
      const props = resource(template, id).Properties as Json;
      expect(props.Environment.Variables.POSTS_DAX_ENDPOINT).toEqual({
        'Fn::If': ['DaxEnabled', { 'Fn::GetAtt': ['PostsDaxCluster', 'ClusterDiscoveryEndpointURL'] }, ''],
      });
      expect(props.VpcConfig['Fn::If'][0]).toBe('DaxEnabled');
      expect(props.VpcConfig['Fn::If'][2]).toEqual({ Ref: 'AWS::NoValue' });
    }
    expect(
      functions
        .filter(([, r]) => r.Properties?.VpcConfig)
        .map(([id]) => id)
        .sort(),
    ).toEqual(withDax.sort());
  });

  it('packages with DAX enabled, with the given subnets and VPC', () => {
    expect(daxTemplate.Conditions?.DaxEnabled).toEqual({ 'Fn::Equals': ['true', 'true'] });
    expect(resource(daxTemplate, 'PostsDaxSubnetGroup').Properties?.SubnetIds).toEqual({
      'Fn::Split': [',', 'subnet-1,subnet-2'],
    });
    expect(resource(daxTemplate, 'PostsDaxSecurityGroup').Properties?.VpcId).toBe('vpc-1');
  });

  it('refers only to resources and parameters it declares, without dependency cycles', () => {
    for (const t of [template, daxTemplate]) {
      const parameters = Object.keys(t.Parameters ?? {});
      const edges = new Map<string, string[]>();
      for (const [id, r] of Object.entries(t.Resources)) {
        const deps = references(r.Properties);
        for (const d of [r.DependsOn ?? []].flat()) deps.add(d);
        for (const p of parameters) deps.delete(p);
        edges.set(id, [...deps]);
      }
      for (const [id, deps] of edges)
        for (const d of deps)
          expect({ id, ref: d, exists: d in t.Resources }).toEqual({ id, ref: d, exists: true });
      const state = new Map<string, 'visiting' | 'done'>();
      const visit = (id: string, path: string[]) => {
        if (state.get(id) === 'done') return;
        if (state.get(id) === 'visiting') throw new Error(`dependency cycle: ${[...path, id].join(' → ')}`);
        state.set(id, 'visiting');
        for (const d of edges.get(id) ?? []) visit(d, [...path, id]);
        state.set(id, 'done');
      };
      for (const id of edges.keys()) visit(id, []);
    }
  });

  it('outputs the distribution domain and site bucket', () => {
    expect(template.Outputs?.DistributionDomainName.Value).toEqual({
      'Fn::GetAtt': ['WebDistribution', 'DomainName'],
    });
    expect(template.Outputs?.SiteBucketName.Value).toEqual({ Ref: 'SiteBucket' });
  });
});
