import type { Core } from '@webnova/core';
import { BrowserWindow, type IpcMainInvokeEvent, ipcMain } from 'electron';
import { serveCoreOverIpc } from './core-ipc.js';
import type { RendererOrigin } from './policy/app-origin.js';
import type { SenderFrame } from './policy/ipc-sender.js';

function senderOf(event: IpcMainInvokeEvent): SenderFrame {
  const frame = event.senderFrame;
  const live = frame !== null && !frame.isDestroyed();
  return {
    url: live ? frame.url : null,
    isMainFrame: live && frame.parent === null,
    isOurWindow: BrowserWindow.fromWebContents(event.sender) !== null,
  };
}

function broadcast(channel: string, payload: unknown): void {
  for (const window of BrowserWindow.getAllWindows()) {
    if (!window.isDestroyed()) window.webContents.send(channel, payload);
  }
}

/** Core over Electron's ipcMain, to every BrowserWindow. */
export function serveCoreOverElectronIpc(core: Core, renderer: RendererOrigin): () => void {
  return serveCoreOverIpc<IpcMainInvokeEvent>(core, { ipc: ipcMain, renderer, senderOf, broadcast });
}
