import { useEffect, useState } from 'react';

export interface Loaded<T> {
  data: T | undefined;
  error: Error | undefined;
  loading: boolean;
}

/** Runs `load` whenever `deps` change; ignores answers that arrive after a newer request. */
export function useApi<T>(load: () => Promise<T>, deps: readonly unknown[]): Loaded<T> {
  const [state, setState] = useState<Loaded<T>>({ data: undefined, error: undefined, loading: true });
  useEffect(
    () => {
      let live = true;
      setState((s) => ({ data: s.data, error: undefined, loading: true }));
      load().then(
        (data) => live && setState({ data, error: undefined, loading: false }),
        (error: Error) => live && setState({ data: undefined, error, loading: false }),
      );
      return () => {
        live = false;
      };
    }, // biome-ignore lint/correctness/useExhaustiveDependencies: callers list what the request depends on
    deps,
  );
  return state;
}
