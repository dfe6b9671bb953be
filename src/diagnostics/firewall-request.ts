/**
 * The request for a network admin when packets never reach the server (a silent firewall or cloud security group):
 * allow this machine's address to the database port. When the address is the egress guess, the request says so.
 */
import type { AdminRequest } from './admin-request.js';
import { hostCidr, parseIp } from './ip-address.js';

export function firewallRequest(
  address: string,
  host: string,
  port: number,
  /** The server reported this address itself (else it is the echo service's guess). */
  serverSeen: boolean,
): AdminRequest | undefined {
  const ip = parseIp(address);
  if (!ip.ok) return undefined;
  const cidr = hostCidr(ip.value);
  const text = `allow inbound TCP from ${cidr} to ${host} port ${port}`;
  const message =
    `Could you allow connections from ${cidr} to ${host} port ${port} in the firewall or cloud security group ` +
    `in front of the database? ${
      serverSeen
        ? `(${ip.value.text} is the address the database server saw.)`
        : `(${ip.value.text} is this machine's public address as an echo service saw it; a VPN or proxy may change it.)`
    }\n\n${text}\n`;
  return { cidr, text, message };
}
