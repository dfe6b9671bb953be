/** A button's action: running flag, last error, and the last result, so a form shows what happened. */
import { useCallback, useState } from 'react';
import type { GatehouseError } from '../../../src/api/desktop/contract.js';
import { toGatehouseError } from '../api.js';

export interface Action<A extends unknown[], T> {
  run: (...args: A) => Promise<T | undefined>;
  running: boolean;
  error: GatehouseError | undefined;
  result: T | undefined;
  reset: () => void;
}

export function useAction<A extends unknown[], T>(action: (...args: A) => Promise<T>): Action<A, T> {
  const [running, setRunning] = useState(false);
  const [error, setError] = useState<GatehouseError>();
  const [result, setResult] = useState<T>();
  const run = useCallback(
    async (...args: A) => {
      setRunning(true);
      setError(undefined);
      try {
        const value = await action(...args);
        setResult(value);
        return value;
      } catch (caught) {
        setError(toGatehouseError(caught));
        return undefined;
      } finally {
        setRunning(false);
      }
    },
    [action],
  );
  const reset = useCallback(() => {
    setError(undefined);
    setResult(undefined);
  }, []);
  return { run, running, error, result, reset };
}
