/** A real gRPC OTLP receiver (grpc-js, the library the exporter itself uses) on 127.0.0.1. */
import { Server, ServerCredentials, type ServiceDefinition, type UntypedServiceImplementation } from '@grpc/grpc-js';
import { decodeRequest, encodeEmptyResponse } from './otlp-proto.js';
import type { OtlpRequest } from './otlp-model.js';

export interface GrpcExport {
  readonly body: OtlpRequest;
  readonly metadata: Record<string, unknown>;
}

export async function startGrpcReceiver(): Promise<{ url: string; exports: GrpcExport[]; stop(): void }> {
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
