import { describe, expect, it } from 'vitest';
import { decisionEnvironment, STARTUP_PATH, userEnvironment } from '../../src/runtime/child-environment.js';
import { shellEnvironment } from '../../src/runtime/terminal/shell.js';

const host = {
  PATH: '/home/me/bin:/usr/bin',
  HOME: '/home/me',
  LANG: 'ar_SA.UTF-8',
  TERM: 'xterm',
  GITHUB_TOKEN: 'the-users-own',
  ANTHROPIC_API_KEY: 'sk-ant-webnova-held',
  ANTHROPIC_BASE_URL: 'https://proxy.example.org',
  CLAUDE_CODE_KEY: 'x',
  WEBNOVA_SECRET_KEY: 'server-key',
  WEBNOVA_DATA_DIR: '/home/me/.config/WebNova',
  npm_config_cache: '/tmp/npm',
  INIT_CWD: '/home/me',
  ELECTRON_RUN_AS_NODE: '1',
  LD_PRELOAD: '/tmp/evil.so',
  GIT_DIR: '/tmp/elsewhere',
  NODE_OPTIONS: '--require /tmp/evil.js',
};

describe('the environments WebNova gives its children', () => {
  it("gives the user's own processes their environment, without WebNova's own secrets and the launcher's variables", () => {
    const env = userEnvironment(host);
    expect(env).toMatchObject({
      PATH: host.PATH,
      HOME: host.HOME,
      GITHUB_TOKEN: 'the-users-own',
      GIT_DIR: '/tmp/elsewhere',
    });
    for (const name of [
      'ANTHROPIC_API_KEY',
      'ANTHROPIC_BASE_URL',
      'CLAUDE_CODE_KEY',
      'WEBNOVA_SECRET_KEY',
      'WEBNOVA_DATA_DIR',
      'npm_config_cache',
      'INIT_CWD',
      'ELECTRON_RUN_AS_NODE',
    ]) {
      expect(env, name).not.toHaveProperty(name);
    }
    expect(shellEnvironment(host)).not.toHaveProperty('ANTHROPIC_API_KEY');
    expect(shellEnvironment(host).TERM).toBe('xterm-256color');
  });

  it('gives a decided command four variables and nothing else, the PATH being the one WebNova started with', () => {
    expect(decisionEnvironment(host)).toEqual({
      PATH: STARTUP_PATH,
      HOME: '/home/me',
      LANG: 'ar_SA.UTF-8',
      TERM: 'xterm',
    });
    expect(decisionEnvironment({})).toEqual({ PATH: STARTUP_PATH, LANG: 'C.UTF-8', TERM: 'dumb' });
  });
});
