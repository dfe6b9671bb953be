/** The connection test as the desktop app runs it: src/api's testConnection, with the app's store and events. */
import { testConnection } from '../test-connection.js';
import type { ConnectionTester } from './handlers.js';

export interface ConnectionTesterOptions {
  /** Where the egress-IP step asks for the public address; a test passes a local echo service. */
  readonly egressServices?: string[];
}

export const connectionTesterWith =
  (options: ConnectionTesterOptions = {}): ConnectionTester =>
  async (request, hooks) =>
    testConnection(
      {
        configPath: request.configPath,
        dataSource: request.dataSource,
        workspace: request.workspace,
        egressIp: request.egressIp,
        checkPaths: request.checkPaths,
        ...(request.allowlist ? { allowlist: request.allowlist } : {}),
        ...(options.egressServices ? { egressServices: options.egressServices } : {}),
      },
      { onStep: hooks.onStep, signal: hooks.signal, env: request.env, secretStore: await request.store() },
    );

export const connectionTester: ConnectionTester = connectionTesterWith();
