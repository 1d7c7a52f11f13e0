// OTP's restart intensity: at most maxRestarts restarts inside a sliding window of periodMs.

export class RestartIntensity {
  private readonly restarts: number[] = [];

  constructor(
    private readonly maxRestarts: number,
    private readonly periodMs: number,
  ) {}

  /** Records a restart at `now`; false when that makes more than maxRestarts inside the window. */
  allow(now: number): boolean {
    if (this.maxRestarts === Infinity) return true;
    const restarts = this.restarts;
    while (restarts.length > 0 && now - restarts[0] >= this.periodMs) restarts.shift();
    restarts.push(now);
    // Only the newest maxRestarts + 1 matter; keep the array bounded under a crash storm.
    if (restarts.length > this.maxRestarts + 1) restarts.shift();
    return restarts.length <= this.maxRestarts;
  }
}
