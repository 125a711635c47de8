import { useState } from 'react';
import { z } from 'zod';
import type { SamplePayload } from '@/lib/test-panel/samples';

/** What this browser kept: anything else in localStorage (an older format, a hand edit) is left out. */
const savedSample = z.object({
  id: z.string(),
  label: z.string(),
  body: z.string(),
  headers: z.array(z.tuple([z.string(), z.string()])).optional().catch(undefined),
});

function readSaved(storageKey: string): SamplePayload[] {
  try {
    const parsed: unknown = JSON.parse(window.localStorage.getItem(storageKey) ?? '[]');
    if (!Array.isArray(parsed)) return [];
    return parsed.flatMap((s) => {
      const one = savedSample.safeParse(s);
      if (!one.success) return [];
      const { headers, ...rest } = one.data;
      return [headers ? { ...rest, headers } : rest];
    });
  } catch {
    return [];
  }
}

/**
 * Saved samples live in this browser's localStorage, read on first use of the sample picker (not during render, so
 * the server-rendered HTML matches). At most the last 20 are kept.
 */
export function useSavedSamples(storageKey: string) {
  const [saved, setSaved] = useState<SamplePayload[]>([]);
  const [isSavedLoaded, setSavedLoaded] = useState(false);
  const loadSaved = (): SamplePayload[] => {
    if (isSavedLoaded) return saved;
    const list = readSaved(storageKey);
    setSaved(list);
    setSavedLoaded(true);
    return list;
  };
  const saveSample = (sample: Omit<SamplePayload, 'id' | 'label'>) => {
    const label = `Saved ${new Date().toLocaleString()}`;
    const next = [...loadSaved(), { id: `saved-${Date.now()}`, label, ...sample }].slice(-20);
    setSaved(next);
    window.localStorage.setItem(storageKey, JSON.stringify(next));
  };
  return { saved, loadSaved, saveSample };
}
