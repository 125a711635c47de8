'use client';

import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { FieldError, IntegrationDesign } from '@/lib/design';
import type { Finding } from '@/lib/doctor';
import type { BuildResult } from '@/lib/gateway';
import { useRouter } from 'next/navigation';
import { loadDesignAction, saveDesignAction } from '@/lib/actions/designs';
import { followQueueUrl, toGatewaySample, type SampleRequest } from '@/lib/gateway/sample-request';
import { awsQueueUrl } from '@/lib/design/arns';
import type { WizardEngine } from './engine';
import { furthestValidStep, type WizardStep } from '@/lib/design/wizard-steps';

let enginePromise: Promise<WizardEngine> | undefined;
function loadEngine(): Promise<WizardEngine> {
  return (enginePromise ??= import('./engine'));
}
// Start fetching the engine while React hydrates rather than after.
if (typeof window !== 'undefined') void loadEngine();

export const AUTOSAVE_DELAY_MS = 600;

export type SaveStatus = 'saved' | 'pending' | 'saving' | 'conflict' | 'error';

type WizardContextValue = {
  designId: string;
  design: IntegrationDesign;
  /** Schema, VTL engine and doctor; null for the moment between hydration and its chunk arriving. */
  engine: WizardEngine | null;
  /** The integration request the server built for the stored design, shown until the engine is loaded. */
  initialPreview: BuildResult;
  /** Applies an edit to the working design; the preview follows at once, autosave after a pause. */
  update: (edit: (d: IntegrationDesign) => IntegrationDesign) => void;
  fieldErrors: Record<string, string[]>;
  errors: FieldError[];
  furthestStep: WizardStep;
  sample: SampleRequest;
  setSample: (edit: (s: SampleRequest) => SampleRequest) => void;
  /** The doctor's findings for the working design and the sample request. */
  findings: Finding[];
  applyFinding: (finding: Finding) => void;
  saveStatus: SaveStatus;
  saveMessage?: string;
  /** Saves now (waiting for a save in flight); resolves to whether everything typed is stored. */
  flush: () => Promise<boolean>;
  resolveConflict: (choice: 'theirs' | 'mine') => Promise<void>;
};

const WizardContext = createContext<WizardContextValue | null>(null);

export function useWizard(): WizardContextValue {
  const value = useContext(WizardContext);
  if (!value) throw new Error('useWizard() outside <WizardProvider>');
  return value;
}

function toFieldErrors(errors: readonly FieldError[]): Record<string, string[]> {
  const map: Record<string, string[]> = {};
  for (const e of errors) (map[e.path] ??= []).push(e.message);
  return map;
}

const sampleKey = (id: string) => `sluice.sample.${id}`;

type ProviderProps = {
  designId: string;
  initialDesign: IntegrationDesign;
  initialVersion: number;
  /** Computed on the server for the stored design and the default sample request. */
  initialSample: SampleRequest;
  initialErrors: FieldError[];
  initialFindings: Finding[];
  initialPreview: BuildResult;
  children: ReactNode;
};

