// The breaker's OpenTelemetry instruments: children by status (a gauge) and crashes by child (a counter).
import type { Counter, Meter, ObservableGauge, ObservableResult } from '@opentelemetry/api';
import type { CircuitBreakerCounts } from '../circuitBreakerEvents';

export const CHILDREN_GAUGE = 'circuit_breaker.children';
export const CRASH_COUNTER = 'circuit_breaker.crashes';

export class BreakerMetrics {
  private readonly gauge: ObservableGauge;
  private readonly crashes: Counter;
  private counts: CircuitBreakerCounts | undefined = undefined;
  // The gauge reports the counts of the last check, like the `circuitBreaker.check` event.
  private readonly observe = (result: ObservableResult) => {
    if (!this.counts) return;
    result.observe(this.counts.running, { status: 'running' });
    result.observe(this.counts.off, { status: 'off' });
    result.observe(this.counts.crashed, { status: 'crashed' });
  };

  constructor(meter: Meter) {
    this.gauge = meter.createObservableGauge(CHILDREN_GAUGE, {
      description: 'Circuit breaker children by status (running, off, crashed) at the last check',
      unit: '{child}',
    });
    this.crashes = meter.createCounter(CRASH_COUNTER, { description: 'Crashes of circuit breaker children', unit: '{crash}' });
  }

  open(): void {
    this.gauge.addCallback(this.observe);
  }

  close(): void {
    this.gauge.removeCallback(this.observe);
  }

  checked(counts: CircuitBreakerCounts): void {
    this.counts = counts;
  }

  crashed(childId: string): void {
    this.crashes.add(1, { 'child.id': childId });
  }
}
