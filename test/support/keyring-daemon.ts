/**
 * A real Secret Service for the test process itself (keyring-session.ts runs other programs inside one): a private
 * `dbus-daemon` and an unlocked `gnome-keyring-daemon` in a temp HOME, with this process's
 * DBUS_SESSION_BUS_ADDRESS pointed at it, so the engine's KeychainStore in this process talks to it. The tester's
 * own bus and keyrings are never touched. stop() ends exactly the two daemons it started.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { isolatedEnv } from './keyring-session.js';

export interface KeyringDaemon {
  /** The private bus's address (now also this process's DBUS_SESSION_BUS_ADDRESS). */
  address: string;
  stop(): Promise<void>;
}

/**
 * Runs a program to its exit (not to the close of its pipes: a daemon it starts may keep stderr open) and returns
 * its stdout; a non-zero exit is an error with its output.
 */
async function run(program: string, args: string[], env: NodeJS.ProcessEnv, input = ''): Promise<string> {
  const child = spawn(program, args, { env, stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => (stderr += chunk));
  child.stdin.end(input);
  const [code] = (await once(child, 'exit')) as [number | null];
  // Drop the pipes a background daemon may have inherited, so this process can exit.
  child.stdout.destroy();
  child.stderr.destroy();
  if (code !== 0) throw new Error(`${program} ${args.join(' ')} exited with ${code}: ${stderr}${stdout}`);
  return stdout;
}

async function firstLine(child: ChildProcess): Promise<string> {
  if (!child.stdout) throw new Error('no stdout');
  const lines = createInterface({ input: child.stdout });
  const exited = once(child, 'exit').then(([code]) => {
    throw new Error(`dbus-daemon exited (${code}) before it printed its address`);
  });
  const line = new Promise<string>((resolve) => lines.once('line', resolve));
  return Promise.race([line, exited]);
}

/** Starts the session and points process.env.DBUS_SESSION_BUS_ADDRESS at it until stop(). */
export async function startKeyringDaemon(): Promise<KeyringDaemon> {
  const home = await mkdtemp(join(tmpdir(), 'gatehouse-keyring-'));
  await mkdir(join(home, 'run'), { mode: 0o700 });
  const env = isolatedEnv(home);
  const bus = spawn('dbus-daemon', ['--session', '--nofork', '--print-address=1'], {
    env,
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  const previous = process.env.DBUS_SESSION_BUS_ADDRESS;
  let keyringPid: number | undefined;
  const stop = async () => {
    if (keyringPid) process.kill(keyringPid);
    keyringPid = undefined;
    if (bus.exitCode === null) {
      bus.kill();
      await once(bus, 'exit');
    }
    if (previous === undefined) delete process.env.DBUS_SESSION_BUS_ADDRESS;
    else process.env.DBUS_SESSION_BUS_ADDRESS = previous;
    await rm(home, { recursive: true, force: true });
  };
  try {
    const address = (await firstLine(bus)).trim();
    const busEnv = { ...env, DBUS_SESSION_BUS_ADDRESS: address };
    // In the foreground, so its pid is ours to stop; `--unlock` reads the login password on stdin.
    const keyring = spawn('gnome-keyring-daemon', ['--foreground', '--unlock', '--components=secrets'], {
      env: busEnv,
      stdio: ['pipe', 'ignore', 'inherit'],
    });
    keyringPid = keyring.pid;
    keyring.stdin.end('test-login-password');
    // Ready when it owns the Secret Service name on the bus: `gdbus wait` watches for exactly that.
    await run('gdbus', ['wait', '--session', '--timeout', '20', 'org.freedesktop.secrets'], busEnv);
    process.env.DBUS_SESSION_BUS_ADDRESS = address;
    return { address, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
