/**
 * Runs declared steps in order, each with its own timeout, streaming every change of state to a listener. A step
 * that throws, hangs past its timeout or is cancelled becomes a failed step: the runner itself never throws.
 */
import type { Classification } from './classification.js';
import { classifyError } from './classify-error.js';
import type { StepId, StepListener, StepReport } from './report.js';
import type { StepDefinition } from './steps.js';

/** What a probe found: its report's fields. `fail` of an optional step is reported as `attention`. */
export interface ProbeResult
  extends Pick<StepReport, 'remediation' | 'raw' | 'classification' | 'facts' | 'items'> {
  status: 'pass' | 'fail' | 'skipped';
  message: string;
}

/** A step's work. The signal aborts at the step's timeout or on cancellation: release sockets when it does. */
export type Probe = (signal: AbortSignal) => Promise<ProbeResult>;

export interface RunStepsOptions {
  onStep?: StepListener;
  /** Cancels the whole run: the running step fails as cancelled, the rest are skipped. */
  signal?: AbortSignal;
  timeoutMs: (step: StepDefinition) => number;
  /** The report of a step that did not finish within its timeout. */
  onTimeout: (step: StepDefinition, timeoutMs: number) => ProbeResult;
  /** The report of a probe that threw; default: the classified error. */
  onError?: (step: StepDefinition, error: unknown) => ProbeResult;
}

function initialReport(step: StepDefinition): StepReport {
  return {
    id: step.id,
    name: step.name,
    description: step.description,
    mandatory: step.mandatory,
    status: 'pending',
  };
}

/** A failed probe as its classification tells it. */
export function classifiedResult(
  classification: Classification,
  extra: Partial<ProbeResult> = {},
): ProbeResult {
  return {
    status: 'fail',
    message: classification.summary,
    remediation: classification.remediation,
    raw: classification.raw,
    classification,
    ...extra,
  };
}

const classifiedFailure = (_step: StepDefinition, error: unknown) => classifiedResult(classifyError(error));

type Settled = { kind: 'done'; result: ProbeResult } | { kind: 'timeout' } | { kind: 'cancelled' };

async function settle(
  probe: Probe,
  step: StepDefinition,
  timeoutMs: number,
  outer: AbortSignal | undefined,
  onError: NonNullable<RunStepsOptions['onError']>,
): Promise<Settled> {
  const timeout = new AbortController();
  const timer = setTimeout(() => timeout.abort(), timeoutMs);
  const signal = outer ? AbortSignal.any([outer, timeout.signal]) : timeout.signal;
  let stopListening = () => {};
  // The race's loser is whichever comes second; a probe is expected to stop its work when the signal aborts.
  const stopped = new Promise<Settled>((resolve) => {
    const onAbort = () => resolve(outer?.aborted ? { kind: 'cancelled' } : { kind: 'timeout' });
    if (signal.aborted) onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    stopListening = () => signal.removeEventListener('abort', onAbort);
  });
  const work = (async (): Promise<Settled> => {
    try {
      return { kind: 'done', result: await probe(signal) };
    } catch (error) {
      return { kind: 'done', result: onError(step, error) };
    }
  })();
  try {
    return await Promise.race([work, stopped]);
  } finally {
    clearTimeout(timer);
    stopListening();
  }
}

/** Run the steps in order; every step ends `pass`, `fail`, `attention` or `skipped`. */
export async function runSteps(
  definitions: readonly StepDefinition[],
  probes: Partial<Record<StepId, Probe>>,
  options: RunStepsOptions,
): Promise<StepReport[]> {
  const reports = definitions.map(initialReport);
  const emit = (index: number) => {
    const report = reports[index] as StepReport;
    try {
      options.onStep?.(structuredClone(report), index);
    } catch {
      // A listener's failure (a closed window, a broken pipe) must not stop the test.
    }
  };
  for (const index of reports.keys()) emit(index);
  const onError = options.onError ?? classifiedFailure;
  let stoppedBy: StepDefinition | undefined;
  let cancelled = false;
  for (const [index, step] of definitions.entries()) {
    const report = reports[index] as StepReport;
    const probe = probes[step.id];
    if (stoppedBy || cancelled || !probe) {
      report.status = 'skipped';
      report.message = cancelled
        ? 'Skipped: the test was cancelled.'
        : stoppedBy
          ? `Skipped: ${stoppedBy.name} failed.`
          : 'Not applicable to this data source.';
      emit(index);
      continue;
    }
    report.status = 'running';
    emit(index);
    const started = performance.now();
    const timeoutMs = options.timeoutMs(step);
    const settled = await settle(probe, step, timeoutMs, options.signal, onError);
    report.durationMs = Math.round(performance.now() - started);
    let result: ProbeResult;
    if (settled.kind === 'done') result = settled.result;
    else if (settled.kind === 'timeout') result = options.onTimeout(step, timeoutMs);
    else {
      cancelled = true;
      result = { status: 'fail', message: 'Cancelled.', remediation: 'Run the test again.' };
    }
    Object.assign(report, withoutUndefined(result), {
      status: result.status === 'fail' && !step.mandatory ? 'attention' : result.status,
    });
    if (result.status === 'fail') {
      report.remediation ??= step.remediation;
      if (step.stopOnFailure) stoppedBy = step;
    }
    emit(index);
  }
  return reports;
}

function withoutUndefined(result: ProbeResult): Partial<StepReport> {
  return Object.fromEntries(Object.entries(result).filter(([, value]) => value !== undefined));
}
