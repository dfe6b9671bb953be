/**
 * The request for a network admin when packets never reach the server (a silent firewall or cloud security group):
 * allow this machine's public address to the database port. The address is the egress guess, so it says so.
 */
import type { AdminRequest } from './admin-request.js';
import { parseIp } from './ip-address.js';

export function firewallRequest(egressIp: string, host: string, port: number): AdminRequest | undefined {
  const ip = parseIp(egressIp);
  if (!ip.ok) return undefined;
  const cidr = `${ip.value.text}/${ip.value.version === 4 ? 32 : 128}`;
  const text = `allow inbound TCP from ${cidr} to ${host} port ${port}`;
  const message =
    `Could you allow connections from ${cidr} to ${host} port ${port} in the firewall or cloud security group ` +
    `in front of the database? (${ip.value.text} is this machine's public address as an echo service saw it; ` +
    `a VPN or proxy may change it.)\n\n${text}\n`;
  return { cidr, text, message };
}
