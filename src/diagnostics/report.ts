/**
 * What a connection test reports, step by step: the shape the CLI prints, `--json` emits and the desktop app
 * renders live. Plain data (no functions, no Error objects) so it crosses IPC and JSON unchanged.
 */
import type { AdminRequest } from './admin-request.js';
import type { AllowlistVerdict } from './cidr.js';
import type { Classification } from './classification.js';
import type { EgressAdmission } from './cloud-egress.js';

/** pass / fail; attention: an optional step failed; skipped: an earlier failure made it pointless. */
export type StepOutcome = 'pass' | 'fail' | 'attention' | 'skipped';

/** While a test runs, steps are also `pending` (not started) or `running`. */
export type StepStatus = StepOutcome | 'pending' | 'running';

export type StepId = 'config' | 'dns' | 'tcp' | 'tls' | 'auth' | 'access' | 'datasets' | 'allowlist';

export interface StepReport {
  id: StepId;
  /** Short title, e.g. "TCP connect". */
  name: string;
  /** What the step checks, one sentence. */
  description: string;
  mandatory: boolean;
  status: StepStatus;
  durationMs?: number;
  /** One human line: what was found. */
  message?: string;
  /** What to do about a failure or an attention, or what to ask an admin for. */
  remediation?: string;
  /** The driver's own message, secrets redacted, for people who want the detail behind `message`. */
  raw?: string;
  /** The classified failure behind a fail or attention, when there is one. */
  classification?: Classification;
  /** Facts the step found, in display order: addresses, TLS protocol and certificate, server version, user, role… */
  facts?: Array<{ label: string; value: string }>;
  /** Per-item results of a step that checks several things: each address (TCP), each dataset (datasets). */
  items?: StepItem[];
}

export interface StepItem {
  /** The address or dataset. */
  name: string;
  ok: boolean;
  /** What was found for it: `connected in 3 ms`, `refused`, `no SELECT privilege`… */
  detail: string;
}

/** The public address of this machine as an echo service saw it: a best guess (VPNs and proxies differ). */
export interface EgressGuess {
  ip: string;
  service: string;
}

export interface IpFinding {
  /** The address the server saw: from `inet_client_addr()`/`CURRENT_IP_ADDRESS()`, or from a rejection message. */
  serverSeenIp?: string;
  serverSeenSource?: 'session' | 'rejection';
  /** Only when asked for (`--egress-ip`): no lookup is ever made otherwise. */
  egress?: EgressGuess;
  egressError?: string;
  /** The allowlist verdict for the server-seen address (or the egress guess), when rules were read or given. */
  allowlist?: AllowlistVerdict & { source: string };
  /** The copy-paste request for an admin, when an address is blocked or unknown to the allowlist. */
  adminRequest?: AdminRequest;
  /**
   * Soda Cloud's webhook source addresses, each checked against the firewall allowlist the user gave
   * (`--webhook-allowlist`), so a passlist can be verified before the first webhook is missed.
   */
  cloudEgress?: EgressAdmission[];
}

export interface ConnectionTestReport {
  dataSource: string;
  type: string;
  /** Every step in order, each with its final status. */
  steps: StepReport[];
  /** True when every mandatory step passed (exit code 0). */
  ok: boolean;
  ip: IpFinding;
  startedAt: string;
  durationMs: number;
}

/** Streaming progress: a step's state changed (started or finished). The listener gets a copy. */
export type StepListener = (step: StepReport, index: number) => void;
