/** Scan progress on stderr: a progress bar on a terminal, one plain line per query otherwise (CI logs, pipes). */
import cliProgress from 'cli-progress';
import type { ProgressListener } from '../scan/progress.js';

export interface ProgressDisplay {
  listener: ProgressListener;
  stop(): void;
}

export function progressDisplay(stream: NodeJS.WriteStream = process.stderr): ProgressDisplay {
  if (stream.isTTY) {
    const bar = new cliProgress.SingleBar(
      { stream, format: '  {bar} {value}/{total} queries  {query}', hideCursor: true, clearOnComplete: true },
      cliProgress.Presets.shades_classic,
    );
    let done = 0;
    return {
      listener(event) {
        if (event.type === 'planned') bar.start(event.queries, 0, { query: '' });
        if (event.type === 'query-started') bar.update(done, { query: event.name });
        if (event.type === 'query-finished') bar.update(++done, { query: event.name });
      },
      stop: () => bar.stop(),
    };
  }
  let total = 0;
  let done = 0;
  return {
    listener(event) {
      if (event.type === 'planned') total = event.queries;
      if (event.type === 'query-finished') {
        done++;
        const status = event.error ? `failed: ${event.error}` : `${Math.round(event.durationMs)} ms`;
        stream.write(`[${done}/${total}] ${event.name} ${status}\n`);
      }
    },
    stop() {},
  };
}
