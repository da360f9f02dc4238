import { workbenchCommands } from '../commands/workbench-commands';
import { editorClient } from '../editor/editors-store';
import { filesClient } from '../palette/files-store';
import { settingsClient } from '../settings/settings-store';
import { workspaceClient } from '../workspace/workspace-store';
import { defineUiFeature } from './ui-feature';
import { wireShell } from './wiring';

/** The shell itself: the open folder, the editors, quick open, settings, the layout's commands, the keys. */
export const workbenchFeature = defineUiFeature({
  id: 'workbench',
  commands: workbenchCommands,
  clients: [workspaceClient, editorClient, filesClient, settingsClient],
  wire: wireShell,
});
