#!/usr/bin/env node
// Writes a large, realistic `aws iam get-account-authorization-details` export for page metrics and import
// benchmarks: by default 500 principals (300 users, 200 roles of which 12 service-linked) and 1,000 customer
// managed policies (each with an old and a default version), 40 groups, inline policies, permissions boundaries,
// tags, paths, AWS managed attachments, and half of the documents URL-encoded as the IAM API returns them.
// Deterministic: the same options always write the same bytes (a seeded generator, no clock).
//
//   node scripts/gen-import-export.mjs [--users 300] [--roles 200] [--policies 1000] [--groups 40]
//                                      [--account 111122223333] [--out target/import/export-500.json]
//
// Then: `iamplay import target/import/export-500.json > target/import/scenario-500.json`, or paste/drop the
// export into the playground's Import dialog. The output is build output: it lives under target/, never in git.
import fs from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '..');
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const at = args.indexOf(`--${name}`);
  return at >= 0 && at + 1 < args.length ? args[at + 1] : fallback;
};
const USERS = Number(option('users', 300));
const ROLES = Number(option('roles', 200));
const POLICIES = Number(option('policies', 1000));
const GROUPS = Number(option('groups', 40));
const ACCOUNT = option('account', '111122223333');
const OUT = path.resolve(ROOT, option('out', 'target/import/export-500.json'));
if (![USERS, ROLES, POLICIES, GROUPS].every((n) => Number.isInteger(n) && n >= 0) || !/^\d{12}$/.test(ACCOUNT)) {
  console.error('gen-import-export: counts must be whole numbers and --account 12 digits');
  process.exit(2);
}

// mulberry32: a small seeded generator, so the export is the same on every machine.
let seed = 0x1a2b3c4d;
const random = () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const pick = (items) => items[Math.floor(random() * items.length)];
const some = (items, count) => {
  const chosen = new Set();
  while (chosen.size < Math.min(count, items.length)) chosen.add(pick(items));
  return [...chosen];
};
const encode = (document) => encodeURIComponent(JSON.stringify(document));
const maybeEncoded = (document) => (random() < 0.5 ? encode(document) : document);
const created = '2023-06-01T10:00:00+00:00';
const arn = (kind, pathPart, name) => `arn:aws:iam::${ACCOUNT}:${kind}${pathPart}${name}`;
const id = (prefix, n) => `${prefix}${String(n).padStart(17, '0')}`;

const REGIONS = ['us-east-1', 'eu-west-1', 'ap-southeast-2'];
const TEAMS = ['orders', 'payments', 'search', 'platform', 'data', 'mobile', 'growth', 'security'];
const PATHS = ['/', '/engineering/', '/ops/', '/contractors/', '/service/', '/teams/data/'];
// AWS managed policies that exist in every partition's snapshot.
const AWS_MANAGED = [
  'arn:aws:iam::aws:policy/ReadOnlyAccess',
  'arn:aws:iam::aws:policy/PowerUserAccess',
  'arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess',
  'arn:aws:iam::aws:policy/AmazonDynamoDBReadOnlyAccess',
  'arn:aws:iam::aws:policy/CloudWatchReadOnlyAccess',
  'arn:aws:iam::aws:policy/AmazonEC2ReadOnlyAccess',
  'arn:aws:iam::aws:policy/IAMReadOnlyAccess',
  'arn:aws:iam::aws:policy/job-function/ViewOnlyAccess',
  'arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole',
];
const SERVICES = [
  ['s3', ['GetObject', 'PutObject', 'ListBucket', 'DeleteObject'], (team, region) => [`arn:aws:s3:::${team}-${region}-data`, `arn:aws:s3:::${team}-${region}-data/*`]],
  ['dynamodb', ['GetItem', 'PutItem', 'Query', 'Scan', 'UpdateItem'], (team, region) => [`arn:aws:dynamodb:${region}:${ACCOUNT}:table/${team}-*`]],
  ['sqs', ['SendMessage', 'ReceiveMessage', 'DeleteMessage'], (team, region) => [`arn:aws:sqs:${region}:${ACCOUNT}:${team}-*`]],
  ['lambda', ['InvokeFunction', 'GetFunction', 'UpdateFunctionCode'], (team, region) => [`arn:aws:lambda:${region}:${ACCOUNT}:function:${team}-*`]],
  ['logs', ['CreateLogStream', 'PutLogEvents'], (team, region) => [`arn:aws:logs:${region}:${ACCOUNT}:log-group:/${team}/*`]],
  ['ssm', ['GetParameter', 'GetParameters'], (team, region) => [`arn:aws:ssm:${region}:${ACCOUNT}:parameter/${team}/*`]],
  ['kms', ['Decrypt', 'GenerateDataKey'], (team, region) => [`arn:aws:kms:${region}:${ACCOUNT}:key/*`]],
];

