/** The step runner: order, streaming, skipping after a stopping failure, attention, timeouts, cancellation. */
import { describe, expect, it } from 'vitest';
import type { StepReport } from '../../../src/diagnostics/report.js';
import { type Probe, type ProbeResult, runSteps } from '../../../src/diagnostics/step-runner.js';
import type { StepDefinition } from '../../../src/diagnostics/steps.js';
import { CONNECTION_TEST_STEPS } from '../../../src/diagnostics/steps.js';

function definition(id: StepDefinition['id'], overrides: Partial<StepDefinition> = {}): StepDefinition {
  return {
    id,
    name: `Step ${id}`,
    description: `checks ${id}`,
    mandatory: true,
    stopOnFailure: true,
    remediation: `fix ${id}`,
    ...overrides,
  };
}

const pass =
  (message = 'ok'): Probe =>
  async () => ({ status: 'pass', message });
const fail =
  (message = 'broken'): Probe =>
  async () => ({ status: 'fail', message });
const timeoutResult = (step: StepDefinition, ms: number): ProbeResult => ({
  status: 'fail',
  message: `${step.id} timed out after ${ms} ms`,
});

describe('runSteps', () => {
  it('runs steps in order and streams pending, running and the final status of each', async () => {
    const events: Array<[string, StepReport['status']]> = [];
    const order: string[] = [];
    const track =
      (id: string): Probe =>
      async () => {
        order.push(id);
        return { status: 'pass', message: id };
      };
    const reports = await runSteps(
      [definition('config'), definition('dns')],
      { config: track('config'), dns: track('dns') },
      {
        timeoutMs: () => 1_000,
        onTimeout: timeoutResult,
        onStep: (step) => events.push([step.id, step.status]),
      },
    );
    expect(order).toEqual(['config', 'dns']);
    expect(events).toEqual([
      ['config', 'pending'],
      ['dns', 'pending'],
      ['config', 'running'],
      ['config', 'pass'],
      ['dns', 'running'],
      ['dns', 'pass'],
    ]);
    expect(reports.map((r) => r.durationMs)).toEqual([expect.any(Number), expect.any(Number)]);
  });

  it('skips every later step after a stopping failure, and adds the default remediation', async () => {
    const reports = await runSteps(
      [definition('config'), definition('dns'), definition('tcp')],
      { config: pass(), dns: fail('no such host'), tcp: pass() },
      { timeoutMs: () => 1_000, onTimeout: timeoutResult },
    );
    expect(reports.map((r) => r.status)).toEqual(['pass', 'fail', 'skipped']);
    expect(reports[1]).toMatchObject({ message: 'no such host', remediation: 'fix dns' });
    expect(reports[2]?.message).toBe('Skipped: Step dns failed.');
    expect(reports[2]?.durationMs).toBeUndefined();
  });

  it('goes on after a failure that does not stop, and turns an optional failure into attention', async () => {
    const reports = await runSteps(
      [
        definition('datasets', { stopOnFailure: false }),
        definition('allowlist', { mandatory: false, stopOnFailure: false }),
      ],
      { datasets: fail(), allowlist: fail('cannot read rules') },
      { timeoutMs: () => 1_000, onTimeout: timeoutResult },
    );
    expect(reports.map((r) => r.status)).toEqual(['fail', 'attention']);
  });

  it('reports a probe that throws as a classified failure instead of throwing', async () => {
    const reports = await runSteps(
      [definition('tcp')],
      {
        tcp: async () => {
          throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' });
        },
      },
      { timeoutMs: () => 1_000, onTimeout: timeoutResult },
    );
    expect(reports[0]).toMatchObject({ status: 'fail', classification: { kind: 'tcp-refused' } });
  });

  it('ends a step that outlives its timeout with the timeout report, and aborts the probe', async () => {
    let probeSignal: AbortSignal | undefined;
    const reports = await runSteps(
      [definition('tcp'), definition('tls')],
      {
        tcp: (signal) => {
          probeSignal = signal;
          return new Promise(() => {}); // never settles
        },
        tls: pass(),
      },
      { timeoutMs: () => 30, onTimeout: timeoutResult },
    );
    expect(reports[0]).toMatchObject({ status: 'fail', message: 'tcp timed out after 30 ms' });
    expect(probeSignal?.aborted).toBe(true);
    expect(reports[1]?.status).toBe('skipped');
  });

  it('marks the running step cancelled and skips the rest when the caller aborts', async () => {
    const controller = new AbortController();
    const reports = await runSteps(
      [definition('config'), definition('dns', { stopOnFailure: false }), definition('tcp')],
      {
        config: pass(),
        dns: () => {
          controller.abort();
          return new Promise(() => {});
        },
        tcp: pass(),
      },
      { timeoutMs: () => 60_000, onTimeout: timeoutResult, signal: controller.signal },
    );
    expect(reports.map((r) => r.status)).toEqual(['pass', 'fail', 'skipped']);
    expect(reports[1]?.message).toBe('Cancelled.');
    expect(reports[2]?.message).toBe('Skipped: the test was cancelled.');
  });

  it('keeps going when the listener throws, and gives the listener copies', async () => {
    const seen: StepReport[] = [];
    const reports = await runSteps(
      [definition('config')],
      { config: pass() },
      {
        timeoutMs: () => 1_000,
        onTimeout: timeoutResult,
        onStep: (step) => {
          seen.push(step);
          step.message = 'changed by the listener';
          throw new Error('window closed');
        },
      },
    );
    expect(reports[0]).toMatchObject({ status: 'pass', message: 'ok' });
    expect(seen).toHaveLength(3);
  });

  it('marks a step without a probe as not applicable', async () => {
    const reports = await runSteps(
      [definition('tls')],
      {},
      { timeoutMs: () => 1_000, onTimeout: timeoutResult },
    );
    expect(reports[0]).toMatchObject({ status: 'skipped', message: 'Not applicable to this data source.' });
  });
});

describe('CONNECTION_TEST_STEPS', () => {
  it('declares the eight steps in connection order, only the allowlist optional', () => {
    expect(CONNECTION_TEST_STEPS.map((step) => step.id)).toEqual([
      'config',
      'dns',
      'tcp',
      'tls',
      'auth',
      'access',
      'datasets',
      'allowlist',
    ]);
    expect(CONNECTION_TEST_STEPS.filter((step) => !step.mandatory).map((step) => step.id)).toEqual([
      'allowlist',
    ]);
  });
});
