/**
 * The emitted schema is committed, never breaks the frontends' contract, and the typed documents the
 * tests use are generated from it.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildSchema, findBreakingChanges, isIntrospectionType, isObjectType, type GraphQLObjectType } from 'graphql';
import { describe, expect, it } from 'vitest';
import { printTwinSchema, twinSchema } from '../../src/api/schema.js';
import { declaredBound, isObjectList, isPaged } from '../../src/api/list-bounds.js';

const root = path.resolve(import.meta.dirname, '../..');
// The pinned copy of the frontends' contract (npm run contract:pull refreshes it).
const contractPath = path.join(root, 'schema/contract.graphql');

describe('schema', () => {
  it('schema/schema.graphql is what the code emits (run npm run schema:emit)', async () => {
    const committed = readFileSync(path.join(root, 'schema/schema.graphql'), 'utf8');
    expect(committed).toBe(await printTwinSchema());
  });

  it('does not break the contract beyond the pending list, and the list has no stale entries', async () => {
    expect(existsSync(contractPath), `contract missing at ${contractPath}`).toBe(true);
    const contract = buildSchema(readFileSync(contractPath, 'utf8'));
    const emitted = buildSchema(await printTwinSchema());
    const breaks = findBreakingChanges(contract, emitted).map((b) => `${b.type}: ${b.description}`);
    const pending = JSON.parse(readFileSync(path.join(root, 'schema/contract-pending.json'), 'utf8')) as string[];
    expect(breaks.filter((b) => !pending.includes(b)), 'breaks the contract').toEqual([]);
    expect(pending.filter((p) => !breaks.includes(p)), 'pending entries no longer needed').toEqual([]);
  });

  it('bounds every list of objects: paged by first, or capped by a declared bound the cost estimate reads', async () => {
    const schema = await twinSchema();
    const unbounded = Object.values(schema.getTypeMap())
      .filter((t): t is GraphQLObjectType => isObjectType(t) && !isIntrospectionType(t))
      .flatMap((t) => Object.values(t.getFields()).map((f) => ({ name: `${t.name}.${f.name}`, f })))
      .filter(({ f }) => isObjectList(f) && !isPaged(f) && declaredBound(f) === undefined)
      .map(({ name }) => name);
    expect(unbounded, 'declare @Extensions(maxItems(n)) with the constant the read is cut with, or page the field').toEqual([]);
  });

  it('test/generated/operations.ts is up to date (run npm run codegen)', () => {
    const out = mkdtempSync(path.join(tmpdir(), 'codegen-'));
    execFileSync(
      process.execPath,
      [path.join(root, 'node_modules/@graphql-codegen/cli/esm/bin.js'), '--config', path.join(root, 'codegen.ts')],
      { cwd: root, env: { ...process.env, TWIN_CODEGEN_OUT: path.join(out, 'operations.ts') }, stdio: 'pipe' },
    );
    const fresh = readFileSync(path.join(out, 'operations.ts'), 'utf8');
    const committed = readFileSync(path.join(root, 'test/generated/operations.ts'), 'utf8');
    expect(committed).toBe(fresh);
  });
});
