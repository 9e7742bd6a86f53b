/**
 * A data set's live count that survives a listing starting over: what the abandoned attempt counted is
 * taken back, so a restarted listing is not counted twice.
 */
import type { DataSetContext } from '../data-set.js';

export class ListingCount {
  private attempt = 0;
  total = 0;

  constructor(private readonly ctx: Pick<DataSetContext, 'count'>) {}

  add(n: number): void {
    this.attempt += n;
    this.total += n;
    this.ctx.count(n);
  }

  /** The listing starts over: forget this attempt. */
  restart(): void {
    this.ctx.count(-this.attempt);
    this.total -= this.attempt;
    this.attempt = 0;
  }
}
