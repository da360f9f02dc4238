import type { CoreClient } from '../client';
import { useEditors } from '../editor/editors-store';
import { loadMonaco } from '../editor/monaco-loader';
import { useWorkspace } from '../workspace/workspace-store';
import { BLUEPRINT_FILE, useBlueprint } from './blueprint-store';

const SCHEMA_URI = 'inmemory://webnova/blueprint.schema.json';

let schemaRegistered = false;

/** Gives Monaco's JSON language the Blueprint's JSON Schema for every webnova.blueprint.json. */
async function registerBlueprintSchema(client: CoreClient): Promise<void> {
  if (schemaRegistered) return;
  schemaRegistered = true;
  try {
    const [{ schema }, monaco] = await Promise.all([client.call('blueprint.schema', {}), loadMonaco()]);
    monaco.json.jsonDefaults.setDiagnosticsOptions({
      validate: true,
      allowComments: false,
      schemaValidation: 'error',
      schemas: [{ uri: SCHEMA_URI, fileMatch: [BLUEPRINT_FILE, `file:///${BLUEPRINT_FILE}`], schema }],
    });
  } catch {
    schemaRegistered = false;
  }
}

/** Keeps the Blueprint view in step with the folder: its file, the preview, and the conflicts. */
export function wireBlueprint(client: CoreClient): () => void {
  const store = useBlueprint.getState;
  let refreshTimer: ReturnType<typeof setTimeout> | undefined;
  let conflictTimer: ReturnType<typeof setTimeout> | undefined;
  const later = (timer: typeof refreshTimer, run: () => void, ms: number) => {
    clearTimeout(timer);
    return setTimeout(run, ms);
  };

  const onWorkspace = (root: string | null) => {
    store().reset();
    if (root) void store().refresh();
  };
  let currentRoot = useWorkspace.getState().workspace?.root ?? null;
  onWorkspace(currentRoot);
  const stopWorkspace = useWorkspace.subscribe((state) => {
    const root = state.workspace?.root ?? null;
    if (root === currentRoot) return;
    currentRoot = root;
    onWorkspace(root);
  });

  // A change that lands while a generation runs is not dropped: the refresh waits for the run to end,
  // so an edit made just as it finished still shows in the preview.
  const scheduleRefresh = () => {
    refreshTimer = later(
      refreshTimer,
      () => (store().busy === 'generate' ? scheduleRefresh() : void store().refresh()),
      300,
    );
  };

  const stopFiles = client.on('fs.changed', ({ changes }) => {
    if (!currentRoot) return;
    // Any saved file can change the preview (an edit turns an update into a merge or a conflict).
    if (changes.some((change) => change.path === BLUEPRINT_FILE) || store().file?.valid) {
      scheduleRefresh();
    } else if (store().conflicts.length > 0) {
      conflictTimer = later(conflictTimer, () => void store().refreshConflicts(), 400);
    }
  });

  const watchTabs = () => {
    if (useEditors.getState().tabs.some((tab) => tab.path === BLUEPRINT_FILE)) void registerBlueprintSchema(client);
  };
  watchTabs();
  const stopTabs = useEditors.subscribe(watchTabs);

  return () => {
    clearTimeout(refreshTimer);
    clearTimeout(conflictTimer);
    stopWorkspace();
    stopFiles();
    stopTabs();
  };
}
