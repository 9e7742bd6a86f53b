/**
 * `POST /v1.0/$batch`: up to 20 relative GET requests, each run through the full pipeline on its
 * own (so each can be throttled or faulted independently), `dependsOn` honoured, and responses
 * returned in a shuffled order, as Graph may. The shuffle is seeded so runs are reproducible.
 */
import type { AppTokenClaims } from './access-token.js';
import { GraphError, graphErrorBody } from './graph-error.js';
import type { GraphPipeline, GraphResponse } from './graph-pipeline.js';

export const MAX_BATCH_REQUESTS = 20;

interface BatchRequestItem {
  id: string;
  method: string;
  url: string;
  headers?: Record<string, string>;
  dependsOn?: string[];
}

export interface BatchSubResponse {
  id: string;
  status: number;
  headers: Record<string, string>;
  body?: unknown;
}

export interface BatchOutcome {
  responses: BatchSubResponse[];
  /** Each sub-request's pipeline result, for the request log. */
  executed: GraphResponse[];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Validates the envelope; throws a GraphError for a 400 on the whole batch. */
export function parseBatch(body: string): BatchRequestItem[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    throw new GraphError(400, 'BadRequest', 'Invalid batch payload format.');
  }
  if (!isRecord(parsed) || !Array.isArray(parsed.requests)) throw new GraphError(400, 'BadRequest', 'Invalid batch payload format.');
  if (parsed.requests.length > MAX_BATCH_REQUESTS) {
    throw new GraphError(400, 'BadRequest', `Batch request limit exceeded: a batch can contain at most ${MAX_BATCH_REQUESTS} requests.`);
  }
  const seen = new Set<string>();
  return parsed.requests.map((raw): BatchRequestItem => {
    if (!isRecord(raw) || typeof raw.id !== 'string' || typeof raw.url !== 'string' || typeof raw.method !== 'string') {
      throw new GraphError(400, 'BadRequest', 'Invalid batch payload format: each request needs id, method and url.');
    }
    if (seen.has(raw.id)) throw new GraphError(400, 'BadRequest', `Batch request ids must be unique; '${raw.id}' is repeated.`);
    seen.add(raw.id);
    const item: BatchRequestItem = { id: raw.id, method: raw.method.toUpperCase(), url: raw.url };
    if (isRecord(raw.headers)) {
      item.headers = Object.fromEntries(Object.entries(raw.headers).filter((e): e is [string, string] => typeof e[1] === 'string'));
    }
    if (Array.isArray(raw.dependsOn)) item.dependsOn = raw.dependsOn.filter((d): d is string => typeof d === 'string');
    return item;
  });
}

/** Deterministic xorshift32, so "any order" is the same order on every run. */
function seededShuffle<T>(items: T[], seed: number): T[] {
  let state = seed >>> 0 || 1;
  const next = (): number => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 0x100000000;
  };
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

function subBody(res: GraphResponse): unknown {
  if (!res.body) return undefined;
  if (res.body.type === 'json') return res.body.value;
  // $count comes back as a plain number, not a base64 text body.
  if (res.body.type === 'text') return /^\d+$/.test(res.body.value) ? Number(res.body.value) : res.body.value;
  return res.body.value;
}

export async function runBatch(
  pipeline: GraphPipeline,
  items: BatchRequestItem[],
  opts: { version: string; claims: AppTokenClaims; outerHeaders: Readonly<Record<string, string | undefined>>; seed: number; nowMs: number },
): Promise<BatchOutcome> {
  const responses: BatchSubResponse[] = [];
  const executed: GraphResponse[] = [];
  const statusById = new Map<string, number>();

  for (const item of items) {
    const failedDependency = item.dependsOn?.find((dep) => {
      const status = statusById.get(dep);
      return status === undefined || status < 200 || status >= 300;
    });
    if (failedDependency !== undefined) {
      const error = new GraphError(424, 'FailedDependency', `The request depends on request '${failedDependency}', which failed.`);
      statusById.set(item.id, 424);
      responses.push({
        id: item.id,
        status: 424,
        headers: { 'Content-Type': 'application/json' },
        body: graphErrorBody(error, { requestId: '', clientRequestId: '' }, opts.nowMs),
      });
      continue;
    }
    if (/^[a-z]+:\/\//i.test(item.url)) {
      const error = new GraphError(400, 'BadRequest', 'Invalid request URL: batch request URLs must be relative, without the version.');
      statusById.set(item.id, 400);
      responses.push({ id: item.id, status: 400, headers: { 'Content-Type': 'application/json' }, body: graphErrorBody(error, { requestId: '', clientRequestId: '' }, opts.nowMs) });
      continue;
    }
    const url = new URL(item.url.startsWith('/') ? item.url : `/${item.url}`, 'https://batch.invalid');
    const headers: Record<string, string | undefined> = { 'client-request-id': opts.outerHeaders['client-request-id'] };
    for (const [k, v] of Object.entries(item.headers ?? {})) headers[k.toLowerCase()] = v;
    const res = await pipeline.execute({
      method: item.method,
      version: opts.version,
      rawPath: url.pathname,
      search: url.searchParams,
      headers,
      inBatch: true,
      claims: opts.claims,
    });
    executed.push(res);
    statusById.set(item.id, res.status);
    const sub: BatchSubResponse = { id: item.id, status: res.status, headers: { ...res.headers } };
    const body = subBody(res);
    if (body !== undefined) sub.body = body;
    responses.push(sub);
  }
  return { responses: seededShuffle(responses, opts.seed), executed };
}
