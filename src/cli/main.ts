#!/usr/bin/env node
/**
 * The `gatehouse` command. Commands load their code only when run, so `--version` and `--help` start fast
 * and never load a database driver.
 */
import { Command, CommanderError, Option } from 'commander';
import { DESTINATION_KINDS } from '../cloud/destination-kinds.js';
import { packageVersion } from '../common/package-root.js';
import { redact } from '../common/redaction.js';
import { SECRET_BACKENDS } from '../secrets/store.js';
import { collectAllowlist, collectString, parseSeconds } from './allowlist-option.js';
import { invalidRequestMessage } from './invalid-request.js';
import { collectVariable, parsePositiveInt } from './options.js';
import { addOutboxCommands } from './outbox-commands.js';

/** Soda spells some long options with one dash (`-srf`); commander needs them spelled out. */
const SODA_ALIASES: Record<string, string> = { '-srf': '--scan-results-file' };

const WORKSPACE_HELP =
  'workspace folder holding the scan history (default: $GATEHOUSE_HOME, else the OS app-data folder)';

/** `--secret-backend`, on the commands that read a data source's secrets. */
function secretBackendOption(): Option {
  return new Option(
    '--secret-backend <backend>',
    'where secrets left out of the configuration (password, private_key, token…) are read (default: $GATEHOUSE_SECRET_BACKEND, else keychain)',
  ).choices(SECRET_BACKENDS);
}

function exitWith(code: number): void {
  process.exitCode = code;
}

