import { useCallback, useEffect, useRef, useState } from 'react';
import type { HandlerName, InputOf, OutputOf } from '../../../shared/api';
import { call, onDataChanged } from './client';

/** Calls a handler whenever its input changes; the latest call wins. */
export function useQuery<K extends HandlerName>(name: K, input: InputOf<K>) {
  const [data, setData] = useState<OutputOf<K> | null>(null);
  const [error, setError] = useState<Error | null>(null);
  const [loading, setLoading] = useState(true);
  const key = JSON.stringify(input);
  const seq = useRef(0);
  const run = useCallback(() => {
    const mine = ++seq.current;
    setLoading(true);
    call(name, JSON.parse(key) as InputOf<K>).then(
      (value) => {
        if (mine !== seq.current) return;
        setData(value);
        setError(null);
        setLoading(false);
      },
      (err: Error) => {
        if (mine !== seq.current) return;
        setError(err);
        setLoading(false);
      },
    );
  }, [name, key]);
  useEffect(run, [run]);
  // Live screens: read again when someone commits a change.
  useDataChanged(run);
  return { data, error, loading, reload: run };
}

/** Calls `refresh` after anyone commits a change to the office database; a burst of changes calls it once. */
export function useDataChanged(refresh: () => void): void {
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | null = null;
    const stop = onDataChanged(() => {
      timer ??= setTimeout(() => {
        timer = null;
        refresh();
      }, 200);
    });
    return () => {
      stop();
      if (timer !== null) clearTimeout(timer);
    };
  }, [refresh]);
}
