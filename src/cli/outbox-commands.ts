/**
 * The approve → outbox → upload → ledger commands. Kept out of main.ts so it stays a table of contents; like
 * every command, each loads its code only when run.
 */
import { type Command, Option } from 'commander';
import { DESTINATION_KINDS } from '../cloud/destination-kinds.js';

const WORKSPACE_HELP = 'workspace folder (default: $GATEHOUSE_HOME, else the OS app-data folder)';
const CONFIG_HELP =
  'configuration.yml with the privacy policy and the destinations (soda_cloud:, destinations:)';

function exitWith(code: number): void {
  process.exitCode = code;
}

export function addOutboxCommands(cli: Command): void {
  cli
    .command('approve')
    .summary('Approve a previewed payload')
    .description(
      'Approve the payload you previewed: rebuilt under the current policy, it is queued only if its SHA-256 is the one given. Exit 3 if it changed.',
    )
    .argument('<scan>', 'a scan id from `gatehouse scans`, or `latest`')
    .requiredOption('--sha256 <hash>', 'the SHA-256 shown by `gatehouse preview`')
    .option('--approver <name>', 'who approves (default: your OS user name)')
    .option('-c, --configuration <file>', CONFIG_HELP)
    .addOption(
      new Option('--destination <kind>', 'where it may go (default: soda_cloud if configured)').choices(
        DESTINATION_KINDS,
      ),
    )
    .option('--to <dir>', 'folder for --destination file (instead of destinations.file.path)')
    .option('--workspace <dir>', WORKSPACE_HELP)
    .action(async (scan: string, options) => {
      const { runApproveCommand } = await import('./commands/approve.js');
      exitWith(await runApproveCommand(scan, options));
    });

  cli
    .command('upload')
    .summary('Send the approved payloads')
    .description(
      'Send the approved outbox items, each exactly as approved, to the address it was approved for. Exit 3 if any could not be delivered.',
    )
    .option('-c, --configuration <file>', CONFIG_HELP)
    .addOption(
      new Option('--destination <kind>', 'only items approved for this destination').choices(
        DESTINATION_KINDS,
      ),
    )
    .option('--to <dir>', 'folder of a file export approved with --to')
    .option('--offline', 'send nothing over the network (file exports still happen)')
    .option('--json', 'print the outcome as JSON')
    .option('--workspace <dir>', WORKSPACE_HELP)
    .action(async (options) => {
      const { runUploadCommand } = await import('./commands/upload.js');
      exitWith(await runUploadCommand(options));
    });

  cli
    .command('outbox')
    .summary('List the approved payloads')
    .description('List the approved payloads: queued, sending, sent (with receipt) or failed (with reason).')
    .option('--json', 'print the items as JSON')
    .option('--workspace <dir>', WORKSPACE_HELP)
    .action(async (options) => {
      const { runOutboxCommand } = await import('./commands/outbox.js');
      exitWith(await runOutboxCommand(options));
    });

  const ledger = cli
    .command('ledger')
    .summary('The record of every send')
    .description(
      'The hash-chained record of every send: when, where, how many bytes, their SHA-256, who approved.',
    )
    .option('--json', 'print the entries as JSON')
    .option('--export <file>', 'copy the verified ledger (JSON Lines) to this file')
    .option('--workspace <dir>', WORKSPACE_HELP)
    .action(async (options) => {
      const { runLedgerCommand } = await import('./commands/ledger.js');
      exitWith(await runLedgerCommand(options));
    });
  ledger
    .command('verify')
    .summary('Check the hash chain')
    .description(
      'Check the hash chain; names the first edited, removed, reordered or inserted line. Exit 0 or 3.',
    )
    .option('--file <file>', 'verify an exported ledger instead of the workspace one')
    .option('--workspace <dir>', WORKSPACE_HELP)
    .action(async (_options, command: Command) => {
      const { runLedgerVerifyCommand } = await import('./commands/ledger.js');
      exitWith(await runLedgerVerifyCommand(command.optsWithGlobals()));
    });
}
