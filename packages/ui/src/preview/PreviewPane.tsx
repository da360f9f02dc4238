import {
  ArrowLeft,
  ArrowRight,
  ExternalLink,
  MonitorPlay,
  RotateCw,
  RotateCwSquare,
  SquareMousePointer,
  X,
} from 'lucide-react';
import { type FormEvent, useEffect, useLayoutEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useShallow } from 'zustand/react/shallow';
import { shortcutFor } from '../commands/shortcut';
import { EmptyState } from '../components/EmptyState';
import { IconButton } from '../components/IconButton';
import { ViewHeader } from '../components/ViewHeader';
import { useConnection } from '../connection/connection-store';
import { useLayout } from '../workbench/layout-store';
import {
  clampSize,
  frameSize,
  setPreviewFrame,
  setPreviewWebview,
  usePreview,
  type ViewportChoice,
  viewportPresets,
  type Zoom,
  zoomLevels,
} from './preview-store';
import { connectWebview, type WebviewElement, webviewCommands } from './webview-preview';
import './preview.css';

const viewportChoices: ViewportChoice[] = ['fill', 'phone', 'tablet', 'desktop', 'custom'];

function AddressBar() {
  const { t } = useTranslation();
  const url = usePreview((s) => s.url);
  const [draft, setDraft] = useState(url ?? '');
  useEffect(() => setDraft(url ?? ''), [url]);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const value = draft.trim();
    if (value) void usePreview.getState().navigate(/^https?:\/\//i.test(value) ? value : `http://${value}`);
  };
  return (
    <form className="preview-address" onSubmit={submit}>
      <input
        className="preview-url"
        type="text"
        dir="ltr"
        spellCheck={false}
        aria-label={t('previewPane.address')}
        placeholder="http://localhost:5173/"
        value={draft}
        onChange={(event) => setDraft(event.target.value)}
      />
    </form>
  );
}

function Toolbar() {
  const { t } = useTranslation();
  const state = usePreview(
    useShallow((s) => ({
      url: s.url,
      viewport: s.viewport,
      custom: s.custom,
      rotated: s.rotated,
      zoom: s.zoom,
      inspecting: s.inspecting,
      hasPage: s.frameUrl !== null,
    })),
  );
  const preview = usePreview.getState();
  const size = frameSize(state);
  return (
    <div className="preview-toolbar">
      <div className="preview-row">
        <IconButton
          icon={ArrowLeft}
          className="flip-rtl"
          label={t('previewPane.back')}
          disabled={!state.hasPage}
          onClick={() => preview.go(-1)}
        />
        <IconButton
          icon={ArrowRight}
          className="flip-rtl"
          label={t('previewPane.forward')}
          disabled={!state.hasPage}
          onClick={() => preview.go(1)}
        />
        <IconButton
          icon={RotateCw}
          label={t('previewPane.reload')}
          disabled={!state.hasPage}
          onClick={() => preview.reload()}
        />
        <AddressBar />
        <IconButton
          icon={SquareMousePointer}
          className="toggle-button"
          label={t('previewPane.inspect')}
          pressed={state.inspecting}
          disabled={!state.hasPage}
          onClick={() => preview.toggleInspect()}
        />
        <IconButton
          icon={ExternalLink}
          label={t('previewPane.openInBrowser')}
          disabled={!state.url}
          onClick={() => state.url && window.open(state.url, '_blank', 'noopener,noreferrer')}
        />
      </div>
      <div className="preview-row">
        <select
          className="preview-select"
          aria-label={t('previewPane.viewport')}
          value={state.viewport}
          onChange={(event) => preview.setViewport(event.target.value as ViewportChoice)}
        >
          {viewportChoices.map((choice) => (
            <option key={choice} value={choice}>
              {choice in viewportPresets
                ? t(`previewPane.viewports.${choice}`, viewportPresets[choice as keyof typeof viewportPresets])
                : t(`previewPane.viewports.${choice}`)}
            </option>
          ))}
        </select>
        {state.viewport === 'custom' ? (
          <span className="preview-size" dir="ltr">
            <input
              type="number"
              min={120}
              max={4000}
              aria-label={t('previewPane.width')}
              value={state.custom.width}
              onChange={(event) => preview.setCustom({ width: clampSize(Number(event.target.value)) })}
            />
            ×
            <input
              type="number"
              min={120}
              max={4000}
              aria-label={t('previewPane.height')}
              value={state.custom.height}
              onChange={(event) => preview.setCustom({ height: clampSize(Number(event.target.value)) })}
            />
          </span>
        ) : size ? (
          <span className="preview-size-text" dir="ltr">
            {size.width} × {size.height}
          </span>
        ) : null}
        <IconButton
          icon={RotateCwSquare}
          className="toggle-button"
          label={t('previewPane.rotate')}
          pressed={state.rotated}
          disabled={state.viewport === 'fill'}
          onClick={() => preview.rotate()}
        />
        <select
          className="preview-select"
          aria-label={t('previewPane.zoom')}
          value={String(state.zoom)}
          onChange={(event) => {
            const value = event.target.value;
            preview.setZoom(value === 'fit' ? 'fit' : (Number(value) as Zoom));
          }}
        >
          {zoomLevels.map((zoom) => (
            <option key={String(zoom)} value={String(zoom)}>
              {zoom === 'fit' ? t('previewPane.zoomFit') : `${Math.round(zoom * 100)}%`}
            </option>
          ))}
        </select>
      </div>
    </div>
  );
}

