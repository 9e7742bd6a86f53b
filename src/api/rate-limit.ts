/**
 * Per-key request budget (rate-limiter-flexible): each API key, and each client address that presents
 * no valid key, gets TWIN_RATE_LIMIT_PER_MINUTE requests a minute; beyond it a request is answered 429
 * with Retry-After before anything runs. Budgets live in each process: N replicas allow N times as
 * much in all, which bounds each replica's own load, the point of the limit.
 */
import { HeaderMap } from '@apollo/server';
import { GraphQLError } from 'graphql';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';

export class RequestBudget {
  private readonly perKey: RateLimiterMemory;
  /** Failed authentications per address: slows key guessing. */
  private readonly perAddress: RateLimiterMemory;

  constructor(perMinute: number) {
    this.perKey = new RateLimiterMemory({ points: perMinute, duration: 60 });
    this.perAddress = new RateLimiterMemory({ points: Math.max(10, Math.ceil(perMinute / 10)), duration: 60 });
  }

  /** Spends one request of the key's budget, or throws RATE_LIMITED (429, Retry-After). */
  async spend(keyName: string): Promise<void> {
    await this.perKey.consume(keyName).catch((res: unknown) => {
      throw limited(res, `the request budget of API key ${keyName} is spent`);
    });
  }

  /** Records an unauthenticated request from an address; throws RATE_LIMITED once it has made too many. */
  async spendUnauthenticated(address: string): Promise<void> {
    await this.perAddress.consume(address).catch((res: unknown) => {
      throw limited(res, 'too many requests without a valid API key from this address');
    });
  }
}

function limited(res: unknown, why: string): unknown {
  // consume() rejects with a RateLimiterRes when over budget, with an Error when the store failed.
  if (!(res instanceof RateLimiterRes)) return res;
  const seconds = Math.max(1, Math.ceil(res.msBeforeNext / 1000));
  return new GraphQLError(`${why}; retry in ${seconds} s`, {
    extensions: { code: 'RATE_LIMITED', http: { status: 429, headers: new HeaderMap([['retry-after', String(seconds)]]) } },
  });
}
