/**
 * MSAL's network module on our HTTP client, so token requests trust the same extra CAs as Graph calls
 * (a corporate proxy's, or the local simulator's) without NODE_EXTRA_CA_CERTS at process start and
 * without ever disabling TLS checks. MSAL does its own token-endpoint retry; this adds transport retries.
 */
import type { INetworkModule, NetworkRequestOptions, NetworkResponse } from '@azure/msal-node';
import type { HttpClient } from '../http';

export class MsalNetworkModule implements INetworkModule {
  constructor(private readonly http: HttpClient) {}

  async sendGetRequestAsync<T>(url: string, options?: NetworkRequestOptions): Promise<NetworkResponse<T>> {
    return this.send<T>('GET', url, options);
  }

  async sendPostRequestAsync<T>(url: string, options?: NetworkRequestOptions): Promise<NetworkResponse<T>> {
    return this.send<T>('POST', url, options);
  }

  private async send<T>(method: 'GET' | 'POST', url: string, options?: NetworkRequestOptions): Promise<NetworkResponse<T>> {
    const res = await this.http.send({
      method,
      url,
      bucket: 'entra:token',
      ...(options?.headers ? { headers: options.headers } : {}),
      ...(options?.body !== undefined ? { body: options.body } : {}),
    });
    let body: unknown;
    try {
      body = JSON.parse(res.text);
    } catch {
      body = {};
    }
    return { status: res.status, headers: res.headers, body: body as T };
  }
}
