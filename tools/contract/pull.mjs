#!/usr/bin/env node
// Refreshes the pinned API contract (schema/contract.graphql) from the frontends' shared contract
// folder, when the workplace has one beside the repository. The tests only ever read the pinned copy,
// so a clone of the repository alone is complete.
import { copyFileSync, existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '../..');
const source = process.env.TWIN_CONTRACT_SOURCE ?? path.resolve(root, '..', 'shared', 'contract', 'identity-twin.graphql');
const target = path.join(root, 'schema', 'contract.graphql');

if (!existsSync(source)) {
  console.error(`contract:pull: no contract at ${source} (set TWIN_CONTRACT_SOURCE); schema/contract.graphql is unchanged`);
  process.exit(1);
}
const changed = !existsSync(target) || readFileSync(source, 'utf8') !== readFileSync(target, 'utf8');
copyFileSync(source, target);
console.log(changed ? `contract:pull: schema/contract.graphql updated from ${source}` : 'contract:pull: already current');
