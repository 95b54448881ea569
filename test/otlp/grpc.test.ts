import { Server, ServerCredentials, type ServiceDefinition, type UntypedServiceImplementation } from '@grpc/grpc-js';
import { afterEach, describe, expect, it } from 'vitest';
import type { Exporter } from '../../src/app.js';
import { parseExposition } from './support/exposition.js';
import { decodeRequest, encodeEmptyResponse } from './support/otlp-proto.js';
import { resourceOf, type OtlpRequest } from './support/otlp-model.js';
import { toPrometheusSamples } from './support/prometheus-translation.js';
import { scrape, startDemo } from './support/demo.js';

interface GrpcExport {
  readonly body: OtlpRequest;
  readonly metadata: Record<string, unknown>;
}

/** A real gRPC OTLP receiver (grpc-js, the library the exporter itself uses) on 127.0.0.1. */
async function startGrpcReceiver(): Promise<{ url: string; exports: GrpcExport[]; stop(): void }> {
  const exports: GrpcExport[] = [];
  const service: ServiceDefinition = {
    Export: {
      path: '/opentelemetry.proto.collector.metrics.v1.MetricsService/Export',
      requestStream: false,
      responseStream: false,
      requestSerialize: () => Buffer.alloc(0),
      requestDeserialize: (bytes: Buffer) => decodeRequest(bytes),
      responseSerialize: () => Buffer.from(encodeEmptyResponse()),
      responseDeserialize: () => ({}),
    },
  };
  const implementation: UntypedServiceImplementation = {
    Export: (call: { request: OtlpRequest; metadata: { getMap(): Record<string, unknown> } }, callback: (err: null, res: object) => void) => {
      exports.push({ body: call.request, metadata: call.metadata.getMap() });
      callback(null, {});
    },
  };
  const server = new Server();
  server.addService(service, implementation);
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', ServerCredentials.createInsecure(), (err, p) => (err ? reject(err) : resolve(p))),
  );
  return { url: `http://127.0.0.1:${port}`, exports, stop: () => server.forceShutdown() };
}

let receiver: Awaited<ReturnType<typeof startGrpcReceiver>> | undefined;
let exporter: Exporter | undefined;
afterEach(async () => {
  await exporter?.stop();
  receiver?.stop();
  exporter = undefined;
  receiver = undefined;
});

describe('OTEL_EXPORTER_OTLP_PROTOCOL=grpc', () => {
  it('pushes the same series to a gRPC receiver, headers as metadata', async () => {
    receiver = await startGrpcReceiver();
    exporter = await startDemo(receiver.url, {
      args: ['--otel-exporter-otlp-protocol', 'grpc'],
      env: { OTEL_EXPORTER_OTLP_HEADERS: 'x-api-key=grpc-key-123' },
    });
    expect(exporter.otlp?.protocol).toBe('grpc');
    expect(await exporter.poller.pollOnce()).toBe(true);
    await exporter.skillNames?.refresh();
    const { text } = await scrape(exporter);
    await exporter.otlp!.flush();

    expect(receiver.exports).toHaveLength(1);
    const [received] = receiver.exports;
    expect(received!.metadata['x-api-key']).toBe('grpc-key-123');
    expect(resourceOf(received!.body)['liveperson.account_id']).toBe(exporter.accountId);
    expect(toPrometheusSamples(received!.body)).toEqual(parseExposition(text, (name) => name.startsWith('liveperson_')));
  });
});
