/**
 * A PushMetricExporter wrapper that reports the result of every export: the SDK only tells its
 * global diagnostics logger, which this project does not install.
 */
import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import type { PushMetricExporter, ResourceMetrics } from '@opentelemetry/sdk-metrics';

/** Told once per export request, whatever its outcome. */
export interface ExportListener {
  exportSucceeded(points: number): void;
  exportFailed(error: Error, points: number): void;
}

function points(metrics: ResourceMetrics): number {
  let n = 0;
  for (const scope of metrics.scopeMetrics) for (const m of scope.metrics) n += m.dataPoints.length;
  return n;
}

export class CountingExporter implements PushMetricExporter {
  constructor(
    private readonly inner: PushMetricExporter,
    private readonly listener: ExportListener,
  ) {}

  export(metrics: ResourceMetrics, resultCallback: (result: ExportResult) => void): void {
    const n = points(metrics);
    const done = (result: ExportResult): void => {
      if (result.code === ExportResultCode.SUCCESS) this.listener.exportSucceeded(n);
      else this.listener.exportFailed(result.error ?? new Error('export failed'), n);
      resultCallback(result);
    };
    try {
      this.inner.export(metrics, done);
    } catch (err) {
      done({ code: ExportResultCode.FAILED, error: err instanceof Error ? err : new Error(String(err)) });
    }
  }

  forceFlush(): Promise<void> {
    return this.inner.forceFlush();
  }

  shutdown(): Promise<void> {
    return this.inner.shutdown();
  }
}
