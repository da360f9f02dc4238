import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { setLocale } from '../src/i18n/i18n';
import { useSettings } from '../src/settings/settings-store';
import { startTestCore, type TestCore } from './support/in-process-core';

let env: TestCore;

beforeAll(async () => {
  env = await startTestCore();
  env.client.on('settings.changed', (settings) => useSettings.getState().changedElsewhere(settings));
  await useSettings.getState().load();
});

afterAll(async () => {
  setLocale('en');
  await env.close();
});

describe('settings in the UI', () => {
  it('two clicks a moment apart: neither is lost, and the screen never goes back to an earlier state', async () => {
    const seen: Array<[string, string]> = [];
    const stop = useSettings.subscribe(({ settings }) => seen.push([settings.locale, settings.theme]));
    try {
      await Promise.all([
        useSettings.getState().update({ locale: 'ar' }),
        useSettings.getState().update({ theme: 'light' }),
      ]);
    } finally {
      stop();
    }
    expect(useSettings.getState().settings).toMatchObject({ locale: 'ar', theme: 'light' });
    expect((await env.client.call('settings.get', {})).theme).toBe('light');
    // Once both clicks showed, nothing older came back: no ['ar', 'dark'] after ['ar', 'light'].
    const shown = seen.findIndex(([locale, theme]) => locale === 'ar' && theme === 'light');
    expect(shown).toBeGreaterThanOrEqual(0);
    expect(seen.slice(shown).every(([locale, theme]) => locale === 'ar' && theme === 'light')).toBe(true);
  });

  it('follows a change made in another window when none of its own is on the way', async () => {
    await env.core.dispatch({ type: 'call', id: 'other', method: 'settings.update', params: { theme: 'dark' } });
    await expect.poll(() => useSettings.getState().settings.theme).toBe('dark');
  });
});

/** An answer core gives only when the test says so. */
function lateAnswer() {
  let answer: (value: unknown) => void = () => {};
  const late = new Promise((resolve) => {
    answer = resolve;
  });
  return { late, answer: (value: unknown) => answer(value) };
}

describe('settings read from a busy core', () => {
  it('paints at once and applies the settings when they come, however late', async () => {
    vi.useFakeTimers();
    const real = env.client.call.bind(env.client);
    const { late, answer } = lateAnswer();
    const call = vi
      .spyOn(env.client, 'call')
      .mockImplementation(((method: string, input: unknown) =>
        method === 'settings.get' ? late : real(method as never, input as never)) as never);
    try {
      useSettings.getState().apply({ ...useSettings.getState().settings, locale: 'en', theme: 'dark' });
      const loading = useSettings.getState().load();
      await vi.advanceTimersByTimeAsync(60_000);
      await loading;
      expect(useSettings.getState().settings).toMatchObject({ locale: 'en', theme: 'dark' });
      answer({ ...useSettings.getState().settings, locale: 'ar', theme: 'light' });
      await vi.advanceTimersByTimeAsync(0);
      expect(useSettings.getState().settings).toMatchObject({ locale: 'ar', theme: 'light' });
    } finally {
      call.mockRestore();
      vi.useRealTimers();
    }
  });

  it('paints in the language and theme last used here while core is busy; core has the last word', async () => {
    vi.useFakeTimers();
    const stored = new Map<string, string>();
    vi.stubGlobal('localStorage', {
      getItem: (key: string) => stored.get(key) ?? null,
      setItem: (key: string, value: string) => stored.set(key, value),
    });
    useSettings.getState().apply({ ...useSettings.getState().settings, locale: 'ar', theme: 'light' });
    useSettings.getState().apply({ ...useSettings.getState().settings, locale: 'en', theme: 'dark' });
    stored.set('webnova.locale', 'ar');
    stored.set('webnova.theme', 'light');
    const { late, answer } = lateAnswer();
    const call = vi.spyOn(env.client, 'call').mockImplementation((() => late) as never);
    try {
      const loading = useSettings.getState().load();
      await vi.advanceTimersByTimeAsync(60_000);
      await loading;
      expect(useSettings.getState().settings).toMatchObject({ locale: 'ar', theme: 'light' });
      answer({ ...useSettings.getState().settings, locale: 'en', theme: 'light' });
      await vi.advanceTimersByTimeAsync(0);
      expect(useSettings.getState().settings).toMatchObject({ locale: 'en', theme: 'light' });
      expect(stored.get('webnova.locale')).toBe('en');
    } finally {
      call.mockRestore();
      vi.unstubAllGlobals();
      vi.useRealTimers();
    }
  });
});
