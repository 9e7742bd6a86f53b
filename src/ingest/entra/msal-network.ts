/**
 * MSAL's network module on our HTTP client, so token requests trust the same extra CAs as Graph calls
 * (a corporate proxy's, or the local simulator's) without NODE_EXTRA_CA_CERTS at process start and
 * without ever disabling TLS checks. MSAL does its own token-endpoint retry; this adds transport retries.
 *
 * MSAL swallows why endpoint discovery failed (an unreachable host and an unknown tenant both become
 * openid_config_error), so the last failure is kept here for auth.ts to tell them apart.
 */
import type { INetworkModule, NetworkRequestOptions, NetworkResponse } from '@azure/msal-node';
import type { HttpClient } from '../http.js';

export interface NetworkFailure {
  /** HTTP status of the last failed response, or undefined when the request never got an answer. */
  status: number | undefined;
  /** AADSTS code found in the failed response's body, e.g. AADSTS90002. */
  aadsts: string | undefined;
  /** The transport error when there was no answer. */
  error: unknown;
}

export class MsalNetworkModule implements INetworkModule {
  /** The last failed request since the last success; cleared by every successful response. */
  lastFailure: NetworkFailure | undefined;
  /**
   * The run's signal: MSAL's calls take none, so the session's token source sets it here and every token
   * request of the run is aborted with it (cancelSync, shutdown, the run's deadline).
   */
  signal: AbortSignal | undefined;

  constructor(private readonly http: HttpClient) {}

  async sendGetRequestAsync<T>(url: string, options?: NetworkRequestOptions): Promise<NetworkResponse<T>> {
    return this.send<T>('GET', url, options);
  }

  async sendPostRequestAsync<T>(url: string, options?: NetworkRequestOptions): Promise<NetworkResponse<T>> {
    return this.send<T>('POST', url, options);
  }

  private async send<T>(method: 'GET' | 'POST', url: string, options?: NetworkRequestOptions): Promise<NetworkResponse<T>> {
    let res;
    try {
      res = await this.http.send({
        method,
        url,
        bucket: 'entra:token',
        ...(options?.headers ? { headers: options.headers } : {}),
        ...(options?.body !== undefined ? { body: options.body } : {}),
      }, this.signal);
    } catch (err) {
      this.lastFailure = { status: undefined, aadsts: undefined, error: err };
      throw err;
    }
    let body: unknown;
    try {
      body = JSON.parse(res.text);
    } catch {
      body = {};
    }
    if (res.status >= 400) {
      this.lastFailure = { status: res.status, aadsts: /AADSTS\d+/.exec(res.text)?.[0], error: undefined };
    } else {
      this.lastFailure = undefined;
    }
    return { status: res.status, headers: res.headers, body: body as T };
  }
}
