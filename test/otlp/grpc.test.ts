import { afterEach, describe, expect, it } from 'vitest';
import type { Exporter } from '../../src/app.js';
import { parseExposition } from './support/exposition.js';
import { startGrpcReceiver } from './support/grpc-receiver.js';
import { resourceOf } from './support/otlp-model.js';
import { toPrometheusSamples } from './support/prometheus-translation.js';
import { scrape, startDemo } from './support/demo.js';

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
