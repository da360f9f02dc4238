import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it } from 'vitest';
import { menuTemplate } from '../../src/main/policy/menu-template.js';

function roles(items: MenuItemConstructorOptions[]): string[] {
  return items.flatMap((item) => [
    ...(item.role ? [item.role] : []),
    ...(Array.isArray(item.submenu) ? roles(item.submenu) : []),
  ]);
}

function labels(items: MenuItemConstructorOptions[]): string[] {
  return items.flatMap((item) => [
    ...(item.label ? [item.label] : []),
    ...(Array.isArray(item.submenu) ? labels(item.submenu) : []),
  ]);
}

describe('menuTemplate', () => {
  const calls: string[] = [];
  const actions = { openFolder: () => calls.push('open'), about: () => calls.push('about') };

  it('offers reload and developer tools only in development', () => {
    const dev = roles(menuTemplate({ appName: 'WebNova', platform: 'linux', isDev: true, actions }));
    const shipped = roles(menuTemplate({ appName: 'WebNova', platform: 'linux', isDev: false, actions }));
    expect(dev).toEqual(expect.arrayContaining(['reload', 'forceReload', 'toggleDevTools']));
    expect(shipped).not.toContain('toggleDevTools');
    expect(shipped).not.toContain('reload');
    expect(shipped).not.toContain('forceReload');
  });

  it('has Open Folder, the edit roles and About, wired to the actions', () => {
    const template = menuTemplate({ appName: 'WebNova', platform: 'win32', isDev: false, actions });
    expect(roles(template)).toEqual(
      expect.arrayContaining(['undo', 'redo', 'cut', 'copy', 'paste', 'selectAll', 'quit']),
    );
    const items = template.flatMap((item) => (Array.isArray(item.submenu) ? item.submenu : []));
    const open = items.find((item) => item.label === 'Open &Folder…');
    const about = items.find((item) => item.label === '&About WebNova');
    open?.click?.({} as never, undefined, {} as never);
    about?.click?.({} as never, undefined, {} as never);
    expect(calls).toEqual(['open', 'about']);
  });

  it('puts About and Quit in the application menu on macOS', () => {
    const template = menuTemplate({ appName: 'WebNova', platform: 'darwin', isDev: false, actions });
    expect(template[0]?.label).toBe('WebNova');
    expect(labels(template[0] ? [template[0]] : [])).toContain('About WebNova');
    expect(roles(template[0] ? [template[0]] : [])).toContain('quit');
    expect(roles(template)).toContain('windowMenu');
  });
});