function program(): Command {
  const cli = new Command('gatehouse')
    .description(
      'Local-first data-quality scanning with SodaCL checks. Secrets stay in your keychain; nothing is uploaded unseen.',
    )
    .version(packageVersion(), '--version', 'print the version')
    .showHelpAfterError('(run with --help for usage)')
    // Wrap descriptions in their column even when the command names leave it narrow (commander's floor is 40, so
    // `gatehouse --help` ran off to the right); commands inherit this.
    .configureHelp({ minWidthToWrap: 24 })
    // Usage errors exit 3 ("errors"), never 1 or 2, which mean warnings and failures.
    .exitOverride();

  cli
    .command('scan')
    .summary('Run SodaCL checks on a data source')
    .description(
      'Run SodaCL check files against a data source. Exit code: 0 all pass, 1 warnings, 2 failures, 3 errors.',
    )
    .requiredOption('-d, --data-source <name>', 'data source name from the configuration file')
    .requiredOption('-c, --configuration <file>', 'configuration.yml with `data_source NAME:` blocks')
    .option(
      '-v, --variable <KEY=VALUE>',
      'scan variable for ${KEY} in check files (repeatable)',
      collectVariable,
    )
    .option('-s, --scan-definition <name>', 'scan definition name, as Soda Cloud groups scans', 'gatehouse')
    .option(
      '--scan-results-file <file>',
      'write the Soda Cloud scan-results document (JSON) to this file (alias -srf)',
    )
    .option('-V, --verbose', 'print the SQL of every query')
    .option('--samples', 'collect failed-row samples of checks that do not pass (off by default)')
    .option('--no-samples', 'never collect samples, even if the data source asks for them')
    .option('--workspace <dir>', WORKSPACE_HELP)
    .option('--no-history', 'do not save this scan in the workspace history')
    .addOption(secretBackendOption())
    .argument('<checks...>', 'check files or folders of .yml files')
    .action(async (checks: string[], options) => {
      const { runScanCommand } = await import('./commands/scan.js');
      exitWith(await runScanCommand(checks, options));
    });

  cli
    .command('test-connection')
    .summary('Test a connection step by step')
    .description(
      'Test the connection to a data source step by step (DNS, TCP, TLS, login, access, datasets, allowlist). Exit code: 0 every mandatory step passed, 1 otherwise.',
    )
    .requiredOption('-d, --data-source <name>', 'data source name from the configuration file')
    .requiredOption('-c, --configuration <file>', 'configuration.yml with `data_source NAME:` blocks')
    .option('--json', 'print the report as JSON, and nothing else')
    .option('--egress-ip', "look up this machine's public address with an echo service (a best guess)")
    .option(
      '--egress-ip-service <url>',
      'echo service to ask (repeatable; https, or http to loopback only)',
      collectString,
    )
    .option(
      '--allowlist <cidrs>',
      'allowlist entries to check the address against, e.g. a security group: 10.0.0.0/8,deny:10.1.2.3 (repeatable)',
      collectAllowlist,
    )
    .option('--allowlist-source <text>', 'where the --allowlist entries come from, for the report')
    .option(
      '--webhook-allowlist <cidrs>',
      "check Soda Cloud's webhook source addresses against these firewall entries (repeatable)",
      collectAllowlist,
    )
    .option(
      '--timeout <seconds>',
      'timeout of each step (default: connection_timeout, at most 30)',
      parseSeconds,
    )
    .option(
      '-v, --variable <KEY=VALUE>',
      'variable for ${KEY} in the configuration and check files',
      collectVariable,
    )
    .option('--workspace <dir>', WORKSPACE_HELP)
    .addOption(secretBackendOption())
    .argument(
      '[checks...]',
      'check files or folders: their datasets are tested for existence and read access',
    )
    .action(async (checks: string[], options) => {
      const { runTestConnectionCommand } = await import('./commands/test-connection.js');
      exitWith(await runTestConnectionCommand(checks, options));
    });

  cli
    .command('demo')
    .summary('Scan a built-in sample database')
    .description('Start an embedded PostgreSQL with a sample dataset and scan it (nothing to install).')
    .addOption(new Option('--keep-running', 'keep the embedded database running and print how to connect'))
    .option('--scan-results-file <file>', 'also write the Soda Cloud scan-results document to this file')
    .option('--workspace <dir>', WORKSPACE_HELP)
    .action(async (options) => {
      const { runDemoCommand } = await import('./commands/demo.js');
      exitWith(await runDemoCommand(options));
    });

  const scans = cli
    .command('scans')
    .summary('List the saved scans, or show one')
    .description('List the scans saved in the workspace, newest first. `gatehouse scans show ID` shows one.')
    .option('--workspace <dir>', WORKSPACE_HELP)
    .option('-d, --data-source <name>', 'only scans of this data source')
    .option('--limit <n>', 'show at most this many scans', parsePositiveInt, 20)
    .option('--json', 'print the list as JSON')
    .action(async (options) => {
      const { runScansListCommand } = await import('./commands/scans.js');
      exitWith(await runScansListCommand(options));
    });
  scans
    .command('show')
    .summary('Show a saved scan (table or JSON)')
    .description(
      'Show a saved scan with the same table as `gatehouse scan`, or as JSON. Exit code 3 if not found.',
    )
    .argument('<id>', 'a scan id from `gatehouse scans`, or `latest`')
    .option('--workspace <dir>', WORKSPACE_HELP)
    .option('--json', 'print the saved scan result as JSON')
    .action(async (id: string, _options, command: Command) => {
      const { runScansShowCommand } = await import('./commands/scans.js');
      // `gatehouse scans --workspace DIR show …` works too: the parent's options count.
      exitWith(await runScansShowCommand(id, command.optsWithGlobals()));
    });

  cli
    .command('preview')
    .summary('Show what would leave the machine')
    .description(
      'Show exactly what would leave the machine for a saved scan, classified field by field, under the privacy policy.',
    )
    .argument('[scan]', 'a scan id from `gatehouse scans`, or `latest`', 'latest')
    .option(
      '-c, --configuration <file>',
      'configuration.yml whose `privacy:` block applies (default: level standard)',
    )
    .option('--workspace <dir>', WORKSPACE_HELP)
    .addOption(
      new Option('--format <format>', 'tree (readable, with class badges), json, or raw (the exact bytes)')
        .choices(['tree', 'json', 'raw'])
        .default('tree'),
    )
    .option('--diff', 'compare with the last payload uploaded for the same scan definition')
    .option('--diff-against <file>', 'compare with the payload bytes in this file')
    .option('--dry-run', 'nothing can be sent from this process (as GATEHOUSE_DRY_RUN=1)')
    .addOption(
      new Option(
        '--destination <kind>',
        'lay the payload out for this destination (Soda Cloud takes sample rows as separate files); default: the one approve would choose',
      ).choices(DESTINATION_KINDS),
    )
    .option(
      '--sample-file <n>',
      'with --format raw: write the n-th sample file (1, 2, …) instead of the document',
      parsePositiveInt,
    )
    .action(async (scan: string, options) => {
      const { runPreviewCommand } = await import('./commands/preview.js');
      exitWith(await runPreviewCommand(scan, options));
    });

  addSecretsCommands(cli);
  addOutboxCommands(cli);

  return cli;
}

