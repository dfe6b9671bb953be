/** A failed call, shown as the engine worded it, with what to do about it. */
import type { GatehouseError } from '../../../src/api/desktop/contract.js';

export function ErrorNote({ error, title }: { error: GatehouseError | undefined; title?: string }) {
  if (!error) return null;
  return (
    <div className="note note-error" role="alert">
      {title ? <strong>{title}: </strong> : null}
      <span className="pre-line">{error.message}</span>
      {error.remedy ? <p className="remedy pre-line">{error.remedy}</p> : null}
    </div>
  );
}
