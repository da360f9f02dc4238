import { execFile } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { isDeepStrictEqual, promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FileChange } from '../../src/contracts/index.js';
import type { StopWatching } from '../../src/workspace/watcher.js';
import { Workspace } from '../../src/workspace/workspace.js';
import { until } from '../support/until.js';
import { makeTempFolder } from './temp-folder.js';

const shell = (cwd: string, script: string) => promisify(execFile)('sh', ['-c', script], { cwd });

describe('Workspace.watch', () => {
  let folder: Awaited<ReturnType<typeof makeTempFolder>>;
  let workspace: Workspace;
  let stop: StopWatching | undefined;
  let batches: FileChange[][];

  /** Resolves once a change like `expected` has been reported to `into` (the test's timeout is the only deadline). */
  async function seen(expected: FileChange, into = () => batches): Promise<void> {
    await until(
      () =>
        into()
          .flat()
          .some((change) => isDeepStrictEqual(change, expected)),
      { show: into },
    );
  }

  beforeEach(async () => {
    folder = await makeTempFolder();
    await mkdir(join(folder.path, 'src'));
    await mkdir(join(folder.path, '.git', 'objects'), { recursive: true });
    await mkdir(join(folder.path, 'node_modules', 'lib'), { recursive: true });
    workspace = await Workspace.open(folder.path);
    batches = [];
    stop = workspace.watch((changes) => batches.push(changes));
    await stop.ready;
  });

  afterEach(async () => {
    await stop?.();
    await folder.remove();
  });

  it('reports files created, changed and deleted by another process, workspace-relative', async () => {
    await shell(folder.path, 'echo one > src/a.txt');
    await seen({ type: 'created', path: 'src/a.txt', kind: 'file' });
    await shell(folder.path, 'echo two >> src/a.txt');
    await seen({ type: 'changed', path: 'src/a.txt', kind: 'file' });
    await shell(folder.path, 'rm src/a.txt');
    await seen({ type: 'deleted', path: 'src/a.txt', kind: 'file' });
    await shell(folder.path, 'mkdir -p lib/deep && rmdir lib/deep');
    await seen({ type: 'created', path: 'lib', kind: 'directory' });
  });

  // How a burst becomes one callback is timing, tested with fake timers in watcher-batching.test.ts.
  it('reports a burst of changes and leaves out .git, node_modules and temp files', async () => {
    await shell(
      folder.path,
      'for i in 1 2 3 4 5 6 7 8 9 10; do echo $i > src/f$i.txt; done; echo x > .git/objects/o; echo y > node_modules/lib/i.js',
    );
    await seen({ type: 'created', path: 'src/f10.txt', kind: 'file' });
    await workspace.write('src/saved.txt', 'saved atomically');
    await seen({ type: 'created', path: 'src/saved.txt', kind: 'file' });
    const paths = batches.flat().map((change) => change.path);
    const created = batches.flat().filter((change) => change.type === 'created' && change.path.startsWith('src/f'));
    expect(new Set(created.map((change) => change.path)).size).toBe(10);
    expect(paths.some((path) => path.startsWith('.git') || path.startsWith('node_modules'))).toBe(false);
    expect(paths.some((path) => path.endsWith('.tmp'))).toBe(false);
  });

  it('reports nothing after stop', async () => {
    await stop?.();
    stop = undefined;
    // A second watcher, still running, sees the change: by then the stopped one would have too.
    const witness: FileChange[][] = [];
    const stopWitness = workspace.watch((changes) => witness.push(changes));
    await stopWitness.ready;
    try {
      await shell(folder.path, 'echo late > src/late.txt');
      await seen({ type: 'created', path: 'src/late.txt', kind: 'file' }, () => witness);
      expect(batches).toEqual([]);
    } finally {
      await stopWitness();
    }
  });
});
