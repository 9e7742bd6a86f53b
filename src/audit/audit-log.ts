/**
 * The audit trail: one AuditEvent node per mutation (who, what, when, outcome), written before the
 * mutation runs so a mutation that cannot be recorded does not run. Arguments are stored with secrets
 * redacted by name; the API key itself is never stored, only its name.
 */
import { randomUUID } from 'node:crypto';
import neo4j from 'neo4j-driver';
import { QueryCounter, withQueryCounter, type Graph } from '../neo4j/driver.js';

export type AuditOutcome = 'STARTED' | 'SUCCEEDED' | 'FAILED';

export interface AuditEntry {
  keyName: string;
  role: 'admin' | 'analyst';
  requestId: string;
  operation: string | null;
  fields: string[];
  arguments: Record<string, unknown>;
}

export interface AuditEvent extends Omit<AuditEntry, 'arguments'> {
  id: string;
  at: string;
  /** The arguments as stored: JSON, secrets redacted. */
  arguments: string;
  outcome: AuditOutcome;
  errorCodes: string[];
}

/** Argument names whose values are secrets (configure inputs): stored as [redacted]. */
const SECRET_NAME = /secret|token|password|privatekey|credential|^key$/i;

export function redactSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redactSecrets);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, SECRET_NAME.test(k) && v !== null && v !== undefined ? '[redacted]' : redactSecrets(v)]));
}

const PROJECTION = 'e { .id, .at, .keyName, .role, .requestId, .operation, .fields, .arguments, .outcome, .errorCodes }';

/**
 * The audit trail's own writes are not counted against the request they record (x-cypher-statements
 * reports what served the request: a refused or invalid mutation still reports 0).
 */
function uncounted<T>(fn: () => Promise<T>): Promise<T> {
  return withQueryCounter(new QueryCounter(), fn);
}

export class AuditLog {
  constructor(private readonly graph: Graph) {}

  /** Records a mutation before it runs; throws when the record cannot be written (the caller refuses it). */
  async begin(entry: AuditEntry): Promise<string> {
    const id = randomUUID();
    await uncounted(() => this.graph.write(
      `CREATE (e:AuditEvent {id: $id, at: $at, keyName: $keyName, role: $role, requestId: $requestId, operation: $operation,
         fields: $fields, arguments: $arguments, outcome: $outcome, errorCodes: $errorCodes})`,
      { ...entry, id, at: new Date().toISOString(), arguments: JSON.stringify(redactSecrets(entry.arguments)), outcome: 'STARTED', errorCodes: [] },
    ));
    return id;
  }

  async finish(id: string, outcome: Exclude<AuditOutcome, 'STARTED'>, errorCodes: string[]): Promise<void> {
    await uncounted(() => this.graph.write('MATCH (e:AuditEvent {id: $id}) SET e.outcome = $outcome, e.errorCodes = $errorCodes', { id, outcome, errorCodes }));
  }

  /** Newest first. */
  async page(first: number, offset: number): Promise<{ total: number; events: AuditEvent[] }> {
    const rows = await this.graph.read<{ total: number; events: AuditEvent[] }>(
      `CALL () { MATCH (e:AuditEvent) RETURN count(e) AS total }
       CALL () { MATCH (e:AuditEvent) WITH e ORDER BY e.at DESC, e.id SKIP $offset LIMIT $first RETURN collect(${PROJECTION}) AS events }
       RETURN total, events`,
      { first: neo4j.int(first), offset: neo4j.int(offset) },
    );
    return rows[0] ?? { total: 0, events: [] };
  }
}
