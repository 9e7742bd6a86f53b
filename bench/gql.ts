/** A bare GraphQL-over-HTTP call for the benchmark, reporting the Cypher statements the request cost. */
export async function gql<T>(url: string, query: string, variables: Record<string, unknown> = {}): Promise<{ data: T; statements: number; ms: number }> {
  const t0 = performance.now();
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query, variables }) });
  const body = (await res.json()) as { data?: T; errors?: Array<{ message: string }> };
  const ms = performance.now() - t0;
  if (body.errors?.length || !body.data) throw new Error(`GraphQL error: ${body.errors?.map((e) => e.message).join('; ')}`);
  return { data: body.data, statements: Number(res.headers.get('x-cypher-statements')), ms };
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}
