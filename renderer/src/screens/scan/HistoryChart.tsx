/**
 * A check's value over past scans as a small inline SVG: a line through the values, a dot per scan coloured by
 * its outcome, and the same facts as text for screen readers and for anyone who wants the numbers.
 */
import type { CheckHistoryPoint } from '../../../../src/api/desktop/contract.js';
import { formatNumber, formatTime, OUTCOME_LABELS, outcomeKey } from '../../format.js';

const WIDTH = 320;
const HEIGHT = 80;
const PAD = 6;

export function HistoryChart({ points }: { points: CheckHistoryPoint[] }) {
  const valued = points.filter(
    (point): point is CheckHistoryPoint & { value: number } => point.value !== null,
  );
  if (valued.length === 0) return <p className="muted">No values in the history yet.</p>;
  const values = valued.map((point) => point.value);
  const low = Math.min(...values);
  const high = Math.max(...values);
  const span = high - low || 1;
  const step = points.length > 1 ? (WIDTH - 2 * PAD) / (points.length - 1) : 0;
  const x = (index: number) => PAD + index * step + (points.length === 1 ? (WIDTH - 2 * PAD) / 2 : 0);
  // One repeated value sits in the middle rather than on the floor.
  const y = (value: number) =>
    high === low ? HEIGHT / 2 : HEIGHT - PAD - ((value - low) / span) * (HEIGHT - 2 * PAD);
  const path = points
    .map((point, index) =>
      point.value === null ? undefined : `${x(index).toFixed(1)},${y(point.value).toFixed(1)}`,
    )
    .filter(Boolean)
    .join(' ');
  const last = valued.at(-1);
  const summary = `${points.length} scans; values from ${formatNumber(low)} to ${formatNumber(high)}; latest ${formatNumber(last?.value)}.`;
  return (
    <figure className="history">
      <svg
        className="sparkline"
        width={WIDTH}
        height={HEIGHT}
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        role="img"
        aria-label={`Value history: ${summary}`}
      >
        <polyline className="line" points={path} />
        {points.map((point, index) =>
          point.value === null ? null : (
            <circle
              key={point.scanId}
              className={`point-${point.outcome ?? 'none'}`}
              cx={x(index)}
              cy={y(point.value)}
              r={3}
            >
              <title>
                {formatTime(point.time)}: {formatNumber(point.value)} (
                {OUTCOME_LABELS[outcomeKey(point.outcome)]})
              </title>
            </circle>
          ),
        )}
      </svg>
      <figcaption className="muted">{summary}</figcaption>
    </figure>
  );
}
