import { afterEach, describe, expect, it } from 'vitest';
import type { Exporter } from '../../src/app.js';
import { startDemo } from '../otlp/support/demo.js';
import { startGrpcReceiver } from '../otlp/support/grpc-receiver.js';
import { startReceiver, type OtlpReceiver } from '../otlp/support/receiver.js';
import { startTinyproxy, type RunningTinyproxy } from '../support/tinyproxy.js';

let proxy: RunningTinyproxy | undefined;
let receiver: OtlpReceiver | undefined;
let exporter: Exporter | undefined;
let grpc: Awaited<ReturnType<typeof startGrpcReceiver>> | undefined;
afterEach(async () => {
  await exporter?.stop();
  await receiver?.close();
  grpc?.stop();
  await proxy?.stop();
  exporter = proxy = receiver = grpc = undefined;
  // The exporter hands its decision to grpc-js through these (see src/otlp/exporters.ts).
  for (const name of ['grpc_proxy', 'no_grpc_proxy', 'https_proxy']) delete process.env[name];
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

  // grpc-js has a proxy support of its own, read from grpc_proxy / https_proxy / no_proxy (lower
  // case only) when a channel is made; the exporter hands it the proxy it chose.
  it('goes through the proxy over grpc, named by proxy.url, tunnelled by grpc-js itself', async () => {
    proxy = await startTinyproxy();
    grpc = await startGrpcReceiver();
    exporter = await startDemo(grpc.url, { args: ['--otel-exporter-otlp-protocol', 'grpc', '--proxy-url', proxy.url] });
    expect(await exporter.poller.pollOnce()).toBe(true);
    await exporter.otlp!.flush();
    expect(grpc.exports).toHaveLength(1);
    expect(await proxy.requests()).toContain(`CONNECT ${new URL(grpc.url).host} HTTP/1.1`);
  });

  it('goes direct over grpc when NO_PROXY names the receiver, though grpc-js alone would follow https_proxy', async () => {
    proxy = await startTinyproxy();
    grpc = await startGrpcReceiver();
    // grpc-js reads the process's lower-case https_proxy by itself, and not the upper-case NO_PROXY.
    process.env['https_proxy'] = proxy.url;
    exporter = await startDemo(grpc.url, {
      args: ['--otel-exporter-otlp-protocol', 'grpc'],
      env: { HTTP_PROXY: proxy.url, NO_PROXY: '127.0.0.1' },
    });
    expect(await exporter.poller.pollOnce()).toBe(true);
    await exporter.otlp!.flush();
    expect(grpc.exports).toHaveLength(1);
    expect(await proxy.requests()).toEqual([]);
  });
});
