/**
 * Failures the connection test makes itself rather than a driver: a step that outlived its timeout (what the
 * silence means depends on the step), and a configuration that could not be loaded.
 */
import type { ClassifyContext } from './classification.js';
import { where } from './classification.js';
import { classifyError } from './classify-error.js';
import { classifiedResult, type ProbeResult } from './step-runner.js';
import type { StepDefinition } from './steps.js';

export function timeoutFailure(step: StepDefinition, ms: number, ctx: ClassifyContext): ProbeResult {
  const seconds = `${ms / 1000} s`;
  const timeoutError = (message: string, code: string) => Object.assign(new Error(message), { code });
  switch (step.id) {
    case 'dns':
      return classifiedResult({
        ...classifyError(timeoutError(`DNS lookup timed out after ${seconds}`, 'EAI_AGAIN'), ctx),
        summary: `No DNS answer for ${ctx.host ?? 'the host'} within ${seconds}.`,
      });
    case 'tcp':
      return classifiedResult({
        ...classifyError(timeoutError(`connect ETIMEDOUT after ${seconds}`, 'ETIMEDOUT'), ctx),
        summary: `No answer from ${where(ctx)} within ${seconds}: the connection attempt timed out.`,
      });
    case 'tls':
    case 'auth':
      // TCP connected, then silence: something accepts connections for the port but nothing answers the protocol.
      return classifiedResult({
        layer: 'tcp',
        kind: 'server-silent',
        code: 'ETIMEDOUT',
        driverCodes: ['ETIMEDOUT'],
        summary: `${where(ctx)} accepted the TCP connection but did not answer within ${seconds}.`,
        remediation:
          'A firewall, load balancer or proxy may accept connections and drop the traffic, or the port serves another protocol: check the port, and ask the admin what sits in front of the database.',
        raw: `no answer within ${seconds} after the TCP connection opened`,
      });
    default:
      return classifiedResult({
        layer: 'access',
        kind: 'query-timeout',
        code: '57014',
        driverCodes: [],
        summary: `The server did not answer the ${step.name.toLowerCase()} queries within ${seconds}.`,
        remediation:
          'The server may be overloaded or a lock may block the catalog queries; retry, or raise the timeout.',
        raw: `no answer within ${seconds}`,
      });
  }
}

export function configFailure(error: unknown): ProbeResult {
  const detail = (error as { detail?: unknown }).detail;
  const message = typeof detail === 'string' ? detail : (error as Error).message;
  const raw = (error as Error).message ?? String(error);
  return classifiedResult({
    layer: 'config',
    kind: 'invalid-config',
    driverCodes: [],
    summary: message,
    remediation: 'Fix the data source in configuration.yml as the message says.',
    raw,
  });
}
