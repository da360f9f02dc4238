import type { Blueprint, MethodOutput } from '@webnova/core/contracts';
import { create } from 'zustand';
import { storeClient } from '../connection/store-client';
import { reportError } from '../notifications/report';

export const BLUEPRINT_FILE = 'webnova.blueprint.json';

export type BlueprintRead = MethodOutput<'blueprint.read'>;
export type GenerationReport = MethodOutput<'blueprint.plan'>;
export type GenerationConflict = MethodOutput<'blueprint.conflicts'>['conflicts'][number];
export type BlueprintSample = MethodOutput<'blueprint.samples'>['samples'][number];

interface BlueprintState {
  /** The Blueprint file as last read, null before the first read or without a folder. */
  file: BlueprintRead | null;
  loading: boolean;
  samples: BlueprintSample[];
  /** What generating now would do; null until computed or when the Blueprint is not valid. */
  preview: GenerationReport | null;
  /** The outcome of the last generation run from this window. */
  lastRun: GenerationReport | null;
  conflicts: GenerationConflict[];
  busy: 'create' | 'generate' | null;
  refresh(): Promise<void>;
  refreshConflicts(): Promise<void>;
  loadSamples(): Promise<void>;
  create(sample: string): Promise<void>;
  generate(): Promise<void>;
  reset(): void;
}

/** The valid Blueprint of a read, typed; the API sends it as unknown JSON. */
export function blueprintOf(file: BlueprintRead | null): Blueprint | null {
  return file?.valid ? (file.blueprint as Blueprint) : null;
}

let readSeq = 0;

/** How these stores reach core: handed the client when the workbench wires its features. */
export const blueprintClient = storeClient('Blueprint');

export const useBlueprint = create<BlueprintState>((set, get) => ({
  file: null,
  loading: false,
  samples: [],
  preview: null,
  lastRun: null,
  conflicts: [],
  busy: null,

  async refresh() {
    const seq = ++readSeq;
    set({ loading: true });
    try {
      const file = await blueprintClient().call('blueprint.read', {});
      if (seq !== readSeq) return;
      set({ file, loading: false });
      const [preview, conflicts] = await Promise.all([
        file.valid ? blueprintClient().call('blueprint.plan', {}) : Promise.resolve(null),
        blueprintClient().call('blueprint.conflicts', {}),
      ]);
      if (seq === readSeq) set({ preview, conflicts: conflicts.conflicts });
    } catch (error) {
      if (seq !== readSeq) return;
      set({ loading: false, preview: null });
      reportError('blueprint.actions.read', error);
    }
  },

  async refreshConflicts() {
    try {
      const { conflicts } = await blueprintClient().call('blueprint.conflicts', {});
      set({ conflicts });
    } catch {
      // A folder closing under us: the next refresh says what is there.
    }
  },

  async loadSamples() {
    if (get().samples.length > 0) return;
    try {
      const { samples } = await blueprintClient().call('blueprint.samples', {});
      set({ samples });
    } catch (error) {
      reportError('blueprint.actions.samples', error);
    }
  },

  async create(sample) {
    set({ busy: 'create' });
    try {
      await blueprintClient().call('blueprint.create', { sample });
    } catch (error) {
      reportError('blueprint.actions.create', error);
    } finally {
      set({ busy: null });
    }
    await get().refresh();
  },

  async generate() {
    set({ busy: 'generate' });
    try {
      const lastRun = await blueprintClient().call('blueprint.generate', {});
      set({ lastRun, conflicts: lastRun.conflicts });
      await get().refresh();
    } catch (error) {
      reportError('blueprint.actions.generate', error);
    } finally {
      set({ busy: null });
    }
  },

  reset() {
    readSeq += 1;
    set({ file: null, loading: false, preview: null, lastRun: null, conflicts: [], busy: null });
  },
}));
