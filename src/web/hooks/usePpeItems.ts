import { useEffect, useState } from 'react';
import { getPpeItems } from '../api';
import type { PpeItems } from '../types';

// The catalogue changes only when the server restarts with another config: one request serves
// every page until the dashboard is reloaded (a failed one is tried again by the next page).
let request: Promise<PpeItems> | undefined;
let loaded: PpeItems | undefined;

/** The PPE items and the model's classes of each; undefined until they have loaded. */
export function usePpeItems(): PpeItems | undefined {
  const [items, setItems] = useState(loaded);
  useEffect(() => {
    if (loaded) return;
    let mounted = true;
    request ??= getPpeItems().catch((err: unknown) => {
      request = undefined;
      throw err;
    });
    request.then(
      (answer) => {
        loaded = answer;
        if (mounted) setItems(answer);
      },
      () => {}, // labels fall back to the kinds' own words
    );
    return () => {
      mounted = false;
    };
  }, []);
  return items;
}
