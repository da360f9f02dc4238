/**
 * Where the renderer lives. In a build it is served by our own privileged `app://webnova/`
 * protocol; under `electron-vite dev` it comes from the loopback Vite server named by
 * ELECTRON_RENDERER_URL. Only pages from this origin may talk to core.
 */
export const appScheme = 'app';
export const appHost = 'webnova';
export const appEntryUrl = `${appScheme}://${appHost}/index.html`;

export interface RendererOrigin {
  /** The URL the main window loads. */
  readonly entryUrl: string;
  /** `scheme://host[:port]`, compared by {@link isRendererUrl}. */
  readonly origin: string;
}

function parse(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

const loopbackHosts = new Set(['localhost', '127.0.0.1', '[::1]']);

/** True for `http://localhost:PORT/…`, `http://127.0.0.1:PORT/…` and `http://[::1]:PORT/…` without credentials. */
export function isLoopbackHttpUrl(url: string): boolean {
  const parsed = parse(url);
  return (
    parsed !== null &&
    parsed.protocol === 'http:' &&
    loopbackHosts.has(parsed.hostname) &&
    parsed.port !== '' &&
    parsed.username === '' &&
    parsed.password === ''
  );
}

// WHATWG URL gives custom schemes an opaque origin ('null'), so compare scheme and host ourselves.
function originOf(parsed: URL): string {
  return `${parsed.protocol}//${parsed.host}`;
}

/**
 * The renderer origin for this launch. A dev server URL is honoured only when the app is not
 * packaged and the URL is a loopback http URL: a packaged app never loads its UI from elsewhere.
 */
export function rendererOrigin(options: { devServerUrl?: string | undefined; isPackaged: boolean }): RendererOrigin {
  const dev = options.devServerUrl;
  if (!options.isPackaged && dev && isLoopbackHttpUrl(dev)) {
    const parsed = new URL(dev);
    return { entryUrl: parsed.href, origin: originOf(parsed) };
  }
  return { entryUrl: appEntryUrl, origin: `${appScheme}://${appHost}` };
}

/** True when the URL belongs to the renderer's origin (same scheme, host and port). */
export function isRendererUrl(url: string, renderer: RendererOrigin): boolean {
  const parsed = parse(url);
  return parsed !== null && parsed.username === '' && parsed.password === '' && originOf(parsed) === renderer.origin;
}
