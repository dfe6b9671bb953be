/**
 * Local TCP servers for network diagnostics: one that accepts connections and never answers (a middlebox that
 * swallows traffic), and an HTTP echo service that answers with a fixed address (an egress-IP service). Both count
 * the connections they get, so a test can assert that none was opened.
 */
import { createServer as createHttpServer } from 'node:http';
import { createServer, type Server, type Socket } from 'node:net';

export interface CountingServer {
  port: number;
  url: string;
  /** TCP connections accepted so far. */
  connections: number;
  close(): Promise<void>;
}

function listen(server: Server, sockets: Set<Socket>, scheme: string): Promise<CountingServer> {
  const counting: CountingServer = {
    port: 0,
    url: '',
    connections: 0,
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
  server.on('connection', (socket: Socket) => {
    counting.connections++;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      counting.port = typeof address === 'object' && address ? address.port : 0;
      counting.url = `${scheme}://127.0.0.1:${counting.port}/`;
      resolve(counting);
    });
  });
}

/** Accepts TCP connections and never sends a byte. */
export function startSilentServer(): Promise<CountingServer> {
  const sockets = new Set<Socket>();
  return listen(createServer(), sockets, 'tcp');
}

/** Answers every GET with `body` (an address, as echo services do). */
export function startEchoIpServer(body: string): Promise<CountingServer> {
  const sockets = new Set<Socket>();
  const server = createHttpServer((_request, response) => {
    response.writeHead(200, { 'Content-Type': 'text/plain' });
    response.end(`${body}\n`);
  });
  return listen(server, sockets, 'http');
}
