/**
 * Analysts' corrections of identity resolution. Each is an (:AccountLink) node that outlives syncs and
 * takes precedence over automatic joins on every later resolution:
 * - kind 'link': accountKeys are one person, whatever their identifiers say (the person is VERIFIED when
 *   these links alone join all of its accounts);
 * - kind 'unlink': accountKeys[0] is its own person and joins nothing automatically.
 * The later statement about an account wins: linking cancels its unlink, unlinking removes it from links.
 */
import { createHash } from 'node:crypto';
import type { Graph } from '../neo4j/driver.js';
import { badInput } from '../errors.js';
import { PERSON_PROJECTION, type PersonView } from './views.js';
import { enrichPass } from './enrich-pass.js';
import { serialized } from './serialize.js';

/** At most this many accounts per link. */
const MAX_LINKED_ACCOUNTS = 50;

/** Forces the accounts (node keys, AccountView.id) into one person; returns that person. */
export async function linkAccounts(graph: Graph, accountIds: string[]): Promise<PersonView> {
  if (accountIds.length < 2 || accountIds.length > MAX_LINKED_ACCOUNTS) {
    throw badInput(`give from 2 to ${MAX_LINKED_ACCOUNTS} account ids to link`, 'accountIds');
  }
  const keys = [...new Set(accountIds.map((k) => k.trim()).filter((k) => k !== ''))].sort();
  if (keys.length < 2) throw badInput('linkAccounts needs at least two different account ids', 'accountIds');
  return serialized(graph, async () => {
    await requireAccounts(graph, keys);
    await graph.write(
      `MATCH (u:AccountLink {kind: 'unlink'}) WHERE any(k IN u.accountKeys WHERE k IN $keys) DELETE u
       WITH count(*) AS _
       MERGE (l:AccountLink {key: $key})
         ON CREATE SET l.kind = 'link', l.accountKeys = $keys, l.createdAt = $now`,
      { keys, key: `link:${createHash('sha256').update(keys.join('\n')).digest('hex').slice(0, 32)}`, now: new Date().toISOString() },
    );
    // The linked accounts and what they join are re-resolved, and their people get their posture facts now.
    await enrichPass(graph, { seeds: keys.map((key) => ({ key, kind: 'identity' as const })) });
    const [person] = await personsOf(graph, [keys[0] as string]);
    if (!person) throw new Error(`account ${keys[0]} has no person after resolution`);
    return person;
  });
}

/** Forces the account out into its own person; returns that person (the one it left is re-resolved too). */
export async function unlinkAccounts(graph: Graph, accountId: string): Promise<PersonView> {
  const key = accountId.trim();
  if (key === '') throw badInput('unlinkAccounts needs an account id', 'accountId');
  return serialized(graph, async () => {
    await requireAccounts(graph, [key]);
    await graph.write(
      `OPTIONAL MATCH (l:AccountLink {kind: 'link'}) WHERE $key IN l.accountKeys
       SET l.accountKeys = [k IN l.accountKeys WHERE k <> $key]
       WITH l WHERE l IS NOT NULL AND size(l.accountKeys) < 2
       DELETE l
       WITH count(*) AS _
       MERGE (u:AccountLink {key: 'unlink:' + $key})
         ON CREATE SET u.kind = 'unlink', u.accountKeys = [$key], u.createdAt = $now`,
      { key, now: new Date().toISOString() },
    );
    // The account, the person it left and what they join are re-resolved, with their posture facts.
    await enrichPass(graph, { seeds: [{ key, kind: 'identity' }] });
    const [person] = await personsOf(graph, [key]);
    if (!person) throw new Error(`account ${key} has no person after resolution`);
    return person;
  });
}

async function requireAccounts(graph: Graph, keys: string[]): Promise<void> {
  const found = await graph.read<{ key: string }>('MATCH (a:Account) WHERE a.key IN $keys RETURN a.key AS key', { keys });
  const known = new Set(found.map((r) => r.key));
  const missing = keys.filter((k) => !known.has(k));
  if (missing.length > 0) throw badInput(`unknown account id(s): ${missing.join(', ')}`, 'accountIds');
}

/** Distinct persons of the given accounts, in the order of the first account that names each. */
async function personsOf(graph: Graph, keys: string[]): Promise<PersonView[]> {
  const rows = await graph.read<{ key: string; person: PersonView }>(
    `UNWIND $keys AS key
     MATCH (p:Person)-[:HAS_ACCOUNT]->(:Account {key: key})
     RETURN key, ${PERSON_PROJECTION} AS person`,
    { keys },
  );
  const byKey = new Map(rows.map((r) => [r.key, r.person]));
  const seen = new Set<string>();
  const out: PersonView[] = [];
  for (const k of keys) {
    const p = byKey.get(k);
    if (p && !seen.has(p.id)) {
      seen.add(p.id);
      out.push(p);
    }
  }
  return out;
}
