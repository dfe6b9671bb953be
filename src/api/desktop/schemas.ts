/**
 * The desktop API's request schemas, one per method: the main process validates every IPC input with them
 * before a handler runs. Strict objects: an unknown key is an error, so a renderer cannot slip in what the CLI
 * alone may choose (a workspace, a secret backend, a configuration path). Field shapes come from the existing
 * src/api schemas where there are some.
 */
import * as z from 'zod/mini';
import { DESTINATION_KINDS } from '../../cloud/destination-ref.js';
import { PRIVACY_LEVELS } from '../../config/privacy.js';
import { approveRequestSchema } from '../approve.js';
import { dataSourceDefinitionSchema, dataSourceName } from '../data-source-definition.js';
import { listScansRequestSchema, showScanRequestSchema } from '../scans.js';
import { secretRefRequestSchema, setSecretRequestSchema } from '../secrets.js';
import { uploadRequestSchema } from '../upload.js';
import type { GatehouseMethodName, RequestOf } from './contract.js';

const nonEmpty = z.string().check(z.minLength(1, 'must not be empty'));
export const port = z.int().check(z.minimum(1, 'ports start at 1'), z.maximum(65535, 'ports end at 65535'));
/** Chosen by the renderer (a UUID): a key for events and cancellation, never a path or a name. */
const runId = z.string().check(z.regex(/^[A-Za-z0-9_-]{1,64}$/, 'letters, digits, - and _ (at most 64)'));
const variables = z.record(z.string().check(z.regex(/^[A-Za-z_][A-Za-z0-9_]*$/)), z.string());
const noInput = z.optional(z.undefined());

/** Secret field → value; which fields a type takes is checked by the engine (src/api/data-sources.ts). */
const secretValues = z.record(z.string().check(z.regex(/^[a-z_]+$/)), z.string());

/** The same policy a `privacy:` block holds, in the API's camelCase. */
const patterns = z.array(nonEmpty);
const privacyRules = {
  level: z.optional(z.enum(PRIVACY_LEVELS)),
  excludeColumns: z.optional(patterns),
  withholdValues: z.optional(z.union([z.boolean(), patterns])),
  hashIdentifiers: z.optional(z.boolean()),
  sampleColumns: z.optional(patterns),
};
export const privacyConfigSchema = z.strictObject({
  level: z.enum(PRIVACY_LEVELS),
  excludeColumns: patterns,
  withholdValues: z.union([z.boolean(), patterns]),
  hashIdentifiers: z.boolean(),
  sampleColumns: z.optional(patterns),
  datasets: z.record(nonEmpty, z.strictObject(privacyRules)),
});

const pick = z.pick;

export const REQUEST_SCHEMAS = {
  appInfo: noInput,
  pickPaths: z.strictObject({
    purpose: z.enum(['check-files', 'check-folder', 'configuration', 'export-folder', 'workspace-folder']),
  }),
  openExternal: z.strictObject({ url: nonEmpty }),

  listDataSources: noInput,
  saveDataSource: z.strictObject({
    definition: dataSourceDefinitionSchema,
    originalName: z.optional(dataSourceName),
    secrets: z.optional(secretValues),
  }),
  removeDataSource: z.strictObject({ name: dataSourceName, deleteSecrets: z.optional(z.boolean()) }),
  importConfiguration: z.strictObject({ path: nonEmpty, replace: z.optional(z.boolean()) }),

  secretsStatus: noInput,
  listSecrets: noInput,
  setSecret: z.strictObject(
    pick(setSecretRequestSchema, { dataSource: true, field: true, value: true }).shape,
  ),
  deleteSecret: z.strictObject(pick(secretRefRequestSchema, { dataSource: true, field: true }).shape),

  testConnection: z.strictObject({
    runId,
    dataSource: dataSourceName,
    egressIp: z.optional(z.boolean()),
    checkPaths: z.optional(z.array(nonEmpty)),
    allowlist: z.optional(
      z.array(
        z.union([
          nonEmpty,
          z.strictObject({ action: z.enum(['allow', 'deny']), value: nonEmpty, label: z.optional(nonEmpty) }),
        ]),
      ),
    ),
  }),

  openCheckFiles: z.strictObject({
    paths: z.array(nonEmpty).check(z.minLength(1, 'Give at least one check file or folder')),
    variables: z.optional(variables),
  }),

  runScan: z.strictObject({
    runId,
    dataSource: dataSourceName,
    checkPaths: z.array(nonEmpty).check(z.minLength(1, 'Give at least one check file or folder')),
    variables: z.optional(variables),
    scanName: z.optional(nonEmpty),
    samples: z.optional(z.boolean()),
  }),
  cancelRun: z.strictObject({ runId }),
  listScans: z.strictObject(pick(listScansRequestSchema, { dataSource: true, limit: true }).shape),
  showScan: z.strictObject(pick(showScanRequestSchema, { id: true }).shape),
  checkHistory: z.strictObject({
    dataSource: dataSourceName,
    identity: nonEmpty,
    limit: z.optional(z.int().check(z.minimum(1), z.maximum(1000))),
  }),

  previewPayload: z.strictObject({
    scan: z.optional(nonEmpty),
    diffLastUpload: z.optional(z.boolean()),
    destination: z.optional(z.enum(DESTINATION_KINDS)),
  }),
  previewSampleFile: z.strictObject({
    scan: nonEmpty,
    destination: z.optional(z.enum(DESTINATION_KINDS)),
    sha256: z.string().check(z.regex(/^[0-9a-f]{64}$/, 'a lower-case hex SHA-256 (64 digits)')),
  }),
  approve: z.strictObject({
    ...pick(approveRequestSchema, { sha256: true, destination: true }).shape,
    scan: nonEmpty,
  }),
  upload: z.strictObject(pick(uploadRequestSchema, { destination: true, offline: true }).shape),
  listOutbox: noInput,
  showLedger: noInput,
  verifyLedger: noInput,

  getSettings: noInput,
  updateSettings: z.strictObject({
    privacy: z.optional(privacyConfigSchema),
    sodaCloud: z.optional(
      z.nullable(
        z.strictObject({
          host: z.optional(nonEmpty),
          port: z.optional(port),
          scheme: z.optional(z.enum(['https', 'http'])),
          apiKeyId: z.optional(nonEmpty),
        }),
      ),
    ),
    webhook: z.optional(z.nullable(z.strictObject({ url: nonEmpty }))),
    file: z.optional(z.nullable(z.strictObject({ path: nonEmpty }))),
    secrets: z.optional(
      z.strictObject({ apiKeySecret: z.optional(nonEmpty), signingSecret: z.optional(nonEmpty) }),
    ),
    workspace: z.optional(nonEmpty),
  }),
} satisfies { [M in GatehouseMethodName]: z.ZodMiniType<RequestOf<M>, unknown> };

export type RequestSchemas = typeof REQUEST_SCHEMAS;
