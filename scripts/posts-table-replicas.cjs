// The posts table's `Replicas` (AWS::DynamoDB::GlobalTable), resolved by the Serverless CLI as
// `${file(./scripts/posts-table-replicas.cjs)}`: the stack's own region first, then every region of
// `--param="postsReplicaRegions=eu-west-1,ap-southeast-2"` (none by default: a one-replica global
// table is billed and behaves as a single-region table). Every replica gets the same protection:
// point-in-time recovery and deletion protection are per replica in DynamoDB.
// CommonJS because the framework loads variable files with require().
const REGION = /^[a-z]{2}(-[a-z]+)+-\d$/;

module.exports = async ({ resolveVariable }) => {
  const home = await resolveVariable('self:provider.region');
  const listed = String(await resolveVariable("param:postsReplicaRegions, ''"))
    .split(',')
    .map((region) => region.trim())
    .filter(Boolean);
  const invalid = listed.filter((region) => !REGION.test(region));
  if (invalid.length > 0)
    throw new Error(`postsReplicaRegions: not a region name: ${invalid.join(', ')} (e.g. eu-west-1)`);
  const regions = [home, ...new Set(listed.filter((region) => region !== home))];
  return regions.map((Region) => ({
    Region,
    PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
    DeletionProtectionEnabled: true,
  }));
};
