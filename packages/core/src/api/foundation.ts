import { listFolders } from '../workspace/folders.js';
import { foundationContract } from './contract.js';
import { defineCoreFeature } from './feature.js';

/** What every window needs before any feature: the app, settings, the workspace, its files and search. */
export const foundationFeature = defineCoreFeature(foundationContract, (context) => {
  const { settings, bus, current, history } = context;
  return {
    handlers: {
      'app.info': async () => ({
        name: 'WebNova',
        version: context.version,
        host: context.host,
        platform: `${process.platform}-${process.arch}`,
        versions: Object.fromEntries(
          Object.entries(process.versions).filter((entry): entry is [string, string] => typeof entry[1] === 'string'),
        ),
      }),
      'settings.get': async () => settings.get(),
      'settings.update': async (patch) => {
        const next = await settings.update(patch);
        bus.emit('settings.changed', next);
        return next;
      },
      'system.listFolders': async ({ path }) => listFolders(path),
      'workspace.open': async ({ root }) => context.openWorkspace(root),
      'workspace.close': async () => {
        await context.closeWorkspace();
        bus.emit('workspace.changed', { workspace: null });
        return {};
      },
      'workspace.current': async () => {
        const workspace = context.workspace();
        return workspace ? { root: workspace.root, name: workspace.name } : null;
      },
      'workspace.recent': async () => history.recent(),
      'workspace.files': async ({ limit }) => current().files(limit),
      'workspace.session': async () => history.session(current().root),
      'workspace.saveSession': async (session) => {
        await history.saveSession(current().root, session);
        return {};
      },
      'fs.list': async ({ path }) => ({ entries: await current().list(path) }),
      'fs.stat': async ({ path }) => current().stat(path),
      'fs.read': async ({ path }) => current().read(path),
      'fs.write': async ({ path, content, expectedEtag }) => current().write(path, content, expectedEtag),
      'fs.create': async ({ path, kind }) => current().create(path, kind),
      'fs.rename': async ({ from, to }) => current().rename(from, to),
      'fs.delete': async ({ path }) => {
        await current().delete(path);
        return {};
      },
      'search.text': async (query) => current().search(query),
    },
  };
});
