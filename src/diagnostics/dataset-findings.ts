/** The datasets step's report: each dataset with what the user may do with it, and the grants that would help. */
import type { ClassifyContext } from './classification.js';
import type { DatasetAccess } from './engines/engine.js';
import type { StepItem } from './report.js';
import type { ProbeResult } from './step-runner.js';

const STATUS_WORDS: Record<DatasetAccess['status'], string> = {
  readable: 'exists and is readable',
  missing: 'does not exist (or is not visible to this user)',
  'schema-missing': 'its schema does not exist',
  'no-schema-usage': 'no USAGE privilege on its schema',
  'no-select': 'no SELECT privilege',
};

export function describeDatasets(
  access: readonly DatasetAccess[],
  checkFiles: { problems: readonly string[]; errors: readonly string[] },
  grants: string | undefined,
  context: ClassifyContext,
): ProbeResult {
  const items: StepItem[] = access.map((dataset) => ({
    name: dataset.qualified,
    ok: dataset.status === 'readable',
    detail: STATUS_WORDS[dataset.status],
  }));
  const facts = [...checkFiles.errors, ...checkFiles.problems].map((problem) => ({
    label: 'Check files',
    value: problem,
  }));
  const bad = access.filter((dataset) => dataset.status !== 'readable');
  // Check files with errors name fewer datasets than they mean to (or none): a pass would vouch for the rest.
  if (checkFiles.errors.length > 0) return checkFilesFailed(checkFiles.errors, access, items, facts);
  if (access.length === 0) {
    return { status: 'pass', message: 'The check files name no datasets.', items, facts };
  }
  if (bad.length === 0) {
    return {
      status: 'pass',
      message: `All ${access.length} datasets the checks use are readable.`,
      items,
      facts,
    };
  }
  const list = bad.map((dataset) => `${dataset.qualified} (${STATUS_WORDS[dataset.status]})`).join(', ');
  const summary = `${bad.length} of ${access.length} datasets cannot be read by ${context.user ?? 'this user'}: ${list}.`;
  const missing = bad.some((dataset) => dataset.status === 'missing' || dataset.status === 'schema-missing');
  const remediation = [
    grants ? `Ask the admin to run:\n${grants}` : '',
    missing ? 'Check the names of missing datasets and the schema in configuration.yml.' : '',
  ]
    .filter(Boolean)
    .join('\n');
  const privileges = bad.some(
    (dataset) => dataset.status === 'no-select' || dataset.status === 'no-schema-usage',
  );
  return {
    status: 'fail',
    message: summary,
    remediation,
    items,
    facts,
    classification: {
      layer: 'privileges',
      kind: privileges ? 'insufficient-privilege' : 'relation-missing',
      code: privileges ? '42501' : '42P01',
      driverCodes: [],
      summary,
      remediation,
      raw: list,
    },
  };
}

function checkFilesFailed(
  errors: readonly string[],
  access: readonly DatasetAccess[],
  items: StepItem[],
  facts: { label: string; value: string }[],
): ProbeResult {
  const count = errors.length === 1 ? 'an error' : `${errors.length} errors`;
  const tested = access.length > 0 ? ` (the ${access.length} it could name are listed)` : '';
  const summary = `The check files have ${count}, so the datasets they use are not all known${tested}: ${errors[0]}`;
  return {
    status: 'fail',
    message: summary,
    remediation: 'Fix the check files as the messages say (a scan would stop at them too), then test again.',
    items,
    facts,
    classification: {
      layer: 'config',
      kind: 'invalid-check-files',
      driverCodes: [],
      summary,
      remediation: 'Fix the check files as the messages say, then test again.',
      raw: errors.join('\n'),
    },
  };
}