function statement(sid, effect = 'Allow') {
  const [service, actions, resources] = pick(SERVICES);
  const team = pick(TEAMS);
  const region = pick(REGIONS);
  const out = {
    Sid: sid,
    Effect: effect,
    Action: some(actions, 1 + Math.floor(random() * actions.length)).map((a) => `${service}:${a}`),
    Resource: resources(team, region),
  };
  if (random() < 0.2) out.Condition = { StringEquals: { 'aws:RequestedRegion': region } };
  if (random() < 0.1) out.Condition = { Bool: { 'aws:SecureTransport': 'true' } };
  return out;
}
const document = (count, prefix) => ({
  Version: '2012-10-17',
  Statement: Array.from({ length: count }, (_, i) => statement(`${prefix}${i + 1}`, random() < 0.08 ? 'Deny' : 'Allow')),
});
const tags = (n) => (random() < 0.6 ? [{ Key: 'team', Value: TEAMS[n % TEAMS.length] }, { Key: 'env', Value: pick(['prod', 'staging', 'dev']) }] : []);

const policies = Array.from({ length: POLICIES }, (_, i) => {
  const name = `${pick(TEAMS)}-access-${String(i + 1).padStart(4, '0')}`;
  const policyPath = pick(['/', '/teams/', '/boundaries/']);
  return {
    PolicyName: name,
    PolicyId: id('ANPA', i),
    Arn: arn('policy', policyPath, name),
    Path: policyPath,
    DefaultVersionId: 'v2',
    AttachmentCount: 0,
    PermissionsBoundaryUsageCount: 0,
    IsAttachable: true,
    CreateDate: created,
    UpdateDate: created,
    PolicyVersionList: [
      { Document: maybeEncoded(document(1 + Math.floor(random() * 4), 'Stmt')), VersionId: 'v2', IsDefaultVersion: true, CreateDate: created },
      { Document: maybeEncoded(document(1, 'Old')), VersionId: 'v1', IsDefaultVersion: false, CreateDate: created },
    ],
  };
});
const boundaries = policies.filter((p) => p.Path === '/boundaries/').slice(0, 5);
const attach = (count) =>
  some(policies, count).map((p) => {
    p.AttachmentCount += 1;
    return { PolicyName: p.PolicyName, PolicyArn: p.Arn };
  });
const managed = (count) => some(AWS_MANAGED, count).map((a) => ({ PolicyName: a.split('/').pop(), PolicyArn: a }));
const boundary = () => {
  if (!boundaries.length || random() > 0.15) return {};
  const b = pick(boundaries);
  b.PermissionsBoundaryUsageCount += 1;
  return { PermissionsBoundary: { PermissionsBoundaryType: 'PermissionsBoundaryPolicy', PermissionsBoundaryArn: b.Arn } };
};
const inline = (count, prefix) =>
  Array.from({ length: count }, (_, i) => ({ PolicyName: `${prefix}-inline-${i + 1}`, PolicyDocument: maybeEncoded(document(1 + Math.floor(random() * 3), 'Inline')) }));

const groups = Array.from({ length: GROUPS }, (_, i) => {
  const name = `${TEAMS[i % TEAMS.length]}-${['readers', 'writers', 'admins', 'oncall', 'analysts'][Math.floor(i / TEAMS.length) % 5]}-${i + 1}`;
  const groupPath = pick(PATHS);
  return {
    Path: groupPath,
    GroupName: name,
    GroupId: id('AGPA', i),
    Arn: arn('group', groupPath, name),
    CreateDate: created,
    GroupPolicyList: inline(random() < 0.3 ? 1 : 0, name),
    AttachedManagedPolicies: [...attach(1 + Math.floor(random() * 4)), ...managed(random() < 0.4 ? 1 : 0)],
  };
});

