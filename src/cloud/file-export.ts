/**
 * File export for air-gapped hand-over: the exact approved bytes, plus a `.sha256` sidecar in `sha256sum` format
 * (`sha256sum -c NAME.sha256` checks the copy on the other side). Both are written atomically; exporting the
 * same payload again finds it already there and changes nothing. The folder must exist: creating it would put a
 * payload meant for a removable drive that is not mounted on the local disk instead, where nobody looks for it.
 */
import { readFile, stat } from 'node:fs/promises';
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

/**
 * A failed write in words. None of these passes by itself within a run, so none is retried until someone acts;
 * the temp file is gone (writeFileAtomic removes it), so nothing half-written is left behind.
 */
export function writeFailure(error: unknown, path: string): DeliveryError {
  const code = (error as NodeJS.ErrnoException).code ?? '';
  const words: Record<string, string> = {
    EACCES: 'no permission to write there: choose a folder you can write to, or fix its permissions',
    EPERM: 'no permission to write there: choose a folder you can write to, or fix its permissions',
    EROFS: 'the drive is read-only (a write-protected stick?): use a writable drive',
    ENOSPC: 'the drive is full: free some space on it, then run upload again',
    EDQUOT: 'your disk quota is used up: free some space, then run upload again',
    EIO: 'the drive reported an I/O error (removed while writing?): check the drive, then run upload again',
  };
  const what = words[code];
  return new DeliveryError(
    what
      ? `Could not write ${path}: ${what} (${code}). Nothing half-written was left.`
      : `Could not write ${path}: ${(error as Error).message}`,
    what === undefined,
    undefined,
    { cause: error },
  );
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
    await this.#checkFolder();
    try {
      const found = await existing(path);
      if (found && !found.equals(delivery.bytes)) {
        throw new DeliveryError(`${path} already exists with other content; it was left as it is.`, false);
      }
      if (!found) await writeFileAtomic(path, delivery.bytes);
      // The sidecar last: its presence says the payload beside it is complete.
      await writeFileAtomic(`${path}.sha256`, sidecar);
    } catch (error) {
      if (error instanceof DeliveryError) throw error;
      throw writeFailure(error, path);
    }
    return { id: path };
  }

  async #checkFolder(): Promise<void> {
    const folder = this.ref.address;
    const found = await stat(folder).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return undefined;
      throw writeFailure(error, folder);
    });
    if (!found) {
      throw new DeliveryError(
        `The export folder ${folder} does not exist: plug in and mount the drive it is on, or create the folder, then run upload again. Nothing was written.`,
        false,
      );
    }
    if (!found.isDirectory()) {
      throw new DeliveryError(`The export path ${folder} is not a folder. Nothing was written.`, false);
    }
  }
}
