/**
 * A silent firewall on loopback: a port whose listen queue is full, so the kernel drops further SYNs and a
 * connect attempt gets no answer at all (neither accept nor refuse) until it times out. Node's servers accept
 * everything, so the listener is a small python3 process that never calls accept(); one connection fills its
 * queue (backlog 0).
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { connect, type Socket } from 'node:net';

const LISTENER = `import socket, sys
s = socket.socket()
s.bind(('127.0.0.1', 0))
s.listen(0)
print(s.getsockname()[1], flush=True)
sys.stdin.read()`;

export function python3Available(): boolean {
  try {
    execFileSync('python3', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

export interface DroppingPort {
  port: number;
  close(): Promise<void>;
}

export async function startDroppingPort(): Promise<DroppingPort> {
  const child: ChildProcess = spawn('python3', ['-c', LISTENER], { stdio: ['pipe', 'pipe', 'inherit'] });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('error', reject);
    child.stdout?.once('data', (data: Buffer) => resolve(Number(data.toString().trim())));
  });
  // The one connection the queue holds; from now on SYNs to the port go unanswered.
  const filler: Socket = await new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => resolve(socket));
    socket.once('error', reject);
  });
  return {
    port,
    close: async () => {
      filler.destroy();
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.stdin?.end();
      child.kill();
      await exited;
    },
  };
}
