/**
 * A scan that cannot connect says what to do, as the connection test does: the driver's words ("Network policy is
 * required.", "Incorrect username or password was specified.") name the problem but not the fix. The fix is the
 * connection test's classifier's, so the two never disagree.
 */
import type { DataSourceConfig } from '../config/model.js';
import { ConnectorError } from '../connectors/connector.js';
import type { ClassifyContext } from '../diagnostics/classification.js';
import { classifyError } from '../diagnostics/classify-error.js';
import { engineFor } from '../diagnostics/engines/registry.js';

function contextOf(ds: DataSourceConfig): ClassifyContext {
  try {
    return engineFor(ds.type)?.target(ds).context ?? {};
  } catch {
    // A target that cannot be planned (an unreadable CA file…) leaves the classifier without names, not broken.
    return {};
  }
}

/** A connection failure with "What to do: …" added when the classifier knows; anything else as it is. */
export function withRemedy(error: unknown, ds: DataSourceConfig): unknown {
  if (!(error instanceof ConnectorError) || !['auth', 'connect', 'timeout'].includes(error.kind))
    return error;
  const { layer, remediation } = classifyError(error, contextOf(ds));
  if (layer === 'unknown' || !remediation || error.message.includes(remediation)) return error;
  const sentence = /[.!?]$/.test(error.message.trimEnd()) ? '' : '.';
  return new ConnectorError(
    `${error.message.trimEnd()}${sentence} What to do: ${remediation}`,
    error.code,
    error.kind,
    {
      cause: error,
    },
  );
}
