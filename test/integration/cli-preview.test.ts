import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256Hex } from '../../src/common/sha256.js';
import { canonicalJson } from '../../src/payload/canonical.js';
import { saveScan } from '../../src/workspace/save.js';
import { runCli, runCliBytes } from '../support/cli.js';
import { CANARY, fixtureResult } from '../unit/payload/fixture.js';

let workspace: string;
let scanId: string;

beforeAll(async () => {
  workspace = await mkdtemp(join(tmpdir(), 'gatehouse-preview-'));
  scanId = await saveScan(workspace, fixtureResult());
  await writeFile(join(workspace, 'strict.yml'), 'privacy:\n  level: strict\n');
  await writeFile(
    join(workspace, 'full.yml'),
    'privacy:\n  level: full\n  datasets:\n    customers:\n      sample_columns: [id, email]\n',
  );
  await writeFile(join(workspace, 'bad.yml'), 'privacy:\n  level: open\n');
});

afterAll(async () => {
  await rm(workspace, { recursive: true, force: true });
});

describe('gatehouse preview', () => {
  it('--format raw writes exactly the payload bytes on stdout and their SHA-256 on stderr', async () => {
    const run = await runCliBytes(['preview', scanId, '--workspace', workspace, '--format', 'raw']);
    expect(run.code).toBe(0);
    const printed = /SHA-256: ([0-9a-f]{64})/.exec(run.stderr)?.[1];
    expect(printed).toBe(sha256Hex(run.stdout));
    // Nothing else on stdout: the bytes are one canonical JSON document, no trailing newline.
    const text = run.stdout.toString('utf8');
    expect(canonicalJson(JSON.parse(text))).toBe(text);
  });

  it('gives the same bytes run after run, and for `latest`', async () => {
    const first = await runCliBytes(['preview', scanId, '--workspace', workspace, '--format', 'raw']);
    const second = await runCliBytes(['preview', 'latest', '--workspace', workspace, '--format', 'raw']);
    expect(second.stdout.equals(first.stdout)).toBe(true);
  });

  it('under a strict privacy: block, no canary value of the data is in the bytes', async () => {
    const run = await runCliBytes([
      'preview',
      '--workspace',
      workspace,
      '-c',
      join(workspace, 'strict.yml'),
      '--format',
      'raw',
    ]);
    expect(run.code).toBe(0);
    const text = run.stdout.toString('utf8');
    for (const canary of Object.values(CANARY)) expect(text).not.toContain(canary);
    expect(text).toContain('"outcome":"fail"');
  });

  it('the tree shows class badges, counts per class, personal columns and what Soda Cloud adds', async () => {
    const run = await runCli(['preview', '--workspace', workspace, '-c', join(workspace, 'full.yml')]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Fields by class');
    expect(run.stdout).toMatch(/value: "ZZ-CANARY-MAX" \[data\]/);
    expect(run.stdout).toMatch(/customers\.email \(email\): named; its VALUES are in sample rows/);
    expect(run.stdout).toContain('"token":"[added at send time]","type":"sodaCoreInsertScanResults"');
    expect(run.stdout).toMatch(/\[sample\]/);
  });

  it('the class counts say how many of each class are withheld, and count the rows in sample files', async () => {
    const strict = await runCli(['preview', '--workspace', workspace, '-c', join(workspace, 'strict.yml')]);
    expect(strict.stdout).toMatch(/ sql +SQL text — all 3 withheld\n/);
    // Withheld check names are sent as a stand-in, not null: the heading says so.
    expect(strict.stdout).toMatch(
      /Withheld: \d+ value\(s\), sent as null, as a stand-in \("Check <identity>"\) or left out/,
    );
    expect(strict.stdout).toMatch(/ definition .* — \d+ of them withheld; \d+ more left out\n/);
    const files = await runCli([
      'preview',
      '--workspace',
      workspace,
      '-c',
      join(workspace, 'full.yml'),
      '--destination',
      'soda_cloud',
    ]);
    expect(files.stdout).toMatch(
      / sample +sample rows — plus 2 row\(s\) in 1 sample file\(s\), listed after the document\n/,
    );
  });

  it('--format json gives the document with a class for every field', async () => {
    const run = await runCli(['preview', '--workspace', workspace, '--format', 'json']);
    const view = JSON.parse(run.stdout);
    expect(view.document.definitionName).toBe('demo');
    expect(view.classes['/definitionName']).toBe('identifier');
    expect(view.classes['/checks/0/outcome']).toBe('outcome');
    expect(view.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('--diff says when no upload is known; --diff-against compares with a file', async () => {
    const none = await runCli(['preview', '--workspace', workspace, '--diff']);
    expect(none.stdout).toContain('No previous upload of scan definition "demo"');
    const strict = await runCliBytes([
      'preview',
      '--workspace',
      workspace,
      '-c',
      join(workspace, 'strict.yml'),
      '--format',
      'raw',
    ]);
    const previous = join(workspace, 'previous.json');
    await writeFile(previous, strict.stdout);
    const run = await runCli(['preview', '--workspace', workspace, '--diff-against', previous]);
    expect(run.stdout).toMatch(/Compared with .*previous\.json: \d+ added, \d+ removed, \d+ changed/);
    expect(run.stdout).toMatch(/~ \/metrics\/2\/value \[data\] null → "ZZ-CANARY-MAX"/);
  });

  it('--diff compares with the last payload uploaded for the same scan definition', async () => {
    const home = await mkdtemp(join(tmpdir(), 'gatehouse-preview-diff-'));
    try {
      const env = {
        GATEHOUSE_SECRET_BACKEND: 'vault',
        GATEHOUSE_VAULT_PASSPHRASE: 'preview diff passphrase 7c1d',
      };
      await saveScan(home, fixtureResult());
      const config = join(home, 'configuration.yml');
      await writeFile(config, 'destinations:\n  file:\n    path: handover\nprivacy:\n  level: strict\n');
      // The export folder must exist: a file export never creates it.
      await mkdir(join(home, 'handover'));
      const at = ['--workspace', home];
      const raw = await runCliBytes(['preview', ...at, '-c', config, '--format', 'raw'], { env });
      const sha256 = /SHA-256: ([0-9a-f]{64})/.exec(raw.stderr)?.[1] ?? '';
      const approve = await runCli(
        ['approve', 'latest', '--sha256', sha256, '-c', config, '--destination', 'file', ...at],
        {
          env,
        },
      );
      expect(approve.code, approve.stderr).toBe(0);
      const upload = await runCli(['upload', '-c', config, ...at], { env });
      expect(upload.code, upload.stderr).toBe(0);

      // A newer scan of the same definition, previewed under the standard level: the data values come back.
      await saveScan(home, fixtureResult(), new Date(Date.now() + 1000));
      const run = await runCli(['preview', ...at, '--diff'], { env });
      expect(run.code, run.stderr).toBe(0);
      expect(run.stdout).toMatch(/Compared with the payload of scan \S+ sent to .*handover/);
      expect(run.stdout).toMatch(/~ \/metrics\/2\/value \[data\] null → "ZZ-CANARY-MAX"/);
    } finally {
      await rm(home, { recursive: true, force: true });
    }
  });

  it('--dry-run says nothing can be sent', async () => {
    const run = await runCli(['preview', '--workspace', workspace, '--dry-run']);
    expect(run.stdout).toContain('Dry run: nothing can be sent');
  });

  it('exits 3 with a clear line for an unknown scan or an invalid privacy block', async () => {
    const missing = await runCli(['preview', '2020-01-01T00-00-00.000Z-00000000', '--workspace', workspace]);
    expect(missing.code).toBe(3);
    expect(missing.stderr).toContain('There is no saved scan');
    const bad = await runCli(['preview', '--workspace', workspace, '-c', join(workspace, 'bad.yml')]);
    expect(bad.code).toBe(3);
    expect(bad.stderr).toMatch(/bad\.yml:2:3: Invalid value for "level"/);
  });

  it('--diff-against a file that is missing, a folder, not JSON or not an object: one clear line, exit 3', async () => {
    const notJson = join(workspace, 'strict.yml');
    const list = join(workspace, 'list.json');
    await writeFile(list, '[1, 2]');
    const cases: [string, string][] = [
      [join(workspace, 'no-such.json'), 'does not exist'],
      [workspace, 'is a folder'],
      [notJson, 'is not JSON'],
      [list, 'is not a payload (a JSON object)'],
    ];
    for (const [file, why] of cases) {
      const run = await runCli(['preview', '--workspace', workspace, '--diff-against', file]);
      expect(run.code).toBe(3);
      expect(run.stderr).toBe(
        `gatehouse: The file to compare with, ${file}, ${why}. Give a file of earlier payload bytes, as \`gatehouse preview --format raw > previous.json\` writes.\n`,
      );
      expect(run.stdout).toBe('');
    }
  });

  it('--sample-file takes a whole number of at least 1', async () => {
    for (const value of ['abc', '0', '1.5']) {
      const run = await runCli([
        'preview',
        '--workspace',
        workspace,
        '--format',
        'raw',
        '--sample-file',
        value,
      ]);
      expect(run.code).toBe(3);
      expect(run.stderr).toContain(`argument '${value}' is invalid. expected a whole number of at least 1`);
      expect(run.stderr).not.toContain('NaN');
    }
  });
});
