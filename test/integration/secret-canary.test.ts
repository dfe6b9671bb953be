/**
 * A canary password that must never leak. It is the real password of a role on a private cluster, kept in the
 * secret store (the encrypted vault, and the OS keychain in a private D-Bus session), written in plain text in a
 * second configuration and passed through `${VAR}` in a third; a check's SQL even spells it. Scans that pass,
 * that fail after authentication (no such database) and that fail authentication (the canary as the wrong
 * password), all with `--scan-results-file`, `-V` and samples; then every file under the workspace, the results
 * folder and the processes' temp folder, and all their output, are searched for the canary in every form.
 * The only places it may be: the store (the vault encrypted: it is in the searched workspace and must not match)
 * and the test's own input files.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { canaryForms, findCanary, newCanary, searchFolders } from '../support/canary.js';
import { clusterPrerequisiteGate, describeWithCluster } from '../support/cluster-prerequisites.js';
import {
  cliStep,
  missingKeyringPrerequisites,
  runCliWith,
  runKeyringSession,
  type SessionStep,
  type StepResult,
} from '../support/keyring-session.js';
import { inCi } from '../support/prerequisites.js';
import { type PrivateCluster, startPrivateCluster } from '../support/private-cluster.js';

const CANARY = newCanary();
const FORMS = canaryForms(CANARY);
const ANALYST = { name: 'analyst', password: CANARY };
/** Its real password is another: the canary, stored for it, is the wrong one. */
const AUDITOR = { name: 'auditor', password: `auditor-${newCanary()}` };

const gate = await clusterPrerequisiteGate();
const keyringMissing = await missingKeyringPrerequisites();

/** Data source name → what its scan must show. */
const SCANS = [
  { ds: 'private', config: 'configuration.yml', code: 2, shows: /PASS\s+row_count = 5/ },
  { ds: 'nodb', config: 'configuration.yml', code: 3, shows: /database "no_such_db" does not exist/ },
  {
    ds: 'wrongpw',
    config: 'configuration.yml',
    code: 3,
    shows: /password authentication failed for user "auditor".*comes from the (keychain|encrypted vault)/,
  },
  { ds: 'plain', config: 'plain.yml', code: 2, shows: /PASS\s+row_count = 5/ },
  { ds: 'fromenv', config: 'configuration.yml', code: 2, shows: /PASS\s+row_count = 5/ },
] as const;

interface Backend {
  name: 'vault' | 'keychain';
  /** Why it cannot run here, if it cannot. */
  missing?: string;
  /** Runs the CLI steps in order, in one process environment (and for the keychain one D-Bus session). */
  run(steps: SessionStep[], env: NodeJS.ProcessEnv): Promise<StepResult[]>;
}

const VAULT_PASSPHRASE = 'canary vault passphrase';

const backends: Backend[] = [
  {
    name: 'vault',
    async run(steps, env) {
      const vaultEnv = {
        ...env,
        GATEHOUSE_SECRET_BACKEND: 'vault',
        GATEHOUSE_VAULT_PASSPHRASE: VAULT_PASSPHRASE,
      };
      const results: StepResult[] = [];
      for (const step of steps) results.push(await runCliWith(step.argv.slice(2), vaultEnv, step.stdin));
      return results;
    },
  },
  {
    name: 'keychain',
    missing: keyringMissing,
    async run(steps, env) {
      const session = await runKeyringSession(steps, { keyring: 'unlocked', env });
      return session.steps;
    },
  },
];

