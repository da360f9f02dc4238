import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  minimumNode,
  nodeEnvironment,
  nodeSatisfies,
  pinnedNode,
  pinnedNodeDir,
  pinnedNodeVersion,
  repo,
} from '../../../../scripts/lib/setup.mjs';

/*
 * The Node the scripts run on (scripts/lib/setup.mjs): package.json's engines, the pinned Node 24
 * from the npm registry, and `npm run launch` / `npm test` running themselves again on it when the
 * machine's Node is older (Debian 12's is 20).
 */
describe('the project’s Node', () => {
  it('compares versions by number, not as text', () => {
    expect(nodeSatisfies('20.20.2', [22, 12])).toBe(false);
    expect(nodeSatisfies('22.9.0', [22, 12])).toBe(false);
    expect(nodeSatisfies('22.12.0', [22, 12])).toBe(true);
    expect(nodeSatisfies('23.0.1', [22, 12])).toBe(true);
    expect(nodeSatisfies('24.22.3', [22, 12])).toBe(true);
  });

  it('is 24 everywhere: engines accept the pinned Node, .nvmrc names its major, @types/node matches', () => {
    const pkg = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8'));
    expect(pkg.engines.node).toBe('>=22.12');
    expect(minimumNode()).toEqual([22, 12]);
    expect(nodeSatisfies(pinnedNodeVersion, minimumNode())).toBe(true);
    const major = pinnedNodeVersion.split('.')[0];
    expect(readFileSync(join(repo, '.nvmrc'), 'utf8').trim()).toBe(major);
    expect(pkg.devDependencies['@types/node']).toMatch(new RegExp(`^\\^${major}\\.`));
    expect(readFileSync(join(repo, '.npmrc'), 'utf8')).toMatch(/^engine-strict=true$/m);
  });

  it('comes from the npm registry with its headers, and its environment puts it first for node-gyp too', (context) => {
    // A unit test fetches nothing: the scripts fetched it if this machine needs it (.ci/run always does).
    if (!existsSync(pinnedNodeDir()) && nodeSatisfies(process.versions.node, minimumNode())) {
      context.skip(`Node ${pinnedNodeVersion} was never fetched here: this machine's Node is recent enough`);
      return;
    }
    const dir = pinnedNode({ log: () => undefined });
    expect(spawnSync(join(dir, 'bin', 'node'), ['--version'], { encoding: 'utf8' }).stdout.trim()).toBe(
      `v${pinnedNodeVersion}`,
    );
    expect(existsSync(join(dir, 'include', 'node', 'node_api.h'))).toBe(true);
    const env = nodeEnvironment(dir, { PATH: '/usr/bin' });
    expect(env.PATH?.split(delimiter)).toEqual([join(dir, 'bin'), '/usr/bin']);
    expect(env.npm_config_nodedir).toBe(dir);
  });

  it('makes a script started on an older Node run again on the pinned one, with its arguments and exit code', async (context) => {
    const old = ['/usr/bin/node', '/usr/local/bin/node'].find((node) => {
      const version = spawnSync(node, ['-p', 'process.versions.node'], { encoding: 'utf8' }).stdout?.trim();
      return version && !nodeSatisfies(version, minimumNode());
    });
    if (!old) {
      context.skip('no Node older than package.json’s engines on this machine to start the script with');
      return;
    }
    const dir = await mkdtemp(join(tmpdir(), 'webnova-node-'));
    try {
      const script = join(dir, 'script.mjs');
      const setup = pathToFileURL(join(repo, 'scripts', 'lib', 'setup.mjs')).href;
      await writeFile(
        script,
        `import { execSync } from 'node:child_process';
import { useSupportedNode } from '${setup}';
await useSupportedNode();
const npmNode = execSync('npm exec --offline -c "node --version"', { encoding: 'utf8' }).trim();
console.log(JSON.stringify({ node: process.version, npmNode, nodedir: process.env.npm_config_nodedir, args: process.argv.slice(2) }));
process.exit(3);
`,
      );
      const result = spawnSync(old, [script, 'a', '--b'], { encoding: 'utf8', cwd: repo });
      expect(result.status, result.stderr).toBe(3);
      expect(result.stdout).toContain(`running on Node ${pinnedNodeVersion} from the npm registry instead`);
      const report = JSON.parse(result.stdout.trim().split('\n').at(-1) ?? '{}');
      expect(report).toEqual({
        node: `v${pinnedNodeVersion}`,
        npmNode: `v${pinnedNodeVersion}`,
        nodedir: pinnedNode({ log: () => undefined }),
        args: ['a', '--b'],
      });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
