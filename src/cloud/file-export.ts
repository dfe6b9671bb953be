/**
 * File export for air-gapped hand-over: the exact approved bytes, plus a `.sha256` sidecar in `sha256sum` format
 * (`sha256sum -c NAME.sha256` checks the copy on the other side). Both are written atomically; exporting the
 * same payload again finds it already there and changes nothing.
 */
import { mkdir, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { writeFileAtomic } from '../common/atomic-write.js';
import type { Delivery, DeliveryOrigin, Destination } from './destination.js';
import type { DestinationRef, Receipt } from './destination-ref.js';
import { DeliveryError, refuseSampleFiles } from './errors.js';

export function fileRef(folder: string): DestinationRef {
  return { kind: 'file', address: resolve(folder) };
}

/** `<definition>-<scan id>-<first 12 of sha256>.json`, with anything unsafe in a file name replaced. */
export function exportFileName(record: DeliveryOrigin): string {
  const safe = (text: string) => text.replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 80);
  return `${safe(record.definitionName)}-${safe(record.scanId)}-${record.sha256.slice(0, 12)}.json`;
}

async function existing(path: string): Promise<Buffer | undefined> {
  try {
    return await readFile(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

export class FileExportDestination implements Destination {
  readonly ref: DestinationRef;
  readonly network = false;

  constructor(folder: string) {
    this.ref = fileRef(folder);
  }

  async deliver(delivery: Delivery): Promise<Receipt> {
    refuseSampleFiles(delivery.sampleFiles, 'A file export');
    const name = exportFileName(delivery.record);
    const path = join(this.ref.address, name);
    const sidecar = `${delivery.sha256}  ${name}\n`;
    try {
      await mkdir(this.ref.address, { recursive: true });
      const found = await existing(path);
      if (found && !found.equals(delivery.bytes)) {
        throw new DeliveryError(`${path} already exists with other content; it was left as it is.`, false);
      }
      if (!found) await writeFileAtomic(path, delivery.bytes);
      // The sidecar last: its presence says the payload beside it is complete.
      await writeFileAtomic(`${path}.sha256`, sidecar);
    } catch (error) {
      if (error instanceof DeliveryError) throw error;
      throw new DeliveryError(`Could not write ${path}: ${(error as Error).message}`, true, undefined, {
        cause: error,
      });
    }
    return { id: path };
  }
}
