#!/usr/bin/env node
// A deterministic scenario the size of a real account, for page metrics (scripts/page-metrics.mjs) and the
// large-account page test (tests/e2e/large-account.test.mjs): 500 principals (users and roles) across two
// accounts, 1,000 policies (user and group inline policies, trust and role policies, bucket policies, a
// boundary) and 60 requests, so the matrix is about 510 × 60 cells. The same arguments always give the same
// text (a seeded generator, no clock). Until the AWS export generator and `importAws` replace it, this is the
// "generated 500-principal export" the budgets are measured on.
//
//   node scripts/large-scenario.mjs [principals] > large.json
const SERVICES = [
  ['s3', ['GetObject', 'PutObject', 'ListBucket', 'DeleteObject']],
  ['dynamodb', ['GetItem', 'PutItem', 'Query', 'Scan']],
  ['sqs', ['SendMessage', 'ReceiveMessage', 'DeleteMessage']],
  ['logs', ['CreateLogStream', 'PutLogEvents', 'GetLogEvents']],
  ['kms', ['Decrypt', 'Encrypt', 'GenerateDataKey']],
  ['lambda', ['InvokeFunction', 'GetFunction']],
];
const TEAMS = ['payments', 'search', 'checkout', 'platform', 'data', 'mobile', 'growth', 'security', 'infra', 'support'];

function random(seed) {
  let state = seed >>> 0;
  return () => {
    // mulberry32
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The scenario as an object. */
export function largeScenario(principals = 500, seed = 11) {
  const next = random(seed);
  const pick = (list) => list[Math.floor(next() * list.length)];
  const accounts = { '111122223333': { name: 'production' }, '444455556666': { name: 'staging' } };
  const accountIds = Object.keys(accounts);
  const buckets = [];
  for (let i = 0; i < 60; i++) buckets.push({ name: `${pick(TEAMS)}-data-${i}`, account: accountIds[i % 2] });
  const statement = (sid, effect = 'Allow') => {
    const [service, actions] = pick(SERVICES);
    const action = next() < 0.2 ? `${service}:*` : `${service}:${pick(actions)}`;
    const bucket = pick(buckets);
    const resource = service === 's3' ? `arn:aws:s3:::${bucket.name}/*` : '*';
    return { Sid: sid, Effect: effect, Action: action, Resource: resource };
  };
  const policy = (name, count) => ({
    name,
    document: { Version: '2012-10-17', Statement: Array.from({ length: count }, (_, i) => statement(`S${i + 1}`, next() < 0.08 ? 'Deny' : 'Allow')) },
  });
  const groups = [];
  for (let i = 0; i < 40; i++) {
    const account = accountIds[i % 2];
    groups.push({ arn: `arn:aws:iam::${account}:group/${TEAMS[i % TEAMS.length]}-${i}`, policies: [policy(`GroupPolicy${i}a`, 2), policy(`GroupPolicy${i}b`, 1)] });
  }
  const userCount = Math.round(principals * 0.64);
  const roleCount = principals - userCount;
  const users = [];
  for (let i = 0; i < userCount; i++) {
    const account = accountIds[i % 2];
    const sameAccount = groups.filter((g) => g.arn.includes(`::${account}:`));
    const user = {
      arn: `arn:aws:iam::${account}:user/${pick(TEAMS)}/user-${String(i).padStart(3, '0')}`,
      groups: [pick(sameAccount).arn],
      policies: [policy(`UserPolicy${i}`, 1 + Math.floor(next() * 2))],
      tags: { team: pick(TEAMS) },
    };
    if (i % 10 === 0) user.permissionsBoundary = policy(`Boundary${i}`, 1).document;
    users.push(user);
  }
  const roles = [];
  for (let i = 0; i < roleCount; i++) {
    const account = accountIds[i % 2];
    const service = next() < 0.5;
    roles.push({
      arn: `arn:aws:iam::${account}:role/${pick(TEAMS)}-role-${String(i).padStart(3, '0')}`,
      trustPolicy: {
        Version: '2012-10-17',
        Statement: [{ Sid: 'Trust', Effect: 'Allow', Action: 'sts:AssumeRole',
          Principal: service ? { Service: 'lambda.amazonaws.com' } : { AWS: `arn:aws:iam::${accountIds[(i + 1) % 2]}:root` } }],
      },
      policies: [policy(`RolePolicy${i}a`, 2), policy(`RolePolicy${i}b`, 1)],
    });
  }
  const resources = buckets.map((bucket, i) => {
    const resource = { arn: `arn:aws:s3:::${bucket.name}`, account: bucket.account };
    if (i % 2 === 0) {
      resource.policy = {
        Version: '2012-10-17',
        Statement: [{ Sid: 'OtherAccountReads', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${accountIds[(i / 2 + 1) % 2]}:root` },
          Action: 's3:GetObject', Resource: `arn:aws:s3:::${bucket.name}/*` }],
      };
    }
    return resource;
  });
  const requests = [];
  for (let i = 0; i < 60; i++) {
    const [service, actions] = SERVICES[i % SERVICES.length];
    const bucket = buckets[i];
    requests.push({
      name: `request ${i + 1}`,
      principal: (i % 3 === 0 ? roles[i % roles.length] : users[i % users.length]).arn,
      action: `${service}:${actions[i % actions.length]}`,
      resource: service === 's3' ? `arn:aws:s3:::${bucket.name}/file-${i}.txt` : `arn:aws:${service}:us-east-1:${bucket.account}:thing-${i}`,
    });
  }
  return { name: `A large account (${principals} principals)`, accounts, groups, users, roles, resources, requests };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.stdout.write(`${JSON.stringify(largeScenario(Number(process.argv[2] || 500)))}\n`);
}
