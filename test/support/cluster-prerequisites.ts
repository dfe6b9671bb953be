/**
 * What a private PostgreSQL cluster needs on this machine. On CI (`CI=true`) a missing piece must fail the
 * tests, so a broken image cannot pass by skipping them; elsewhere they may skip, saying why.
 */

import { constants } from 'node:fs';
import { access } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'vitest';
import { runCommand } from './run-command.js';

export const POSTGRES_BIN_DIR = process.env.GATEHOUSE_PG_BIN ?? '/usr/lib/postgresql/15/bin';

/** Undefined when everything is present, else a sentence naming what is missing. */
export async function missingClusterPrerequisites(): Promise<string | undefined> {
  const missing: string[] = [];
  for (const program of ['initdb', 'pg_ctl']) {
    const path = join(POSTGRES_BIN_DIR, program);
    await access(path, constants.X_OK).catch(() =>
      missing.push(`${path} (set GATEHOUSE_PG_BIN to its folder)`),
    );
  }
  await runCommand('openssl', ['version']).catch(() => missing.push('the openssl command'));
  // PostgreSQL refuses to run as root: as root we run it as the postgres OS user.
  if (process.getuid?.() === 0) {
    await runCommand('id', ['-u', 'postgres']).catch(() => missing.push('an OS user named postgres'));
    await runCommand('runuser', ['--version']).catch(() => missing.push('the runuser command'));
  }
  return missing.length ? `missing ${missing.join(', ')}` : undefined;
}

export interface PrerequisiteGate {
  /** What is missing, if anything. */
  missing: string | undefined;
  /** The reason to skip: what is missing, but never on CI, where a missing piece must fail instead. */
  skip: string | undefined;
}

export async function clusterPrerequisiteGate(): Promise<PrerequisiteGate> {
  const missing = await missingClusterPrerequisites();
  return { missing, skip: process.env.CI === 'true' ? undefined : missing };
}

/**
 * A describe block for tests on private clusters: skipped (saying why) when a prerequisite is missing outside CI;
 * on CI, one failing test that names what is missing instead of the suite.
 */
export function describeWithCluster(title: string, gate: PrerequisiteGate, body: () => void): void {
  describe.skipIf(gate.skip)(`${title}${gate.skip ? ` (skipped: ${gate.skip})` : ''}`, () => {
    if (gate.missing) {
      it('has its prerequisites', () => {
        throw new Error(`Private PostgreSQL cluster prerequisites: ${gate.missing}`);
      });
      return;
    }
    body();
  });
}
