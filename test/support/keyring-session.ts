/**
 * Runs commands against a real Secret Service: a private D-Bus session (`dbus-run-session`) with its own
 * gnome-keyring-daemon, a temp HOME and XDG_RUNTIME_DIR (0700), so the tester's keyring is never touched. All the
 * steps of one call share that session — set, list, `secret-tool` checks, delete — because the keyring lives
 * only as long as the session. One shell script per session; each step's output and exit code land in files.
 *
 * Keyrings: 'unlocked' starts the daemon with `--unlock` (it creates and unlocks the login keyring);
 * 'locked' first creates the login keyring in a throwaway session, then starts the daemon without unlocking it,
 * so a write needs an unlock prompt — and with no display the prompt is dismissed, as when a user cancels it.
 */
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLI_PATH } from './cli.js';
import { runCommand } from './run-command.js';

export type KeyringState = 'unlocked' | 'locked';

export interface SessionStep {
  argv: string[];
  stdin?: string;
}

export interface StepResult {
  code: number;
  stdout: string;
  stderr: string;
}

const PROGRAMS = ['dbus-run-session', 'dbus-send', 'gnome-keyring-daemon', 'secret-tool'];
const KEYRING_PASSWORD = 'test-login-password';

/** Undefined when the session can run here, else what is missing. */
export async function missingKeyringPrerequisites(): Promise<string | undefined> {
  if (process.platform !== 'linux') return 'the Secret Service tests run on Linux only';
  const missing: string[] = [];
  for (const program of PROGRAMS) {
    await runCommand('sh', ['-c', `command -v ${program}`]).catch(() => missing.push(program));
  }
  return missing.length
    ? `missing ${missing.join(', ')} (apt-get install gnome-keyring dbus libsecret-tools)`
    : undefined;
}

export function cliStep(args: string[], stdin?: string): SessionStep {
  return { argv: [process.execPath, CLI_PATH, ...args], stdin };
}

export function secretToolStep(args: string[]): SessionStep {
  return { argv: ['secret-tool', ...args] };
}

/** Lists what is in the session's workspace ($GATEHOUSE_HOME): proof that nothing fell back to a file. */
export function workspaceListingStep(): SessionStep {
  return { argv: ['sh', '-c', 'ls -A "$GATEHOUSE_HOME" 2>/dev/null; true'] };
}

const quote = (text: string): string => `'${text.replaceAll("'", `'\\''`)}'`;

/** An environment with no way to the tester's own session bus, display or keyrings. */
export function isolatedEnv(home: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ...extra };
  for (const name of [
    'DBUS_SESSION_BUS_ADDRESS',
    'DISPLAY',
    'WAYLAND_DISPLAY',
    'XDG_DATA_HOME',
    'XDG_CONFIG_HOME',
  ]) {
    delete env[name];
  }
  for (const name of Object.keys(env)) if (name.startsWith('GATEHOUSE_')) delete env[name];
  return {
    ...env,
    HOME: home,
    XDG_RUNTIME_DIR: join(home, 'run'),
    GATEHOUSE_HOME: join(home, 'workspace'),
    NO_COLOR: '1',
  };
}

/** The built CLI with this environment and standard input, outside any D-Bus session. */
export function runCliWith(args: string[], env: NodeJS.ProcessEnv, stdin = ''): Promise<StepResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI_PATH, ...args], { env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
    child.stdin.end(stdin);
  });
}

function run(script: string, env: NodeJS.ProcessEnv): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('dbus-run-session', ['--', 'sh', script], {
      env,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

const START_UNLOCKED = `eval "$(printf '%s' ${quote(KEYRING_PASSWORD)} | gnome-keyring-daemon --unlock --components=secrets)"`;
const START_LOCKED = 'eval "$(gnome-keyring-daemon --start --components=secrets </dev/null)"';
/**
 * The daemon does not always exit with its bus, and `--unlock` prints no pid: ask this private bus which process
 * owns the Secret Service name and stop exactly that one.
 */
const STOP_DAEMON = `stop_keyring() {
  pid=$(dbus-send --session --print-reply --dest=org.freedesktop.DBus / org.freedesktop.DBus.GetConnectionUnixProcessID string:org.freedesktop.secrets 2>/dev/null | awk '/uint32/ { print $2 }')
  if [ -n "$pid" ]; then kill "$pid"; fi
}
trap stop_keyring EXIT`;

export interface KeyringSession {
  steps: StepResult[];
  /** The session's own stderr (dbus-daemon, gnome-keyring-daemon), for failure messages. */
  log: string;
}

export async function runKeyringSession(
  steps: SessionStep[],
  options: { keyring: KeyringState; env?: NodeJS.ProcessEnv },
): Promise<KeyringSession> {
  const home = await mkdtemp(join(tmpdir(), 'gatehouse-keyring-'));
  try {
    await mkdir(join(home, 'run'), { mode: 0o700 });
    const env = isolatedEnv(home, options.env);
    let log = '';
    if (options.keyring === 'locked') {
      // Create the login keyring (unlocked, then saved to $HOME/.local/share/keyrings) in a throwaway session.
      const setup = join(home, 'setup.sh');
      await writeFile(setup, `${STOP_DAEMON}\n${START_UNLOCKED}\n`);
      const created = await run(setup, env);
      log += created.stderr;
    }
    const lines = ['set -u', STOP_DAEMON, options.keyring === 'locked' ? START_LOCKED : START_UNLOCKED];
    for (const [index, step] of steps.entries()) {
      const stdin = step.stdin === undefined ? '/dev/null' : join(home, `stdin-${index}`);
      if (step.stdin !== undefined) await writeFile(stdin, step.stdin);
      const out = join(home, `step-${index}`);
      lines.push(
        `${step.argv.map(quote).join(' ')} <${quote(stdin)} >${quote(`${out}.out`)} 2>${quote(`${out}.err`)}`,
      );
      lines.push(`echo $? >${quote(`${out}.code`)}`);
    }
    const script = join(home, 'session.sh');
    await writeFile(script, `${lines.join('\n')}\n`);
    const session = await run(script, env);
    log += session.stderr;
    const results: StepResult[] = [];
    for (const index of steps.keys()) {
      const out = join(home, `step-${index}`);
      const code = await readFile(`${out}.code`, 'utf8').catch(() => {
        throw new Error(`Step ${index} (${steps[index]?.argv.join(' ')}) never ran. Session log:\n${log}`);
      });
      results.push({
        code: Number(code.trim()),
        stdout: await readFile(`${out}.out`, 'utf8'),
        stderr: await readFile(`${out}.err`, 'utf8'),
      });
    }
    return { steps: results, log };
  } finally {
    await rm(home, { recursive: true, force: true });
  }
}
