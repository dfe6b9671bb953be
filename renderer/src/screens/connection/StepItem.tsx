/** One step of a connection test: its status, what it found, what to do, and the driver's words folded away. */
import type { StepReport } from '../../../../src/api/desktop/contract.js';
import { Badge, type Tone } from '../../components/Badge.js';
import { formatDuration } from '../../format.js';

const STATUS: Record<StepReport['status'], { label: string; tone: Tone }> = {
  pass: { label: 'Pass', tone: 'pass' },
  fail: { label: 'Fail', tone: 'fail' },
  attention: { label: 'Attention', tone: 'attention' },
  skipped: { label: 'Skipped', tone: 'neutral' },
  running: { label: 'Running…', tone: 'running' },
  pending: { label: 'Waiting', tone: 'neutral' },
};

export function StepItem({ step }: { step: StepReport }) {
  const status = STATUS[step.status];
  return (
    <li className="step" data-step={step.id} data-status={step.status} aria-busy={step.status === 'running'}>
      <div>
        <Badge tone={status.tone}>{status.label}</Badge>
        {!step.mandatory ? <div className="muted">optional</div> : null}
      </div>
      <div>
        <div className="step-name">{step.name}</div>
        <div className="muted">{step.description}</div>
        {step.message ? <p className="pre-line">{step.message}</p> : null}
        {step.remediation && (step.status === 'fail' || step.status === 'attention') ? (
          <div className={`note ${step.status === 'fail' ? 'note-error' : 'note-warn'}`}>
            <strong>What to do: </strong>
            <span className="pre-line">{step.remediation}</span>
          </div>
        ) : null}
        {step.facts && step.facts.length > 0 ? (
          <dl className="facts">
            {step.facts.map((fact) => (
              <div key={`${fact.label}:${fact.value}`}>
                <dt>{fact.label}</dt>
                <dd>{fact.value}</dd>
              </div>
            ))}
          </dl>
        ) : null}
        {step.raw ? (
          <details>
            <summary>Driver message</summary>
            <pre>{step.raw}</pre>
            {step.classification ? (
              <p className="muted">
                Classified as <code>{step.classification.kind}</code>
                {step.classification.code ? (
                  <>
                    {' '}
                    (code <code>{step.classification.code}</code>)
                  </>
                ) : null}
              </p>
            ) : null}
          </details>
        ) : null}
      </div>
      <div className="step-duration">{formatDuration(step.durationMs)}</div>
    </li>
  );
}
