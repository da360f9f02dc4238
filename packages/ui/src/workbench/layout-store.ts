import { create } from 'zustand';
import { createJSONStorage, persist, type StateStorage } from 'zustand/middleware';
import type { PanelTab, SideView } from '../features';

export type { PanelTab, SideView };

export type PaneSize = 'sideBarWidth' | 'panelHeight' | 'previewWidth';

export const paneLimits: Record<PaneSize, { min: number; max: number; initial: number }> = {
  sideBarWidth: { min: 170, max: 640, initial: 260 },
  panelHeight: { min: 90, max: 900, initial: 230 },
  previewWidth: { min: 240, max: 1200, initial: 420 },
};

/** Something the user asked to put the keyboard focus on; components react to a new `seq`. */
export interface FocusRequest {
  target: 'explorer' | 'search' | 'editor' | 'panel';
  seq: number;
}

interface LayoutState {
  sideBarVisible: boolean;
  sideView: SideView;
  panelVisible: boolean;
  panelTab: PanelTab;
  previewVisible: boolean;
  sideBarWidth: number;
  panelHeight: number;
  previewWidth: number;
  focusRequest: FocusRequest | null;
  /** The activity bar's click: show a view, or hide the side bar when it is already showing it. */
  toggleView(view: SideView): void;
  showView(view: SideView): void;
  toggleSideBar(): void;
  togglePanel(): void;
  showPanel(tab: PanelTab): void;
  hidePanel(): void;
  togglePreview(): void;
  resize(pane: PaneSize, px: number): void;
  requestFocus(target: FocusRequest['target']): void;
}

export function clampSize(pane: PaneSize, px: number): number {
  const { min, max } = paneLimits[pane];
  return Math.round(Math.min(max, Math.max(min, px)));
}

const memory = new Map<string, string>();
const memoryStorage: StateStorage = {
  getItem: (name) => memory.get(name) ?? null,
  setItem: (name, value) => void memory.set(name, value),
  removeItem: (name) => void memory.delete(name),
};

let focusSeq = 0;

/** Which parts of the workbench show and how big they are; remembered in localStorage. */
export const useLayout = create<LayoutState>()(
  persist(
    (set, get) => ({
      sideBarVisible: true,
      sideView: 'explorer',
      panelVisible: true,
      panelTab: 'output',
      previewVisible: false,
      sideBarWidth: paneLimits.sideBarWidth.initial,
      panelHeight: paneLimits.panelHeight.initial,
      previewWidth: paneLimits.previewWidth.initial,
      focusRequest: null,
      toggleView(view) {
        const { sideBarVisible, sideView } = get();
        if (sideBarVisible && sideView === view) set({ sideBarVisible: false });
        else set({ sideBarVisible: true, sideView: view });
      },
      showView: (view) => set({ sideBarVisible: true, sideView: view }),
      toggleSideBar: () => set((s) => ({ sideBarVisible: !s.sideBarVisible })),
      togglePanel: () => set((s) => ({ panelVisible: !s.panelVisible })),
      showPanel: (tab) => set({ panelVisible: true, panelTab: tab }),
      hidePanel: () => set({ panelVisible: false }),
      togglePreview: () => set((s) => ({ previewVisible: !s.previewVisible })),
      resize: (pane, px) => set({ [pane]: clampSize(pane, px) } as Pick<LayoutState, PaneSize>),
      requestFocus: (target) => set({ focusRequest: { target, seq: ++focusSeq } }),
    }),
    {
      name: 'webnova.layout',
      version: 1,
      storage: createJSONStorage(() => (typeof localStorage === 'undefined' ? memoryStorage : localStorage)),
      partialize: (s) => ({
        sideBarVisible: s.sideBarVisible,
        sideView: s.sideView,
        panelVisible: s.panelVisible,
        panelTab: s.panelTab,
        previewVisible: s.previewVisible,
        sideBarWidth: s.sideBarWidth,
        panelHeight: s.panelHeight,
        previewWidth: s.previewWidth,
      }),
    },
  ),
);
