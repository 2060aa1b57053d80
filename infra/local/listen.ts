import type { AddressInfo, Server } from 'node:net';

/** Starts `server` on `host:port` (port 0 = a free port) and resolves with its base URL, e.g. `http://127.0.0.1:8787`. */
export async function listen(server: Server, port = 0, host = '127.0.0.1'): Promise<string> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return baseUrl(server);
}

/** The base URL of a listening server (IPv6 addresses in brackets). */
export function baseUrl(server: Server): string {
  const { address, port } = server.address() as AddressInfo;
  return `http://${address.includes(':') ? `[${address}]` : address}:${port}`;
}