const SECRET_BACKEND_HELP =
  'where secrets live: keychain (the OS keychain, default), vault (encrypted file), env (read-only variables); ' +
  'default: $GATEHOUSE_SECRET_BACKEND, else keychain';

/** `--backend` and `--workspace`, on each `secrets` subcommand. */
function secretsCommand(parent: Command, name: string): Command {
  return parent
    .command(name)
    .addOption(new Option('--backend <kind>', SECRET_BACKEND_HELP).choices(SECRET_BACKENDS))
    .option('--workspace <dir>', WORKSPACE_HELP);
}

function addSecretsCommands(cli: Command): void {
  const secrets = cli
    .command('secrets')
    .summary('Store secrets in keychain or vault')
    .description('Data-source secrets in the OS keychain (or an encrypted vault). Values are never printed.');
  secretsCommand(secrets, 'set')
    .summary('Store a secret (prompt or --stdin)')
    .description(
      'Store a secret: typed at a hidden prompt (twice), or read from standard input with --stdin.',
    )
    .argument('<data-source>', 'data source name, or soda_cloud')
    .argument('<field>', 'secret field, e.g. password, private_key, api_key_secret')
    .option('--stdin', 'read the value from standard input (one trailing newline is dropped)')
    .action(async (dataSource: string, field: string, options) => {
      const { runSecretsSetCommand } = await import('./commands/secrets.js');
      exitWith(await runSecretsSetCommand(dataSource, field, options));
    });
  secretsCommand(secrets, 'list')
    .summary('List the stored secrets (names only)')
    .description('List the stored secrets (names only) and the backend.')
    .option('--json', 'print the list as JSON')
    .action(async (options) => {
      const { runSecretsListCommand } = await import('./commands/secrets.js');
      exitWith(await runSecretsListCommand(options));
    });
  secretsCommand(secrets, 'delete')
    .summary('Delete a stored secret')
    .description('Delete a stored secret.')
    .argument('<data-source>', 'data source name, or soda_cloud')
    .argument('<field>', 'secret field')
    .action(async (dataSource: string, field: string, options) => {
      const { runSecretsDeleteCommand } = await import('./commands/secrets.js');
      exitWith(await runSecretsDeleteCommand(dataSource, field, options));
    });
  secretsCommand(secrets, 'status')
    .summary('Check that the backend works')
    .description('Check that the secret backend works; exit code 0 if it does, 3 if not (with the fix).')
    .option('--json', 'print the status as JSON')
    .action(async (options) => {
      const { runSecretsStatusCommand } = await import('./commands/secrets.js');
      exitWith(await runSecretsStatusCommand(options));
    });
  secretsCommand(secrets, 'import')
    .summary('Move plaintext secrets into the store')
    .description(
      'Move the secrets written in plain text in a configuration file into the store; the file keeps everything else.',
    )
    .requiredOption('-c, --configuration <file>', 'configuration.yml holding plaintext secrets')
    .option('--dry-run', 'show what would move; store nothing, change nothing')
    .action(async (options) => {
      const { runSecretsImportCommand } = await import('./commands/secrets-import.js');
      exitWith(await runSecretsImportCommand(options));
    });
}

/**
 * A reader that stops early (`gatehouse scan … | head -3`) closes the pipe; the next write fails with EPIPE, which
 * would end in a stack trace. The rest of the output is dropped instead and the command runs to its end, so its
 * exit code (a scan's 0–3) still says what happened.
 */
function quietOnClosedPipe(stream: NodeJS.WriteStream): void {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    // EPIPE for the write that found the pipe closed; ERR_STREAM_DESTROYED for every write after it.
    if (error.code !== 'EPIPE' && error.code !== 'ERR_STREAM_DESTROYED') throw error;
  });
}
quietOnClosedPipe(process.stdout);
quietOnClosedPipe(process.stderr);

const argv = process.argv.map((arg) => SODA_ALIASES[arg] ?? arg);
program()
  .parseAsync(argv)
  .catch((error: unknown) => {
    if (error instanceof CommanderError) {
      process.exitCode = error.exitCode === 0 ? 0 : 3;
      return;
    }
    const invalid = invalidRequestMessage(error);
    process.stderr.write(`gatehouse: ${redact(invalid ?? (error as Error).message)}\n`);
    process.exitCode = 3;
  });
