import { createServer, request, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { MAX_BATCH_CALLS } from '../../server/domain/request-limits.ts';
import { departureOf, type Departure } from '../../server/http/departure.ts';

// The signal that drops a request's queued queries when its client leaves (worker-pool.ts) is
// made lazily: it must still abort whether it was asked for before or after the client left,
// and never for an answer that was completed.

let server: Server | null = null;
afterEach(async () => {
  await new Promise((resolve) => server?.close(resolve) ?? resolve(undefined));
  server = null;
});

/** A server whose handler keeps each response open until `finish` is called. */
async function holdingServer(): Promise<{
  url: URL;
  next: Promise<{ res: ServerResponse; departure: Departure }>;
}> {
  let deliver: (v: { res: ServerResponse; departure: Departure }) => void = () => undefined;
  const next = new Promise<{ res: ServerResponse; departure: Departure }>((r) => (deliver = r));
  server = createServer((_req, res) => deliver({ res, departure: departureOf(res) }));
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: new URL(`http://127.0.0.1:${port}/`), next };
}

function closed(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => (res.closed ? resolve() : res.once('close', () => resolve())));
}

describe('departureOf', () => {
  it('aborts a signal asked for before the client left', async () => {
    const { url, next } = await holdingServer();
    const client = request(url).on('error', () => undefined);
    client.end();
    const { res, departure } = await next;
    const signal = departure.signal;
    expect(signal.aborted).toBe(false);
    client.destroy();
    await closed(res);
    expect(departure.left).toBe(true);
    expect(signal.aborted).toBe(true);
  });

  it('hands out an aborted signal when asked after the client left', async () => {
    const { url, next } = await holdingServer();
    const client = request(url).on('error', () => undefined);
    client.end();
    const { res, departure } = await next;
    client.destroy();
    await closed(res);
    expect(departure.left).toBe(true);
    expect(departure.signal.aborted).toBe(true);
  });

  it('does not count a completed answer as a departure', async () => {
    const { url, next } = await holdingServer();
    const answered = new Promise<void>((resolve) => {
      request(url, (r) => r.resume().on('end', resolve)).end();
    });
    const { res, departure } = await next;
    const signal = departure.signal;
    res.end('ok');
    await answered;
    await closed(res);
    expect(departure.left).toBe(false);
    expect(signal.aborted).toBe(false);
  });

  it('lets every query of a full batch listen without a "possible leak" warning', async () => {
    const { url, next } = await holdingServer();
    const client = request(url).on('error', () => undefined);
    client.end();
    const { res, departure } = await next;
    const warnings: Error[] = [];
    const onWarning = (w: Error) => warnings.push(w);
    process.on('warning', onWarning);
    try {
      for (let i = 0; i < MAX_BATCH_CALLS; i++) {
        departure.signal.addEventListener('abort', () => undefined, { once: true });
      }
      await new Promise((resolve) => setImmediate(resolve));
    } finally {
      process.off('warning', onWarning);
      res.end();
    }
    expect(warnings.map((w) => w.name)).not.toContain('MaxListenersExceededWarning');
  });
});
