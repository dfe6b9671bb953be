/** The running scan: queries done of planned, the ones running now, and a way to stop it. */
import type { ProgressState } from './progress.js';

export function ScanProgressView({ progress, onCancel }: { progress: ProgressState; onCancel?: () => void }) {
  const planned = progress.queries;
  const text =
    planned === undefined
      ? 'Planning the queries…'
      : progress.evaluated !== undefined
        ? `Evaluated ${progress.evaluated} checks.`
        : `${progress.finished} of ${planned} queries done${progress.failedQueries ? `, ${progress.failedQueries} failed` : ''}.`;
  return (
    <section className="card" aria-labelledby="progress-title">
      <h2 id="progress-title">Scanning</h2>
      <progress
        aria-labelledby="progress-title"
        value={planned === undefined ? undefined : progress.finished}
        max={planned || 1}
      />
      <p role="status" data-testid="scan-progress">
        {text}
      </p>
      {progress.running.length > 0 ? (
        <p className="muted ellipsis" title={progress.running.join('\n')}>
          Running: {progress.running.join(', ')}
        </p>
      ) : null}
      {onCancel ? (
        <button type="button" onClick={onCancel}>
          Cancel scan
        </button>
      ) : null}
    </section>
  );
}
