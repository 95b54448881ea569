import { afterEach, describe, expect, it } from 'vitest';
import type { Exporter } from '../../src/app.js';
import { startDemo } from '../otlp/support/demo.js';
import { startReceiver, type OtlpReceiver } from '../otlp/support/receiver.js';
import { startTinyproxy, type RunningTinyproxy } from '../support/tinyproxy.js';

let proxy: RunningTinyproxy | undefined;
let receiver: OtlpReceiver | undefined;
let exporter: Exporter | undefined;
afterEach(async () => {
  await exporter?.stop();
  await receiver?.close();
  await proxy?.stop();
  exporter = proxy = receiver = undefined;
});

describe('the OTLP push behind a proxy', () => {
  it.each(['http/protobuf', 'http/json'])('goes through the proxy over %s, tunnelled with CONNECT', async (protocol) => {
    proxy = await startTinyproxy({ basicAuth: { user: 'egress', password: 'Xk3-tunnel-pw-0002' } });
    receiver = await startReceiver();
    const logs: string[] = [];
    exporter = await startDemo(receiver.url, {
      args: ['--otel-exporter-otlp-protocol', protocol, '--proxy-url', proxy.url.replace('//', '//egress:Xk3-tunnel-pw-0002@')],
      logs,
    });
    expect(await exporter.poller.pollOnce()).toBe(true);
    await exporter.otlp!.flush();
    await receiver.waitFor(1);
    expect(await proxy.requests()).toContain(`CONNECT ${new URL(receiver.url).host} HTTP/1.1`);
    expect(logs.join('\n')).not.toContain('Xk3-tunnel-pw-0002');
  });
});
