import type { PreviewCommand } from '@webnova/core/contracts';
import { create } from 'zustand';
import { storeClient } from '../connection/store-client';
import { reportError } from '../notifications/report';

export const viewportPresets = {
  phone: { width: 390, height: 844 },
  tablet: { width: 820, height: 1180 },
  desktop: { width: 1440, height: 900 },
} as const;

/** `fill`: the page takes the pane's size; the others are fixed sizes in CSS pixels. */
export type ViewportChoice = 'fill' | keyof typeof viewportPresets | 'custom';
export type Zoom = 'fit' | 0.5 | 0.75 | 1 | 1.25;
export const zoomLevels: readonly Zoom[] = ['fit', 0.5, 0.75, 1, 1.25];

interface PreviewState {
  /** The dev server address the user sees in the URL bar. */
  url: string | null;
  /** The same page through core's preview proxy: what the frame loads. */
  frameUrl: string | null;
  /** Bumped to load `frameUrl` again from scratch. */
  frameKey: number;
  title: string;
  /** Whether the page runs a hot-reloading client; null until it said. Without one, saves reload it. */
  hmr: boolean | null;
  viewport: ViewportChoice;
  custom: { width: number; height: number };
  rotated: boolean;
  zoom: Zoom;
  inspecting: boolean;
  navigate(url: string): Promise<void>;
  show(url: string, frameUrl: string): void;
  pageReady(frameHref: string, title: string, hmr: boolean): void;
  setViewport(viewport: ViewportChoice): void;
  setCustom(size: Partial<{ width: number; height: number }>): void;
  rotate(): void;
  setZoom(zoom: Zoom): void;
  toggleInspect(): void;
  reload(): void;
  go(step: -1 | 1): void;
  clear(): void;
}

let frameWindow: Window | null = null;

/**
 * Under Electron the page is in a `<webview>`, a top-level page of its own: commands go through
 * the webview's API instead of `postMessage` (see `webview-preview.ts`).
 */
export interface PreviewCommandTarget {
  send(command: PreviewCommand): void;
}

let webviewTarget: PreviewCommandTarget | null = null;

/** The preview frame's window, set by the pane; the only window preview messages are taken from. */
export function setPreviewFrame(next: Window | null): void {
  frameWindow = next;
}

export function setPreviewWebview(next: PreviewCommandTarget | null): void {
  webviewTarget = next;
}

export function previewFrame(): Window | null {
  return frameWindow;
}

export function frameOrigin(): string | null {
  const frameUrl = usePreview.getState().frameUrl;
  return frameUrl ? new URL(frameUrl).origin : null;
}

/** Sends a command to the reporter script inside the page; false when there is no page to take it. */
function post(command: PreviewCommand): boolean {
  if (webviewTarget) {
    webviewTarget.send(command);
    return true;
  }
  const origin = frameOrigin();
  if (!frameWindow || !origin) return false;
  frameWindow.postMessage(command, origin);
  return true;
}

export const clampSize = (px: number) => Math.round(Math.min(4000, Math.max(120, Number.isFinite(px) ? px : 120)));

/** The frame's size in CSS pixels, or null when it fills the pane. */
export function frameSize(state: Pick<PreviewState, 'viewport' | 'custom' | 'rotated'>) {
  if (state.viewport === 'fill') return null;
  const size = state.viewport === 'custom' ? state.custom : viewportPresets[state.viewport];
  return state.rotated ? { width: size.height, height: size.width } : { width: size.width, height: size.height };
}

/** How these stores reach core: handed the client when the workbench wires its features. */
export const previewClient = storeClient('preview');

/** What the live preview shows and how: address, viewport, zoom, inspect mode. */
export const usePreview = create<PreviewState>((set, get) => ({
  url: null,
  frameUrl: null,
  frameKey: 0,
  title: '',
  hmr: null,
  viewport: 'fill',
  custom: { width: 600, height: 800 },
  rotated: false,
  zoom: 'fit',
  inspecting: false,
  async navigate(url) {
    try {
      const answer = await previewClient().call('tasks.preview', { url });
      get().show(answer.url, answer.previewUrl);
    } catch (error) {
      reportError('previewPane.actions.open', error, { url });
    }
  },
  show: (url, frameUrl) => set((s) => ({ url, frameUrl, frameKey: s.frameKey + 1, hmr: null, title: '' })),
  pageReady(frameHref, title, hmr) {
    const { url, frameUrl } = get();
    let shown = url;
    if (url && frameUrl) {
      // The URL bar shows the dev server's own address for the page the frame is on.
      const page = new URL(frameHref);
      const target = new URL(url);
      shown = `${target.origin}${page.pathname}${page.search}${page.hash}`;
    }
    set({ url: shown, title, hmr });
    // A page that loaded anew forgot inspect mode: tell it again.
    if (get().inspecting) post({ type: 'webnova:inspect', on: true });
  },
  setViewport: (viewport) => set({ viewport }),
  setCustom: (size) =>
    set((s) => ({
      viewport: 'custom',
      custom: {
        width: clampSize(size.width ?? s.custom.width),
        height: clampSize(size.height ?? s.custom.height),
      },
    })),
  rotate: () => set((s) => ({ rotated: !s.rotated })),
  setZoom: (zoom) => set({ zoom }),
  toggleInspect() {
    const on = !get().inspecting;
    set({ inspecting: on });
    post({ type: 'webnova:inspect', on });
  },
  reload() {
    if (!post({ type: 'webnova:reload' })) set((s) => ({ frameKey: s.frameKey + 1 }));
  },
  go: (step) => void post({ type: 'webnova:history', step }),
  clear: () => set({ url: null, frameUrl: null, title: '', hmr: null, inspecting: false }),
}));
