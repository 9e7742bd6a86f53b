/** A bare GraphQL-over-HTTP call for the benchmark, reporting the Cypher statements the request cost. */
export async function gql<T>(url: string, query: string, variables: Record<string, unknown> = {}): Promise<{ data: T; statements: number; ms: number }> {
  const t0 = performance.now();
  const res = await post(url, JSON.stringify({ query, variables }));
  const body = (await res.json()) as { data?: T; errors?: Array<{ message: string }> };
  const ms = performance.now() - t0;
  if (body.errors?.length || !body.data) throw new Error(`GraphQL error: ${body.errors?.map((e) => e.message).join('; ')}`);
  return { data: body.data, statements: Number(res.headers.get('x-cypher-statements')), ms };
}

/**
 * One POST, sent again (at most twice) when the connection was reset before an answer: the API closes a
 * keep-alive connection idle for 5 s, and a bench process busy for longer (a 300k tenant's simulators) then
 * writes its next request on a closed socket. Such a request never reached the API, so sending it again is safe.
 */
async function post(url: string, body: string): Promise<Response> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    } catch (err) {
      const code = err instanceof Error && err.cause instanceof Error ? (err.cause as Error & { code?: string }).code : undefined;
      if (attempt >= 3 || (code !== 'ECONNRESET' && code !== 'UND_ERR_SOCKET')) throw err;
    }
  }
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}