describeWithCluster(`the canary password never leaks`, gate, () => {
  let cluster: PrivateCluster;
  let root: string;

  beforeAll(async () => {
    cluster = await startPrivateCluster({
      users: [ANALYST, AUDITOR],
      hba: [`host all ${ANALYST.name},${AUDITOR.name} 127.0.0.1/32 scram-sha-256`],
    });
    await cluster.adminQuery(
      `CREATE TABLE public.events AS SELECT g AS id, CASE WHEN g < 5 THEN 'n' || g END AS name FROM generate_series(1, 5) g`,
    );
    await cluster.adminQuery(`GRANT SELECT ON public.events TO ${ANALYST.name}, ${AUDITOR.name}`);
    root = await mkdtemp(join(tmpdir(), 'gatehouse-canary-'));
  });

  afterAll(async () => {
    await cluster?.stop();
    if (root) await rm(root, { recursive: true, force: true });
  });

  const block = (name: string, user: string, database: string, passwordLine = '') =>
    `data_source ${name}:\n  type: postgres\n  host: ${cluster.host}\n  port: ${cluster.port}\n  username: ${user}\n${passwordLine}  database: ${database}\n  schema: public\n  sslmode: disable\n`;

  /** Inputs (which hold the canary on purpose) apart from the folders searched. */
  async function writeInputs(inputs: string): Promise<void> {
    await mkdir(inputs, { recursive: true });
    await writeFile(
      join(inputs, 'configuration.yml'),
      [
        block('private', ANALYST.name, 'postgres'),
        block('nodb', ANALYST.name, 'no_such_db'),
        block('wrongpw', AUDITOR.name, 'postgres'),
        block('fromenv', ANALYST.name, 'postgres', '  password: ${PG_CANARY}\n'),
      ].join('\n'),
    );
    await writeFile(
      join(inputs, 'plain.yml'),
      block('plain', ANALYST.name, 'postgres', `  password: ${CANARY}\n`),
    );
    await writeFile(
      join(inputs, 'checks.yml'),
      `checks for events:\n  - row_count = 5\n  - missing_count(name) = 0\n  - canary_rows = 0:\n      canary_rows query: SELECT count(*) FROM events WHERE name = '${CANARY}'\n`,
    );
  }

  for (const backend of backends) {
    const runs = !backend.missing || inCi;
    (runs ? it : it.skip)(
      `${backend.name}: stored, scanned, failed — and found nowhere${backend.missing && !inCi ? ` (skipped: ${backend.missing})` : ''}`,
      async () => {
        if (backend.missing) throw new Error(`Prerequisite missing in CI: ${backend.missing}`);
        const base = join(root, backend.name);
        const [inputs, workspace, results, temp] = ['in', 'workspace', 'results', 'tmp'].map((d) =>
          join(base, d),
        );
        await writeInputs(inputs as string);
        for (const dir of [workspace, results, temp]) await mkdir(dir as string, { recursive: true });
        const env: NodeJS.ProcessEnv = {
          ...process.env,
          GATEHOUSE_HOME: workspace,
          TMPDIR: temp,
          NO_COLOR: '1',
          PG_CANARY: CANARY,
        };
        const steps = [
          ...['private', 'nodb', 'wrongpw'].map((ds) =>
            cliStep(
              ['secrets', 'set', ds, 'password', '--stdin', '--workspace', workspace as string],
              CANARY,
            ),
          ),
          ...SCANS.map(({ ds, config }) =>
            cliStep([
              'scan',
              '-d',
              ds,
              '-c',
              join(inputs as string, config),
              '-V',
              '--samples',
              '--workspace',
              workspace as string,
              '--scan-results-file',
              join(results as string, `${ds}.json`),
              join(inputs as string, 'checks.yml'),
            ]),
          ),
        ];
        const outcomes = await backend.run(steps, env);

        for (const [index, outcome] of outcomes.slice(0, 3).entries()) {
          expect(outcome.code, `secrets set #${index}: ${outcome.stderr}`).toBe(0);
        }
        for (const [index, scan] of SCANS.entries()) {
          const outcome = outcomes[3 + index] as StepResult;
          const context = `${scan.ds}:\n${outcome.stdout}\n${outcome.stderr}`;
          expect(outcome.code, context).toBe(scan.code);
          expect(outcome.stdout.replaceAll('\n', ' '), context).toMatch(scan.shows);
        }
        // The check that spells the canary ran, and -V printed its SQL redacted: the redaction is what hid it.
        expect(outcomes[3]?.stdout).toContain(`WHERE name = '[redacted]'`);
        expect(outcomes[6]?.stderr).toMatch(/password of data source plain is stored in plain text/);

        const hits = outcomes.flatMap((outcome, index) => [
          ...findCanary(FORMS, `step ${index} stdout`, outcome.stdout),
          ...findCanary(FORMS, `step ${index} stderr`, outcome.stderr),
        ]);
        const searched = await searchFolders(FORMS, [workspace, results, temp] as string[]);
        hits.push(...searched.hits);
        expect(hits).toEqual([]);
        // It looked where the canary could have gone: every scan in the history and its check-values companion,
        // every results file.
        const names = searched.files.map((file) => file.slice(base.length));
        expect(names.filter((name) => /\/scans\/[^/]+\.json$/.test(name))).toHaveLength(SCANS.length);
        expect(names.filter((name) => /\/scans\/check-values\/[^/]+\.json$/.test(name))).toHaveLength(
          SCANS.length,
        );
        expect(names.filter((name) => name.startsWith('/results/'))).toHaveLength(SCANS.length);
        if (backend.name === 'vault') expect(names.some((name) => /vault/.test(name))).toBe(true);
      },
    );
  }
});
