/**
 * What a connection test found about IP allowlisting: the address the server saw, the public egress guess (only
 * when asked for), the verdict of the rules the user entered or the server's own, and the request for the right
 * admin — the database admin when the database's rules refuse the address, the network admin when a firewall does.
 */
import type { DataSourceConfig } from '../config/model.js';
import type { AllowlistRule } from './cidr.js';
import { evaluateAllowlist } from './cidr.js';
import type { Classification } from './classification.js';
import { checkCloudEgress } from './cloud-egress.js';
import { lookupEgressIp } from './egress-ip.js';
import type { DiagnosticEngine, EngineTarget } from './engines/engine.js';
import { firewallRequest } from './firewall-request.js';
import type { IpFinding } from './report.js';

export interface UserAllowlist {
  rules: AllowlistRule[];
  /** Where the rules come from, for the report: `security group sg-123`, `--allowlist`. */
  source: string;
}

/** What the steps learned. */
export interface IpState {
  ds?: DataSourceConfig;
  engine?: DiagnosticEngine;
  target?: EngineTarget;
  serverSeen?: { ip: string; source: 'session' | 'rejection' };
  /** The verdict of the server's own rules (pg_hba.conf, a network policy), when they could be read. */
  serverAllowlist?: IpFinding['allowlist'];
  /** The first classified failure of the run. */
  failure?: Classification;
}

export interface IpOptions {
  egress?: { services: readonly string[]; env?: NodeJS.ProcessEnv };
  allowlist?: UserAllowlist;
  webhookAllowlist?: AllowlistRule[];
  timeoutMs: number;
}

export async function ipFinding(state: IpState, options: IpOptions): Promise<IpFinding> {
  const finding: IpFinding = {};
  if (state.serverSeen) {
    finding.serverSeenIp = state.serverSeen.ip;
    finding.serverSeenSource = state.serverSeen.source;
  }
  if (options.egress) {
    const lookup = await lookupEgressIp(options.egress.services, {
      timeoutMs: options.timeoutMs,
      ...(options.egress.env ? { env: options.egress.env } : {}),
    });
    if ('egress' in lookup) finding.egress = lookup.egress;
    else finding.egressError = lookup.error;
  }
  // The server's own view beats the echo service's guess.
  const judged = finding.serverSeenIp ?? finding.egress?.ip;
  const userVerdict =
    options.allowlist && judged
      ? { ...evaluateAllowlist(options.allowlist.rules, judged), source: options.allowlist.source }
      : undefined;
  finding.allowlist = userVerdict ?? state.serverAllowlist;
  const serverRefuses =
    state.serverSeen?.source === 'rejection' ||
    (state.serverAllowlist !== undefined && !state.serverAllowlist.allowed);
  if (serverRefuses && finding.serverSeenIp && state.ds && state.engine) {
    // The database's own rules (pg_hba.conf, a network policy) refuse the address: the engine's request.
    try {
      finding.adminRequest = state.engine.adminRequest(state.ds, finding.serverSeenIp);
    } catch {
      // A name pg_hba.conf cannot express: the step's remediation still says what to ask for.
    }
  } else if (
    judged &&
    state.target &&
    (userVerdict?.allowed === false || silentNetwork(state.failure, finding))
  ) {
    // A firewall or security group in front of it: the network admin's request.
    const request = firewallRequest(
      judged,
      state.target.host,
      state.target.port,
      finding.serverSeenIp === judged,
    );
    if (request) finding.adminRequest = request;
  }
  if (options.webhookAllowlist) finding.cloudEgress = checkCloudEgress(options.webhookAllowlist);
  return finding;
}

/** Packets that never got an answer: a silent firewall or security group. */
function silentNetwork(failure: Classification | undefined, finding: IpFinding): boolean {
  return (
    finding.egress !== undefined && (failure?.kind === 'tcp-timeout' || failure?.kind === 'server-silent')
  );
}
