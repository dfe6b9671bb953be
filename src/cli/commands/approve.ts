/** `gatehouse approve SCAN|latest --sha256 HASH`: approve the previewed bytes and queue them in the outbox. */
import { approveScan } from '../../api/approve.js';
import type { DestinationKind } from '../../cloud/destination-ref.js';
import { reportOutboxError } from './outbox-errors.js';

export interface ApproveOptions {
  sha256: string;
  approver?: string;
  configuration?: string;
  workspace?: string;
  destination?: DestinationKind;
  to?: string;
}

export async function runApproveCommand(scan: string, options: ApproveOptions): Promise<number> {
  try {
    const result = await approveScan({
      scan,
      sha256: options.sha256,
      approver: options.approver,
      configPath: options.configuration,
      workspace: options.workspace,
      destination: options.destination,
      exportDir: options.to,
    });
    for (const warning of result.warnings) process.stderr.write(`Warning: ${warning}\n`);
    const { record, state } = result.item;
    const lines = result.created
      ? [
          `Approved scan ${record.scanId} (${record.definitionName}, data source ${record.dataSource}).`,
          `  sha256       ${record.sha256} (${record.size} bytes)`,
          `  approver     ${record.approver}, ${record.approvedAt}`,
          `  destination  ${record.destination.kind} ${record.destination.address}`,
          ...(record.sampleFiles ?? []).map(
            (file, i) => `  sample file ${i + 1} ${file.sha256} (${file.size} bytes) ${file.path}`,
          ),
          `Queued in the outbox (encrypted) as ${record.id}. Send it with: gatehouse upload`,
        ]
      : [
          `These bytes were already approved for ${record.destination.address} by ${record.approver} at ${record.approvedAt}; outbox item ${record.id} is ${state.status}.`,
        ];
    process.stdout.write(`${lines.join('\n')}\n`);
    return 0;
  } catch (error) {
    return reportOutboxError(error);
  }
}
