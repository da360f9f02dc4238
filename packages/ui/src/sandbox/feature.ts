import type { Command } from '../commands/command-registry';
import { useEditors } from '../editor/editors-store';
import { defineUiFeature } from '../workbench/ui-feature';
import { RunInSandboxButton } from './RunInSandboxButton';
import { SandboxLog } from './SandboxLog';
import { canRunInSandbox, SANDBOX_CHANNEL, sandboxClient, showSandboxChannel, useSandbox } from './sandbox-store';
import './sandbox.css';
import ar from './strings.ar.json';
import en from './strings.en.json';
import { wireSandbox } from './wire';

/** The active file, when it is a file (not a diff). */
function activeFile(): string | null {
  const { tabs, active } = useEditors.getState();
  const tab = tabs.find((one) => one.path === active);
  return tab && !tab.diff ? tab.path : null;
}

const commands: Command[] = [
  {
    id: 'sandbox.runFile',
    enabled: () => canRunInSandbox(activeFile(), useSandbox.getState().status),
    run: async () => {
      const path = activeFile();
      if (path) await useSandbox.getState().runFile(path);
    },
  },
  {
    id: 'sandbox.stopRun',
    enabled: () => useSandbox.getState().runs.some((run) => run.end === null && run.kind === 'file'),
    run: async () => {
      const running = useSandbox.getState().runs.filter((run) => run.end === null && run.kind === 'file');
      for (const run of running) await useSandbox.getState().cancel(run.runId);
    },
  },
  { id: 'sandbox.showOutput', run: showSandboxChannel },
];

/** Run File in Sandbox: the palette command, the editor title's button, and the Output channel of runs. */
export const sandboxFeature = defineUiFeature({
  id: 'sandbox',
  commands,
  editorTitleActions: [RunInSandboxButton],
  outputChannels: [
    {
      id: SANDBOX_CHANNEL,
      titleKey: 'sandbox.channel',
      component: SandboxLog,
      // Always there: before any run it says what this machine can run and how to add the rest.
      useListed: () => true,
      clear: () => useSandbox.getState().clear(),
    },
  ],
  strings: { en, ar },
  clients: [sandboxClient],
  wire: wireSandbox,
});
