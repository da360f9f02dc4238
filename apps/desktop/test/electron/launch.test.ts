import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { chooseDataDir, folderFromArgv } from '../../src/main/policy/launch.js';

describe('folderFromArgv', () => {
  const cwd = '/home/ada';

  it('takes the first argument of a packaged app', () => {
    expect(folderFromArgv(['/opt/WebNova/webnova', 'projects/clinic'], { isPackaged: true, cwd })).toBe(
      resolve(cwd, 'projects/clinic'),
    );
    expect(folderFromArgv(['/opt/WebNova/webnova', '/srv/school'], { isPackaged: true, cwd })).toBe('/srv/school');
  });

  it('skips the app path of an unpackaged app and every switch', () => {
    const argv = ['/usr/bin/electron', '--inspect=0', '--remote-debugging-port=0', 'out/main/index.js', '/tmp/ws'];
    expect(folderFromArgv(argv, { isPackaged: false, cwd })).toBe('/tmp/ws');
    expect(folderFromArgv(['/opt/WebNova/webnova', '--no-sandbox', 'ws'], { isPackaged: true, cwd })).toBe(
      resolve(cwd, 'ws'),
    );
  });

  it('is null without a folder', () => {
    expect(folderFromArgv(['/usr/bin/electron', 'out/main/index.js'], { isPackaged: false, cwd })).toBeNull();
    expect(folderFromArgv(['/opt/WebNova/webnova'], { isPackaged: true, cwd })).toBeNull();
    expect(folderFromArgv([], { isPackaged: true, cwd })).toBeNull();
  });
});

describe('chooseDataDir', () => {
  it('prefers WEBNOVA_DATA_DIR, made absolute', () => {
    expect(chooseDataDir({ WEBNOVA_DATA_DIR: '/tmp/data' }, '/home/ada/.config/WebNova')).toBe('/tmp/data');
    expect(chooseDataDir({ WEBNOVA_DATA_DIR: 'rel' }, '/x')).toBe(resolve('rel'));
  });

  it('falls back to Electron’s userData', () => {
    expect(chooseDataDir({}, '/home/ada/.config/WebNova')).toBe('/home/ada/.config/WebNova');
    expect(chooseDataDir({ WEBNOVA_DATA_DIR: '' }, '/home/ada/.config/WebNova')).toBe('/home/ada/.config/WebNova');
  });
});
