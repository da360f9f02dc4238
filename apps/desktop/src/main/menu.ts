import type { Core } from '@webnova/core';
import { app, BrowserWindow, dialog, Menu } from 'electron';
import { menuTemplate } from './policy/menu-template.js';

let openFolderSequence = 0;

/** File › Open Folder: the native picker, then `workspace.open` through the same door as the UI. */
async function openFolder(core: Core): Promise<void> {
  const window = BrowserWindow.getFocusedWindow() ?? BrowserWindow.getAllWindows()[0];
  const options: Electron.OpenDialogOptions = {
    title: 'Open Folder',
    properties: ['openDirectory', 'createDirectory'],
  };
  const picked = window ? await dialog.showOpenDialog(window, options) : await dialog.showOpenDialog(options);
  const root = picked.filePaths[0];
  if (picked.canceled || root === undefined) return;
  openFolderSequence += 1;
  const reply = await core.dispatch({
    type: 'call',
    id: `menu-open-folder-${openFolderSequence}`,
    method: 'workspace.open',
    params: { root },
  });
  if (reply.type === 'error') dialog.showErrorBox('Could not open the folder', reply.error.message);
}

export function installMenu(core: Core, isDev: boolean): void {
  const template = menuTemplate({
    appName: app.getName(),
    platform: process.platform,
    isDev,
    actions: {
      openFolder: () => void openFolder(core),
      about: () => app.showAboutPanel(),
    },
  });
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}