export function WizardProvider({ designId, initialDesign, initialVersion, initialSample, initialErrors, initialFindings, initialPreview, children }: ProviderProps) {
  const [design, setDesign] = useState(initialDesign);
  const [sample, setSampleState] = useState<SampleRequest>(initialSample);
  const [engine, setEngine] = useState<WizardEngine | null>(null);
  const [saveStatus, setSaveStatus] = useState<SaveStatus>('saved');
  const [saveMessage, setSaveMessage] = useState<string>();

  const latest = useRef(design);
  const version = useRef(initialVersion);
  const savedJson = useRef(JSON.stringify(initialDesign));
  const inFlight = useRef<Promise<boolean> | null>(null);
  const status = useRef<SaveStatus>('saved');
  const setStatus = useCallback((s: SaveStatus) => {
    status.current = s;
    setSaveStatus(s);
  }, []);

  const update = useCallback((edit: (d: IntegrationDesign) => IntegrationDesign) => {
    setDesign((prev) => {
      const next = edit(prev);
      latest.current = next;
      return next;
    });
  }, []);

  /** One save of the latest design: `stale` when more was typed while it was in flight. */
  const saveOnce = useCallback(async (): Promise<'saved' | 'stale' | 'failed'> => {
    const d = latest.current;
    const json = JSON.stringify(d);
    if (json === savedJson.current) {
      if (status.current !== 'conflict') setStatus('saved');
      return status.current === 'conflict' ? 'failed' : 'saved';
    }
    if (status.current === 'conflict') return 'failed';
    setStatus('saving');
    const result = await saveDesignAction({ id: designId, design: d, expectedVersion: version.current }).catch((err: unknown) => ({
      ok: false as const,
      code: 'invalid_input' as const,
      message: `Could not reach the console server (${err instanceof Error ? err.message : 'network error'}). Your edits are kept in this tab; retrying on the next change.`,
    }));
    if (result.ok) {
      version.current = result.data.version;
      savedJson.current = json;
      setSaveMessage(undefined);
      const isCurrent = JSON.stringify(latest.current) === json;
      setStatus(isCurrent ? 'saved' : 'pending');
      return isCurrent ? 'saved' : 'stale';
    }
    setSaveMessage(result.message);
    setStatus(result.code === 'conflict' ? 'conflict' : 'error');
    return 'failed';
  }, [designId, setStatus]);

  const flush = useCallback(async (): Promise<boolean> => {
    // Saves are serialised so that each one carries the version the previous one produced.
    while (inFlight.current) await inFlight.current;
    const p = (async () => {
      let outcome = await saveOnce();
      // Someone typing during a save gets a few follow-up saves, not an endless loop.
      for (let attempt = 0; outcome === 'stale' && attempt < 3; attempt++) outcome = await saveOnce();
      return outcome === 'saved';
    })();
    inFlight.current = p;
    try {
      return await p;
    } finally {
      inFlight.current = null;
    }
  }, [saveOnce]);

  useEffect(() => {
    if (JSON.stringify(design) === savedJson.current) return;
    if (status.current !== 'conflict') setStatus('pending');
    const timer = setTimeout(() => void flush(), AUTOSAVE_DELAY_MS);
    return () => clearTimeout(timer);
  }, [design, flush, setStatus]);

  useEffect(() => {
    const handleBeforeUnload = (e: BeforeUnloadEvent) => {
      if (JSON.stringify(latest.current) !== savedJson.current) e.preventDefault();
    };
    window.addEventListener('beforeunload', handleBeforeUnload);
    return () => window.removeEventListener('beforeunload', handleBeforeUnload);
  }, []);

  // Leaving through a link outside the wizard (the top navigation) would unmount it before autosave runs: hold
  // the navigation until the edits are stored, and ask before dropping edits that cannot be saved.
  const router = useRouter();
  useEffect(() => {
    const handleClick = (e: MouseEvent) => {
      if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
      const link = e.target instanceof Element ? e.target.closest('a[href]') : null;
      if (!(link instanceof HTMLAnchorElement) || link.target === '_blank' || link.hasAttribute('download')) return;
      const url = new URL(link.href, window.location.href);
      if (url.origin !== window.location.origin || url.pathname.startsWith(`/designs/${designId}/`)) return;
      if (JSON.stringify(latest.current) === savedJson.current) return;
      e.preventDefault();
      e.stopPropagation();
      void flush().then((saved) => {
        if (saved || window.confirm('Your latest edits could not be saved. Leave this page and lose them?')) router.push(`${url.pathname}${url.search}${url.hash}`);
      });
    };
    document.addEventListener('click', handleClick, true);
    return () => document.removeEventListener('click', handleClick, true);
  }, [designId, flush, router]);

  // The server's copy can move on outside the wizard (the test panel's "fix and resend" saves a fixed design).
  // A refresh then brings a newer version in; adopt it unless this tab holds unsaved edits of its own.
  useEffect(() => {
    if (initialVersion <= version.current) return;
    if (JSON.stringify(latest.current) !== savedJson.current) return;
    version.current = initialVersion;
    savedJson.current = JSON.stringify(initialDesign);
    latest.current = initialDesign;
    setDesign(initialDesign);
  }, [initialVersion, initialDesign]);

  const resolveConflict = useCallback(
    async (choice: 'theirs' | 'mine') => {
      const loaded = await loadDesignAction(designId);
      if (!loaded.ok) {
        setSaveMessage(loaded.message);
        setStatus('error');
        return;
      }
      version.current = loaded.data.version;
      if (choice === 'theirs') {
        savedJson.current = JSON.stringify(loaded.data.design);
        latest.current = loaded.data.design;
        setDesign(loaded.data.design);
        setSaveMessage(undefined);
        setStatus('saved');
        return;
      }
      setStatus('pending');
      await flush();
    },
    [designId, flush, setStatus],
  );

  useEffect(() => {
    let isCurrent = true;
    void loadEngine().then((loaded) => {
      if (!isCurrent) return;
      setEngine(() => loaded);
      // localStorage exists only in the browser; reading it during render would make the server HTML mismatch.
      const stored = loaded.parseStoredSample(window.localStorage.getItem(sampleKey(designId)));
      if (stored) setSampleState(stored);
    });
    return () => {
      isCurrent = false;
    };
  }, [designId]);

  const setSample = useCallback(
    (edit: (s: SampleRequest) => SampleRequest) => {
      setSampleState((prev) => {
        const next = edit(prev);
        window.localStorage.setItem(sampleKey(designId), JSON.stringify(next));
        return next;
      });
    },
    [designId],
  );

  // A JSON-protocol sample addresses the queue by URL: a queue rename takes the sample along.
  const queueUrl = awsQueueUrl(design);
  const previousQueueUrl = useRef(queueUrl);
  useEffect(() => {
    const old = previousQueueUrl.current;
    previousQueueUrl.current = queueUrl;
    if (old !== queueUrl) setSample((s) => followQueueUrl(s, old, queueUrl));
  }, [queueUrl, setSample]);

  const errors = useMemo(() => {
    if (!engine) return initialErrors;
    const v = engine.validateDesign(design);
    return v.ok ? [] : v.errors;
  }, [design, engine, initialErrors]);

  const findings = useMemo(() => (engine ? engine.diagnose(design, toGatewaySample(sample)) : initialFindings), [design, sample, engine, initialFindings]);
  const applyFinding = useCallback(
    (finding: Finding) => {
      const fix = finding.fix;
      if (fix) void loadEngine().then((loaded) => update((d) => loaded.applyFix(d, fix)));
    },
    [update],
  );

  const value = useMemo<WizardContextValue>(
    () => ({
      designId,
      design,
      engine,
      initialPreview,
      update,
      errors,
      fieldErrors: toFieldErrors(errors),
      furthestStep: furthestValidStep(errors),
      sample,
      setSample,
      findings,
      applyFinding,
      saveStatus,
      saveMessage,
      flush,
      resolveConflict,
    }),
    [designId, design, engine, initialPreview, update, errors, sample, setSample, findings, applyFinding, saveStatus, saveMessage, flush, resolveConflict],
  );
  return <WizardContext.Provider value={value}>{children}</WizardContext.Provider>;
}

