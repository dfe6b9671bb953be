/**
 * Reading a secret without showing it: a raw-mode terminal prompt that echoes nothing, or standard input for
 * scripts. Prompts go to stderr so stdout stays clean for output meant for pipes.
 */
import { SecretStoreError } from '../secrets/store.js';

export class PromptCancelled extends Error {
  constructor() {
    super('Cancelled.');
    this.name = 'PromptCancelled';
  }
}

export function canPrompt(): boolean {
  return Boolean(process.stdin.isTTY && process.stderr.isTTY);
}

/** One line typed at the terminal, not echoed. Ctrl-C (or Ctrl-D on an empty line) cancels. */
export function promptHidden(question: string): Promise<string> {
  const input = process.stdin;
  // Raw mode before the prompt shows: a key typed as soon as the prompt appears must not be echoed.
  input.setRawMode(true);
  process.stderr.write(question);
  input.setEncoding('utf8');
  input.resume();
  let value = '';
  return new Promise((resolve, reject) => {
    const finish = (outcome: () => void): void => {
      input.off('data', onData);
      input.setRawMode(false);
      input.pause();
      process.stderr.write('\n');
      outcome();
    };
    const onData = (chunk: string): void => {
      if (chunk.startsWith('\u001b')) return; // arrow keys and other escape sequences: not part of a secret
      for (const char of chunk) {
        if (char === '\r' || char === '\n') {
          finish(() => resolve(value));
          return;
        }
        if (char === '\u0003' || (char === '\u0004' && value === '')) {
          finish(() => reject(new PromptCancelled()));
          return;
        }
        if (char === '\u007f' || char === '\b') value = [...value].slice(0, -1).join('');
        else if (char >= ' ') value += char;
      }
    };
    input.on('data', onData);
  });
}

/** Asks twice and insists both match: a typo in a hidden secret would otherwise go unnoticed. */
export async function promptHiddenTwice(question: string): Promise<string> {
  const first = await promptHidden(question);
  const second = await promptHidden('Again, to confirm: ');
  if (first !== second) {
    throw new SecretStoreError('invalid', 'The two entries differ.', 'Run the command again.');
  }
  return first;
}

/** All of standard input, minus one trailing newline (what `echo` and here-strings add); inner newlines stay. */
export async function readStdinValue(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}
