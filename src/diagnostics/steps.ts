/**
 * The connection test's steps, declared as data: what each checks, whether it must pass, whether a failure makes
 * the later steps pointless, and what to do when it fails and nothing more specific is known. The order is the
 * order a connection goes through its layers.
 */
import type { StepId } from './report.js';

export interface StepDefinition {
  id: StepId;
  name: string;
  description: string;
  /** A mandatory step that fails makes the test fail (exit 1); an optional one gets `attention`. */
  mandatory: boolean;
  /** A failure here skips every later step. */
  stopOnFailure: boolean;
  /** The advice when a failure has no more specific remediation. */
  remediation: string;
}

export const CONNECTION_TEST_STEPS: readonly StepDefinition[] = [
  {
    id: 'config',
    name: 'Configuration',
    description: 'The data source is in the configuration file, complete and valid.',
    mandatory: true,
    stopOnFailure: true,
    remediation: 'Fix the data source block in configuration.yml as the message says.',
  },
  {
    id: 'dns',
    name: 'DNS resolution',
    description: 'The host name resolves to one or more addresses.',
    mandatory: true,
    stopOnFailure: true,
    remediation: 'Check the host name; private names may need the VPN or the company DNS.',
  },
  {
    id: 'tcp',
    name: 'TCP connect',
    description: 'A TCP connection to the port opens on at least one of the addresses.',
    mandatory: true,
    stopOnFailure: true,
    remediation:
      'Check the port, the VPN, and any firewall or cloud security group between here and the server.',
  },
  {
    id: 'tls',
    name: 'TLS handshake',
    description:
      'When the sslmode uses TLS: the handshake succeeds and the certificate is trusted, current and names the host.',
    mandatory: true,
    stopOnFailure: true,
    remediation: 'Check sslmode and sslrootcert against the server certificate.',
  },
  {
    id: 'auth',
    name: 'Authentication',
    description: 'The server admits this address and accepts the user and password.',
    mandatory: true,
    stopOnFailure: true,
    remediation: 'Check the user name and password, and ask the admin whether this address may connect.',
  },
  {
    id: 'access',
    name: 'Access',
    description: 'A query runs (SELECT 1); server version, user, role and the address the server sees.',
    mandatory: true,
    stopOnFailure: true,
    remediation: 'Check that the user may connect to this database and run queries.',
  },
  {
    id: 'datasets',
    name: 'Datasets',
    description: 'The datasets the check files use exist and the user may read them.',
    mandatory: true,
    stopOnFailure: false,
    remediation:
      'Ask the admin for USAGE on the schema and SELECT on the listed datasets, or fix their names.',
  },
  {
    id: 'allowlist',
    name: 'Allowlist rules',
    description: "The server's address rules can be read and admit the address it sees (optional).",
    mandatory: false,
    stopOnFailure: false,
    remediation:
      'Reading the rules needs extra privileges; ask the admin, or give the rules with --allowlist.',
  },
];
