import { afterEach, describe, expect, it } from 'vitest';
import { useCommands } from '../src/commands/command-registry';
import { uiFeatures } from '../src/features';
import { catalogues } from '../src/i18n/i18n';
import { usePalette } from '../src/palette/palette-store';
import { useOutput } from '../src/panels/output-store';
import { useLayout } from '../src/workbench/layout-store';

/** Every registered feature's commands: the shell's and each feature's own. */
const commands = uiFeatures.flatMap((feature) => feature.commands ?? []);

afterEach(() => {
  useCommands.setState(useCommands.getInitialState(), true);
});

describe('command registry', () => {
  it('registers and unregisters a set of commands', async () => {
    let runs = 0;
    const stop = useCommands.getState().register([{ id: 'test.count', run: () => void runs++ }]);
    await useCommands.getState().run('test.count');
    expect(runs).toBe(1);
    stop();
    await useCommands.getState().run('test.count');
    expect(runs).toBe(1);
  });

  it('does not run a disabled command', async () => {
    let runs = 0;
    useCommands.getState().register([{ id: 'test.off', enabled: () => false, run: () => void runs++ }]);
    await useCommands.getState().run('test.off');
    expect(runs).toBe(0);
  });

  it('reports a failing command in Output instead of throwing', async () => {
    useCommands.getState().register([
      {
        id: 'test.fail',
        run: () => {
          throw new Error('boom');
        },
      },
    ]);
    await expect(useCommands.getState().run('test.fail')).resolves.toBeUndefined();
    expect(useOutput.getState().lines.at(-1)?.text).toContain('boom');
  });

  it('has the workbench commands the product promises, each with a title in both languages', () => {
    const { en, ar } = catalogues;
    const title = (catalogue: unknown, id: string) =>
      id
        .split('.')
        .reduce<unknown>(
          (node, part) => (node as Record<string, unknown>)?.[part],
          (catalogue as { commands: unknown }).commands,
        );
    const ids = commands.map((command) => command.id);
    for (const id of [
      'workspace.openFolder',
      'workspace.closeFolder',
      'file.save',
      'file.saveAll',
      'editor.close',
      'explorer.newFile',
      'explorer.newFolder',
      'view.toggleSideBar',
      'view.togglePanel',
      'view.togglePreview',
      'view.focusExplorer',
      'view.focusSearch',
      'preferences.switchLanguage',
      'preferences.toggleTheme',
      'view.showOutput',
      'workbench.reloadWindow',
      'workbench.showCommands',
      'workbench.quickOpen',
    ]) {
      expect(ids).toContain(id);
    }
    for (const id of ids) {
      expect(typeof title(en, id), `en title of ${id}`).toBe('string');
      expect(typeof title(ar, id), `ar title of ${id}`).toBe('string');
    }
  });

  it('opens the palette in command mode and the layout commands change the layout', async () => {
    useCommands.getState().register(commands);
    await useCommands.getState().run('workbench.showCommands');
    expect(usePalette.getState()).toMatchObject({ open: true, query: '>' });
    const before = useLayout.getState().panelVisible;
    await useCommands.getState().run('view.togglePanel');
    expect(useLayout.getState().panelVisible).toBe(!before);
    await useCommands.getState().run('view.showOutput');
    expect(useLayout.getState()).toMatchObject({ panelVisible: true, panelTab: 'output' });
  });
});
