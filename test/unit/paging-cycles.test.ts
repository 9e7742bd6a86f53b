/**
 * A repeated or cyclic next link is an error for the listing (UPSTREAM_BAD_RESPONSE), never an end of list
 * and never an endless loop, for Graph's @odata.nextLink and Okta's Link next; and a cancelled run's signal
 * stops a listing at the next page boundary.
 */
import { describe, expect, it } from 'vitest';
import { GraphClient } from '../../src/ingest/entra/client.js';
import { OktaClient } from '../../src/ingest/okta/client.js';
import { DEFAULT_RETRY, type HttpClient, type HttpRequest, type HttpResponse } from '../../src/ingest/http.js';

const GRAPH = 'https://graph.test';
const OKTA = 'https://acme.okta.test';

function response(body: unknown, link?: string): HttpResponse {
  const text = JSON.stringify(body);
  return {
    status: 200,
    headers: link ? { link } : {},
    headerValues: (name) => (name.toLowerCase() === 'link' && link ? [link] : []),
    text,
    json: <T>() => JSON.parse(text) as T,
  };
}

function fakeHttp(answer: (req: HttpRequest) => HttpResponse): { http: HttpClient; urls: string[] } {
  const urls: string[] = [];
  const http = {
    send: async (req: HttpRequest) => {
      urls.push(req.url);
      if (urls.length > 50) throw new Error('endless listing');
      return answer(req);
    },
  } as unknown as HttpClient;
  return { http, urls };
}

function graph(answer: (req: HttpRequest) => HttpResponse) {
  const { http, urls } = fakeHttp(answer);
  const client = new GraphClient({ http, graphEndpoint: GRAPH, tokens: { token: async () => 't' }, retry: DEFAULT_RETRY, sleep: async () => undefined });
  return { client, urls };
}

function okta(answer: (req: HttpRequest) => HttpResponse) {
  const { http, urls } = fakeHttp(answer);
  const client = new OktaClient(OKTA, http, { headers: async () => ({}), recover: () => false, close: async () => undefined } as unknown as ConstructorParameters<typeof OktaClient>[2]);
  return { client, urls };
}

async function drain<T>(pages: AsyncIterable<T[]>): Promise<T[]> {
  const out: T[] = [];
  for await (const page of pages) out.push(...page);
  return out;
}

describe('Graph @odata.nextLink cycles', () => {
  it('fails a listing whose next link points back to a page already read', async () => {
    const p2 = `${GRAPH}/v1.0/users?$skiptoken=2`;
    const p3 = `${GRAPH}/v1.0/users?$skiptoken=3`;
    const { client, urls } = graph((req) => response({ value: [{ id: req.url }], '@odata.nextLink': req.url === p3 ? p2 : req.url === p2 ? p3 : p2 }));
    await expect(drain(client.pages('/users', { bucket: 'graph:directory' }))).rejects.toMatchObject({ code: 'UPSTREAM_BAD_RESPONSE', message: expect.stringMatching(/paging cycle/) });
    expect(urls).toHaveLength(3);
  });

  it('fails a listing whose next link is the page itself', async () => {
    const { client } = graph((req) => response({ value: [], '@odata.nextLink': req.url }));
    await expect(drain(client.pages('/users', { bucket: 'graph:directory' }))).rejects.toMatchObject({ code: 'UPSTREAM_BAD_RESPONSE' });
  });

  it('fetches no page once the signal is aborted', async () => {
    const controller = new AbortController();
    const { client, urls } = graph(() => response({ value: [{ id: 'x' }], '@odata.nextLink': `${GRAPH}/v1.0/users?$skiptoken=${Math.random()}` }));
    const pages = client.pages<{ id: string }>('/users', { bucket: 'graph:directory', signal: controller.signal });
    await pages.next();
    controller.abort(new Error('cancelled'));
    await expect(drain(pages)).rejects.toThrow();
    expect(urls.length).toBeLessThanOrEqual(3);
  });
});

describe('Okta Link next cycles', () => {
  it('fails a listing whose next link is the current page (it used to end the listing as if complete)', async () => {
    const { client } = okta((req) => response([{ id: '00u1' }], `<${req.url}>; rel="next"`));
    await expect(drain(client.pages('/api/v1/users'))).rejects.toMatchObject({ code: 'UPSTREAM_BAD_RESPONSE', message: expect.stringMatching(/paging cycle/) });
  });

  it('fails a listing whose next links cycle over two pages', async () => {
    const a = `${OKTA}/api/v1/users?after=a`;
    const b = `${OKTA}/api/v1/users?after=b`;
    const { client, urls } = okta((req) => response([{ id: req.url }], `<${req.url === a ? b : a}>; rel="next"`));
    await expect(drain(client.pages('/api/v1/users'))).rejects.toMatchObject({ code: 'UPSTREAM_BAD_RESPONSE' });
    expect(urls).toHaveLength(3);
  });

  it('follows distinct next links to the end', async () => {
    const { client } = okta((req) => (req.url.endsWith('after=2') ? response([{ id: '3' }]) : response([{ id: '1' }], `<${OKTA}/api/v1/users?after=2>; rel="next"`)));
    expect((await drain(client.pages('/api/v1/users'))).map((u) => u.id)).toEqual(['1', '3']);
  });
});