const users = Array.from({ length: USERS }, (_, i) => {
  const name = `user${String(i + 1).padStart(3, '0')}.${pick(TEAMS)}`;
  const userPath = pick(PATHS.filter((p) => p !== '/service/'));
  return {
    Path: userPath,
    UserName: name,
    UserId: id('AIDA', i),
    Arn: arn('user', userPath, name),
    CreateDate: created,
    UserPolicyList: inline(random() < 0.25 ? 1 : 0, name),
    GroupList: some(groups, Math.floor(random() * 3)).map((g) => g.GroupName),
    AttachedManagedPolicies: [...attach(Math.floor(random() * 3)), ...managed(random() < 0.2 ? 1 : 0)],
    ...boundary(),
    Tags: tags(i),
  };
});

const SERVICE_LINKED = ['elasticloadbalancing', 'autoscaling', 'rds', 'ecs', 'support', 'trustedadvisor', 'organizations', 'sso', 'config', 'guardduty', 'securityhub', 'inspector2'];
const roles = Array.from({ length: ROLES }, (_, i) => {
  if (i < Math.min(SERVICE_LINKED.length, ROLES)) {
    const service = SERVICE_LINKED[i];
    const name = `AWSServiceRoleFor${service[0].toUpperCase()}${service.slice(1)}`;
    const rolePath = `/aws-service-role/${service}.amazonaws.com/`;
    return {
      Path: rolePath, RoleName: name, RoleId: id('AROA', i), Arn: arn('role', rolePath, name), CreateDate: created,
      AssumeRolePolicyDocument: maybeEncoded({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: `${service}.amazonaws.com` }, Action: 'sts:AssumeRole' }] }),
      InstanceProfileList: [], RolePolicyList: [], AttachedManagedPolicies: [], Tags: [], RoleLastUsed: {},
    };
  }
  const team = pick(TEAMS);
  const name = `${team}-${pick(['app', 'worker', 'deploy', 'etl', 'api', 'cron'])}-${i + 1}`;
  const rolePath = pick(['/', '/service/', '/ci/']);
  const trusted = pick([
    { Service: pick(['ec2.amazonaws.com', 'lambda.amazonaws.com', 'ecs-tasks.amazonaws.com']) },
    { AWS: `arn:aws:iam::${ACCOUNT}:root` },
    { AWS: pick(users).Arn },
  ]);
  const trust = { Effect: 'Allow', Principal: trusted, Action: 'sts:AssumeRole' };
  if (trusted.AWS && random() < 0.5) trust.Condition = { Bool: { 'aws:MultiFactorAuthPresent': 'true' } };
  return {
    Path: rolePath, RoleName: name, RoleId: id('AROA', i), Arn: arn('role', rolePath, name), CreateDate: created,
    AssumeRolePolicyDocument: maybeEncoded({ Version: '2012-10-17', Statement: [trust] }),
    InstanceProfileList: [],
    RolePolicyList: inline(random() < 0.4 ? 1 : 0, name),
    AttachedManagedPolicies: [...attach(1 + Math.floor(random() * 3)), ...managed(random() < 0.3 ? 1 : 0)],
    ...boundary(),
    Tags: tags(i),
    RoleLastUsed: {},
  };
});

const exportJson = { UserDetailList: users, GroupDetailList: groups, RoleDetailList: roles, Policies: policies, IsTruncated: false };
fs.mkdirSync(path.dirname(OUT), { recursive: true });
fs.writeFileSync(OUT, `${JSON.stringify(exportJson, null, 4)}\n`);
const bytes = fs.statSync(OUT).size;
console.log(`${path.relative(ROOT, OUT)}: ${USERS} users, ${ROLES} roles, ${GROUPS} groups, ${POLICIES} customer managed policies (${(bytes / 1048576).toFixed(1)} MB)`);
