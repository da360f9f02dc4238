import { CODE_PARAM, SESSION_PATH, TOKEN_PARAM } from '../shared/access-protocol';

const TOKEN_KEY = 'webnova.token';

/** Trades the one-time code of the file `--open` loaded for the token; null when the host refuses it. */
async function redeem(code: string): Promise<string | null> {
  try {
    const response = await fetch(SESSION_PATH, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code }),
      cache: 'no-store',
    });
    if (!response.ok) return null;
    const answer = (await response.json()) as { token?: unknown };
    return typeof answer.token === 'string' ? answer.token : null;
  } catch {
    return null;
  }
}

/**
 * The web host's token arrives once, in the fragment: `#token=…` from the printed link, or
 * `#code=…` from the file `--open` loads, exchanged here. Keep it for this tab so a reload still
 * connects, and take it out of the address bar and the history first.
 */
export async function takeWebToken(): Promise<string | null> {
  const url = new URL(window.location.href);
  const fragment = new URLSearchParams(url.hash.slice(1));
  const token = fragment.get(TOKEN_PARAM);
  const code = fragment.get(CODE_PARAM);
  if (token === null && code === null) return sessionStorage.getItem(TOKEN_KEY);
  url.hash = '';
  window.history.replaceState(window.history.state, '', url);
  const taken = token ?? (code ? await redeem(code) : null);
  if (taken) sessionStorage.setItem(TOKEN_KEY, taken);
  else sessionStorage.removeItem(TOKEN_KEY);
  return taken;
}

/** Asks the host whether it refuses this token (after a socket that never opened). */
export async function tokenRefused(token: string, origin = window.location.origin): Promise<boolean> {
  const response = await fetch(`${origin}${SESSION_PATH}`, {
    headers: { authorization: `Bearer ${token}` },
    cache: 'no-store',
  });
  return response.status === 401;
}
