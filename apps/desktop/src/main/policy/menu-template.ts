import type { MenuItemConstructorOptions } from 'electron';

export interface MenuActions {
  openFolder(): void;
  about(): void;
}

/**
 * The native menu. Reload and developer tools exist only in development builds: in a packaged
 * app they would let anyone poke at the renderer that holds the bridge to core.
 */
export function menuTemplate(options: {
  appName: string;
  platform: NodeJS.Platform;
  isDev: boolean;
  actions: MenuActions;
}): MenuItemConstructorOptions[] {
  const { appName, platform, isDev, actions } = options;
  const isMac = platform === 'darwin';
  const template: MenuItemConstructorOptions[] = [];
  if (isMac) {
    template.push({
      label: appName,
      submenu: [
        { label: `About ${appName}`, click: actions.about },
        { type: 'separator' },
        { role: 'services' },
        { type: 'separator' },
        { role: 'hide' },
        { role: 'hideOthers' },
        { role: 'unhide' },
        { type: 'separator' },
        { role: 'quit' },
      ],
    });
  }
  template.push({
    label: '&File',
    submenu: [
      { label: 'Open &Folder…', accelerator: 'CmdOrCtrl+O', click: actions.openFolder },
      { type: 'separator' },
      isMac ? { role: 'close' } : { role: 'quit' },
    ],
  });
  template.push({
    label: '&Edit',
    submenu: [
      { role: 'undo' },
      { role: 'redo' },
      { type: 'separator' },
      { role: 'cut' },
      { role: 'copy' },
      { role: 'paste' },
      { role: 'selectAll' },
    ],
  });
  const view: MenuItemConstructorOptions[] = [
    { role: 'resetZoom' },
    { role: 'zoomIn' },
    { role: 'zoomOut' },
    { type: 'separator' },
    { role: 'togglefullscreen' },
  ];
  if (isDev)
    view.unshift({ role: 'reload' }, { role: 'forceReload' }, { role: 'toggleDevTools' }, { type: 'separator' });
  template.push({ label: '&View', submenu: view });
  if (isMac) template.push({ role: 'windowMenu' });
  else template.push({ role: 'help', submenu: [{ label: `&About ${appName}`, click: actions.about }] });
  return template;
}
