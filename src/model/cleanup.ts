/**
 * Cleanup compiled from ownership: what a connector's data set owns (nodes, facets, relationships) and
 * its finished run did not see goes. The runner runs these only when the data set finished, so a
 * failed data set keeps its previous data. Each statement says which transaction it needs.
 */
import { keyedLabel, kindLabel, type NodeSpec, type RelSpec } from './declare.js';
import { NODES, RELATIONSHIPS } from './graph.js';
import type { Source } from './vocabulary.js';

/**
 * A statement and the transaction it needs: `batched` statements commit in chunks themselves
 * (`CALL (x) { … } IN TRANSACTIONS`), which Neo4j allows only in an auto-commit transaction.
 */
export interface Statement {
  readonly cypher: string;
  readonly batched: boolean;
}

/** Rows per inner transaction of a batched cleanup: bounded memory whatever the tenant size. */
export const CLEANUP_BATCH = 5000;

const NOT_SEEN = (v: string, prop = 'runId'): string => `coalesce(${v}.${prop}, '') <> $runId`;

function nodeMatch(n: NodeSpec): string {
  const kind = kindLabel(n);
  return `MATCH (n:${keyedLabel(n)}) WHERE n.integration = $integration${kind ? ` AND n:${kind}` : ''}`;
}

function batched(match: string, v: string, body: string): Statement {
  return { cypher: `${match}\nCALL (${v}) { ${body} } IN TRANSACTIONS OF ${CLEANUP_BATCH} ROWS`, batched: true };
}

/** The relationship's end with one keyed label, whose integration index anchors the scan. */
function anchor(r: RelSpec): { label: string; pattern: (rel: string) => string } {
  const to = new Set(r.to.map(keyedLabel));
  const [only] = to;
  if (to.size === 1 && only) return { label: only, pattern: (rel) => `(x:${only})<-[${rel}:${r.type}]-()` };
  const from = new Set(r.from.map(keyedLabel));
  const [first] = from;
  if (from.size === 1 && first) return { label: first, pattern: (rel) => `(x:${first})-[${rel}:${r.type}]->()` };
  return { label: '', pattern: (rel) => `()-[${rel}:${r.type}]->()` };
}

/** Relationships whose start node has an age retention live and die with that node (INVOLVES). */
function livesWithItsNode(r: RelSpec): boolean {
  return r.from.every((n) => n.retention.kind === 'age');
}

function owns(owner: { source: string; dataSet: string }, source: Source, dataSet: string): boolean {
  return owner.source === source && owner.dataSet === dataSet;
}

/** Statements that remove what one data set owns and its finished run did not see; $retentionDays for ages. */
export function cleanupFor(source: Source, dataSet: string): Statement[] {
  const out: Statement[] = [];
  for (const r of RELATIONSHIPS) {
    if (!r.owners.some((o) => owns(o, source, dataSet)) || livesWithItsNode(r)) continue;
    const a = anchor(r);
    const where = `${a.label ? 'x.integration = $integration AND ' : 'r.integration = $integration AND '}r.dataSet = $dataSet AND ${NOT_SEEN('r')}`;
    out.push(batched(`MATCH ${a.pattern('r')} WHERE ${where}`, 'r', 'DELETE r'));
  }
  for (const n of NODES) {
    for (const f of Object.values(n.facets)) {
      if (!owns(f.owner, source, dataSet) || !f.reset || !f.stamp) continue;
      // Nodes this facet's last run wrote but this run did not: back to the reset values.
      out.push({ cypher: resetCypher(n, f.stamp, f.reset), batched: true });
    }
  }
  for (const n of NODES) {
    if (!owns(n.owner, source, dataSet)) continue;
    const stale =
      n.retention.kind === 'age'
        ? `((n.${n.retention.dateProp} IS NULL AND ${NOT_SEEN('n')}) OR datetime(n.${n.retention.dateProp}) < datetime() - duration({days: $retentionDays}))`
        : NOT_SEEN('n');
    out.push(batched(`${nodeMatch(n)} AND ${stale}`, 'n', 'DETACH DELETE n'));
  }
  return out;
}

/** Facet reset: the reset values are declared constants, compiled into the statement as literals. */
function resetCypher(n: NodeSpec, stamp: string, reset: Readonly<Record<string, unknown>>): string {
  const assignments = Object.entries(reset).map(([k, v]) => `n.${k} = ${cypherLiteral(v)}`).join(', ');
  return `${nodeMatch(n)} AND n.${stamp} IS NOT NULL AND ${NOT_SEEN('n', stamp)}
CALL (n) { SET ${assignments}, n.${stamp} = null${resetFlag(n, Object.keys(reset))} } IN TRANSACTIONS OF ${CLEANUP_BATCH} ROWS`;
}

/** A facet reset changes the node: raise its change flag (identity when a reset property is one: declare.ts ChangeFlag). */
function resetFlag(n: NodeSpec, props: readonly string[]): string {
  const f = n.changeFlag;
  if (!f) return '';
  const flag = `n.${f.property}`;
  return props.some((p) => f.identity.includes(p)) ? `, ${flag} = 'identity'` : `, ${flag} = CASE WHEN ${flag} = 'identity' THEN 'identity' ELSE 'facts' END`;
}

function cypherLiteral(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (Array.isArray(v)) return `[${v.map(cypherLiteral).join(', ')}]`;
  if (typeof v === 'string') return `'${v.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  return String(v);
}

/**
 * Re-stamps a data set's relationships that match `where` as seen by this run, so cleanup keeps them:
 * the data behind them could not be read this time (PIM eligibility refused) and the old answer stands.
 */
export function keepRels(r: RelSpec, where: Readonly<Record<string, string>>): Statement {
  const a = anchor(r);
  const filter = Object.entries(where).map(([k, v]) => `r.${k} = ${cypherLiteral(v)}`);
  return {
    cypher: `MATCH ${a.pattern('r')} WHERE ${a.label ? 'x' : 'r'}.integration = $integration AND r.dataSet = $dataSet${filter.map((f) => ` AND ${f}`).join('')}
SET r.runId = $runId`,
    batched: false,
  };
}
