// A real OpenTelemetry SDK meter provider whose metrics a test reads on demand.
import { AggregationTemporality, MeterProvider, MetricReader, type DataPoint } from '@opentelemetry/sdk-metrics';

class OnDemandReader extends MetricReader {
  protected override async onForceFlush(): Promise<void> {}
  protected override async onShutdown(): Promise<void> {}
}

export interface Point {
  attributes: Record<string, unknown>;
  value: unknown;
}

/** Delta temporality: each read shows what was recorded or observed since the previous one. */
export function metricsRecorder() {
  const reader = new OnDemandReader({ aggregationTemporalitySelector: () => AggregationTemporality.DELTA });
  const provider = new MeterProvider({ readers: [reader] });
  return {
    provider,
    /** Every metric collected now, by instrumentation scope then metric name. */
    async read(): Promise<Record<string, Record<string, Point[]>>> {
      const { resourceMetrics } = await reader.collect();
      const scopes: Record<string, Record<string, Point[]>> = {};
      for (const scope of resourceMetrics.scopeMetrics) {
        const byName: Record<string, Point[]> = (scopes[scope.scope.name] ??= {});
        for (const metric of scope.metrics) {
          byName[metric.descriptor.name] = (metric.dataPoints as Array<DataPoint<unknown>>).map((p) => ({ attributes: p.attributes, value: p.value }));
        }
      }
      return scopes;
    },
    shutdown: () => provider.shutdown(),
  };
}
