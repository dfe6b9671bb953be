/**
 * The network view of a connection test: the address the server saw (and how we know it), this machine's public
 * address when asked for, the allowlist verdict, and the request to send an admin, ready to copy.
 */
import type { ConnectionTestReport } from '../../../../src/api/desktop/contract.js';
import { Badge } from '../../components/Badge.js';
import { CopyButton } from '../../components/CopyButton.js';

const SOURCES = {
  session: 'reported by the server for this session (inet_client_addr / CURRENT_IP_ADDRESS)',
  rejection: "taken from the server's own rejection message",
} as const;

export function IpPanel({ ip }: { ip: ConnectionTestReport['ip'] }) {
  const nothing = !ip.serverSeenIp && !ip.egress && !ip.egressError && !ip.allowlist && !ip.adminRequest;
  return (
    <section className="card" aria-labelledby="ip-title">
      <h2 id="ip-title">Network and allowlist</h2>
      {nothing ? <p className="muted">The server did not reveal which address it saw.</p> : null}
      <dl className="facts">
        {ip.serverSeenIp ? (
          <div>
            <dt>Address the server saw</dt>
            <dd>
              <strong className="mono" data-testid="server-seen-ip">
                {ip.serverSeenIp}
              </strong>{' '}
              {ip.serverSeenSource ? <span className="muted">— {SOURCES[ip.serverSeenSource]}</span> : null}
            </dd>
          </div>
        ) : null}
        {ip.egress ? (
          <div>
            <dt>This machine's public address</dt>
            <dd>
              <span className="mono">{ip.egress.ip}</span>{' '}
              <span className="muted">(a best guess from {ip.egress.service}; VPNs and proxies differ)</span>
            </dd>
          </div>
        ) : null}
        {ip.egressError ? (
          <div>
            <dt>Public address</dt>
            <dd>not found: {ip.egressError}</dd>
          </div>
        ) : null}
        {ip.allowlist ? (
          <div>
            <dt>Allowlist</dt>
            <dd data-testid="allowlist-verdict">
              {ip.allowlist.allowed ? (
                <Badge tone="pass">allowed</Badge>
              ) : (
                <Badge tone="fail">not allowed</Badge>
              )}{' '}
              {ip.allowlist.reason}
              {ip.allowlist.matchedRule ? (
                <div className="muted">
                  Deciding rule: <code>{ip.allowlist.matchedRule}</code>
                </div>
              ) : null}
              <div className="muted">Checked against {ip.allowlist.source}</div>
              {ip.allowlist.invalid.map((entry) => (
                <div key={entry.rule} className="muted">
                  Unreadable rule <code>{entry.rule}</code>: {entry.error}
                </div>
              ))}
              {ip.allowlist.notes.map((note) => (
                <div key={note} className="muted">
                  {note}
                </div>
              ))}
            </dd>
          </div>
        ) : null}
      </dl>
      {ip.adminRequest ? (
        <div>
          <h3>Request for your database admin</h3>
          <p className="muted">
            Allow <code>{ip.adminRequest.cidr}</code>. The message below says what to add; copy it into a
            ticket or an e-mail.
          </p>
          <pre data-testid="admin-request">{ip.adminRequest.message}</pre>
          <CopyButton text={ip.adminRequest.message} label="Copy the request" />
        </div>
      ) : null}
    </section>
  );
}
