// A loopback port for a server that cannot listen on port 0 itself (a child process, a Prometheus binary).
import net from 'node:net';

/** A port that was free a moment ago on 127.0.0.1 (another process may take it before the caller does). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
