/** Loads data from the API on mount (and when `deps` change), with a reload and the error as shown data. */
import { type DependencyList, useCallback, useEffect, useRef, useState } from 'react';
import type { GatehouseError } from '../../../src/api/desktop/contract.js';
import { toGatehouseError } from '../api.js';

export interface Loaded<T> {
  data: T | undefined;
  error: GatehouseError | undefined;
  loading: boolean;
  reload: () => Promise<void>;
}

export function useLoad<T>(load: () => Promise<T>, deps: DependencyList): Loaded<T> {
  const [data, setData] = useState<T>();
  const [error, setError] = useState<GatehouseError>();
  const [loading, setLoading] = useState(true);
  // The latest `load` (it closes over the caller's current values); only the latest request may set state.
  const loader = useRef(load);
  loader.current = load;
  const latest = useRef(0);
  const reload = useCallback(async () => {
    const ticket = ++latest.current;
    setLoading(true);
    try {
      const value = await loader.current();
      if (ticket !== latest.current) return;
      setData(value);
      setError(undefined);
    } catch (caught) {
      if (ticket === latest.current) setError(toGatehouseError(caught));
    } finally {
      if (ticket === latest.current) setLoading(false);
    }
  }, []);
  // The caller's deps decide when to load again (compared by value: they are ids, counters and flags).
  const key = JSON.stringify(deps);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `key` stands for the caller's deps.
  useEffect(() => {
    void reload();
  }, [key, reload]);
  return { data, error, loading, reload };
}