/**
 * Under Electron: a `<webview>`, a page of its own with its own history. It is made by hand so
 * that `src` is set before it attaches (the main process refuses a webview without a preview URL)
 * and made anew for each page, as the iframe is.
 */
function PreviewWebview({
  src,
  title,
  className,
  size,
  scale,
}: {
  src: string;
  title: string;
  className: string;
  size: { width: number; height: number } | null;
  scale: number;
}) {
  const holder = useRef<HTMLDivElement>(null);
  const element = useRef<HTMLElement | null>(null);
  useEffect(() => {
    const container = holder.current;
    if (!container) return;
    const webview = document.createElement('webview');
    webview.setAttribute('src', src);
    container.appendChild(webview);
    element.current = webview;
    const guest = webview as unknown as WebviewElement;
    const disconnect = connectWebview(guest);
    setPreviewWebview(webviewCommands(guest));
    return () => {
      disconnect();
      setPreviewWebview(null);
      webview.remove();
      element.current = null;
    };
  }, [src]);
  useLayoutEffect(() => {
    const webview = element.current;
    if (!webview) return;
    webview.className = `${className} is-webview`;
    webview.title = title;
    webview.style.width = size ? `${size.width}px` : '';
    webview.style.height = size ? `${size.height}px` : '';
    webview.style.transform = size ? `scale(${scale})` : '';
  });
  return <div ref={holder} className="preview-webview-holder" />;
}

/** The page itself, at the chosen size, scaled to the zoom (or to fit the pane). */
function Stage() {
  const { t } = useTranslation();
  const electron = useConnection((s) => s.host === 'electron');
  const page = usePreview(
    useShallow((s) => ({
      frameUrl: s.frameUrl,
      frameKey: s.frameKey,
      url: s.url,
      viewport: s.viewport,
      custom: s.custom,
      rotated: s.rotated,
      zoom: s.zoom,
      inspecting: s.inspecting,
    })),
  );
  const stage = useRef<HTMLDivElement>(null);
  const [room, setRoom] = useState({ width: 0, height: 0 });
  useLayoutEffect(() => {
    const element = stage.current;
    if (!element) return;
    const observer = new ResizeObserver(() => setRoom({ width: element.clientWidth, height: element.clientHeight }));
    observer.observe(element);
    return () => observer.disconnect();
  }, []);
  useEffect(() => () => setPreviewFrame(null), []);

  const size = frameSize(page);
  const gap = 16;
  const scale = !size
    ? 1
    : page.zoom === 'fit'
      ? Math.min(1, (room.width - gap) / size.width, (room.height - gap) / size.height) || 1
      : page.zoom;
  const frameStyle = size ? { width: size.width, height: size.height, transform: `scale(${scale})` } : undefined;
  const frameClass = `preview-frame${page.inspecting ? ' is-inspecting' : ''}`;
  const title = t('previewPane.frameTitle', { url: page.url ?? '' });
  // Both load the page through core's loopback proxy: Electron in a <webview>, the web host in an
  // iframe (which the renderer's CSP allows for loopback addresses).
  return (
    <div ref={stage} className={`preview-stage${size ? '' : ' is-fill'}`} dir="ltr">
      {page.frameUrl ? (
        <div
          className="preview-device"
          style={size ? { width: size.width * scale, height: size.height * scale } : undefined}
        >
          {electron ? (
            <PreviewWebview
              key={page.frameKey}
              src={page.frameUrl}
              title={title}
              className={frameClass}
              size={size}
              scale={scale}
            />
          ) : (
            <iframe
              key={page.frameKey}
              ref={(element) => setPreviewFrame(element?.contentWindow ?? null)}
              onLoad={(event) => setPreviewFrame(event.currentTarget.contentWindow)}
              className={frameClass}
              title={title}
              src={page.frameUrl}
              sandbox="allow-scripts allow-same-origin allow-forms allow-popups allow-modals allow-downloads"
              style={frameStyle}
            />
          )}
        </div>
      ) : (
        <EmptyState icon={MonitorPlay} text={t('preview.empty')}>
          <p className="empty-state-text">{t('previewPane.hint')}</p>
        </EmptyState>
      )}
    </div>
  );
}

/** The live preview: the running app at phone, tablet or desktop size, with inspect mode. */
export function PreviewPane({ width }: { width: number }) {
  const { t } = useTranslation();
  const toggle = useLayout((s) => s.togglePreview);
  return (
    <aside className="preview-pane" style={{ width }} aria-label={t('preview.title')}>
      <ViewHeader title={t('preview.title')}>
        <IconButton icon={X} label={t('preview.close')} shortcut={shortcutFor('view.togglePreview')} onClick={toggle} />
      </ViewHeader>
      <Toolbar />
      <Stage />
    </aside>
  );
}
