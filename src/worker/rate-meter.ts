/** Events per second over a sliding window (default 5 s), from event timestamps in ms. */
export class RateMeter {
  private readonly times: number[] = [];

  constructor(private readonly windowMs = 5000) {}

  tick(at: number): void {
    this.times.push(at);
    this.trim(at);
  }

  rate(now: number): number {
    this.trim(now);
    if (this.times.length < 2) return 0;
    const span = Math.max(now - this.times[0], 1);
    return Math.round((this.times.length / span) * 1000 * 10) / 10;
  }

  private trim(now: number): void {
    while (this.times.length && this.times[0] < now - this.windowMs) this.times.shift();
  }
}
