import type { MethodOutput } from '@webnova/core/contracts';
import { create } from 'zustand';
import { t } from '../i18n/i18n';
import { useNotifications } from '../notifications/notifications-store';
import { reportError } from '../notifications/report';
import { useLayout } from '../workbench/layout-store';
import { syncClient } from './sync-store';

export type BlueprintConflict = MethodOutput<'sync.blueprintConflicts'>['conflicts'][number];
export type BlueprintComparison = MethodOutput<'sync.compareBlueprint'>;

interface BlueprintConflictsState {
  conflicts: BlueprintConflict[];
  /** The conflict whose three versions the compare dialog shows. */
  comparing: (BlueprintComparison & { id: string }) | null;
  /** The conflict a Rebase or Compare is being asked for. */
  busy: string | null;
  load(): Promise<void>;
  rebase(id: string): Promise<void>;
  compare(id: string): Promise<void>;
  closeCompare(): void;
}

const open = (conflicts: readonly BlueprintConflict[]) => conflicts.filter((conflict) => conflict.rebasedAs === null);

/**
 * This device's Blueprint changes the server refused because another device changed the Blueprint
 * first: listed in the Sync view with Rebase and Compare, and announced once when a new one appears.
 */
export const useBlueprintConflicts = create<BlueprintConflictsState>((set, get) => ({
  conflicts: [],
  comparing: null,
  busy: null,
  async load() {
    try {
      const { conflicts } = await syncClient().call('sync.blueprintConflicts', {});
      const known = new Set(get().conflicts.map((conflict) => conflict.id));
      set({ conflicts });
      if (open(conflicts).some((conflict) => !known.has(conflict.id)))
        useNotifications.getState().notify(
          'warning',
          () => t('sync.blueprint.noticeTitle'),
          () => t('sync.blueprint.noticeText'),
        );
    } catch (error) {
      reportError('sync.blueprint.actions.load', error);
    }
  },
  async rebase(id) {
    set({ busy: id });
    try {
      const outcome = await syncClient().call('sync.rebaseBlueprint', { id });
      await get().load();
      // The rebased change waits for a decision like any patch: the Inbox is where it is made.
      if (outcome.outcome === 'pending') useLayout.getState().showView('inbox');
    } catch (error) {
      reportError('sync.blueprint.actions.rebase', error);
    } finally {
      set({ busy: null });
    }
  },
  async compare(id) {
    set({ busy: id });
    try {
      set({ comparing: { id, ...(await syncClient().call('sync.compareBlueprint', { id })) } });
    } catch (error) {
      reportError('sync.blueprint.actions.compare', error);
    } finally {
      set({ busy: null });
    }
  },
  closeCompare: () => set({ comparing: null }),
}));
