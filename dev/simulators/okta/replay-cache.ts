/** Seen `jti` values until they expire, so replays are refused without growing forever. */
export class ReplayCache {
  private readonly expiries = new Map<string, number>();
  private insertsSinceSweep = 0;

  constructor(private readonly now: () => number) {}

  has(id: string): boolean {
    const expiresAt = this.expiries.get(id);
    return expiresAt !== undefined && expiresAt > this.now();
  }

  /** Records the id; false when it was already used and has not expired. */
  use(id: string, expiresAt: number): boolean {
    if (this.has(id)) return false;
    this.expiries.set(id, expiresAt);
    this.insertsSinceSweep += 1;
    if (this.insertsSinceSweep >= 10_000) this.sweep();
    return true;
  }

  private sweep(): void {
    const now = this.now();
    for (const [id, expiresAt] of this.expiries) {
      if (expiresAt <= now) this.expiries.delete(id);
    }
    this.insertsSinceSweep = 0;
  }
}
