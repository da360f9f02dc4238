import { defineCoreFeature } from '../../api/feature.js';
import { CoreError } from '../../contracts/index.js';
import { packageCacheDir } from '../package-cache/npm-install.js';
import { tasksContract } from './contract.js';
import { PreviewProxies } from './preview-proxy.js';
import { TaskRunner } from './task-runner.js';
import { userToolchain } from './toolchain.js';

/** The project's tasks (package.json scripts and install) and the preview proxies of their dev servers. */
export const tasksFeature = defineCoreFeature(tasksContract, (context) => {
  const previews = new PreviewProxies();
  let runner: TaskRunner | null = null;

  const current = (): TaskRunner => {
    context.current();
    if (!runner) throw new CoreError('NO_WORKSPACE', { code: 'ERROR_NO_FOLDER_OPEN' });
    return runner;
  };

  return {
    handlers: {
      'tasks.list': async () => ({ tasks: await current().list(), toolchain: await userToolchain() }),
      'tasks.start': async ({ name }) => current().start(name),
      'tasks.stop': async ({ name }) => current().stop(name),
      'tasks.restart': async ({ name }) => current().restart(name),
      'tasks.output': async ({ name }) => current().output(name),
      'tasks.preview': async ({ url }) => {
        const normal = new URL(url);
        if (normal.hostname === '0.0.0.0') normal.hostname = 'localhost';
        return { url: normal.href, previewUrl: await previews.previewUrl(normal.href) };
      },
    },
    async workspaceChanged(workspace) {
      const previous = runner;
      runner = null;
      await previous?.close();
      if (!workspace) return;
      runner = new TaskRunner({
        root: workspace.root,
        cacheDir: packageCacheDir(context.dataDir),
        previews,
        events: {
          changed: (task) => context.bus.emit('tasks.changed', { task }),
          output: (name, chunk, seq) => context.bus.emit('tasks.output', { name, chunk, seq }),
          url: (name, url, previewUrl) => {
            context.log('info', 'Dev server found', { task: name, url });
            context.bus.emit('tasks.url', { name, url, previewUrl });
          },
        },
      });
    },
    async close() {
      await runner?.close();
      runner = null;
      await previews.closeAll();
    },
  };
});
