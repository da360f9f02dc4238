import type { Theme } from '@webnova/core/contracts';
import type { ITheme } from '@xterm/xterm';

// VS Code's integrated terminal colours for its Dark Modern and Light Modern themes, on the panel's background.
const dark: ITheme = {
  background: '#181818',
  foreground: '#cccccc',
  cursor: '#aeafad',
  cursorAccent: '#181818',
  selectionBackground: '#264f78',
  black: '#000000',
  red: '#cd3131',
  green: '#0dbc79',
  yellow: '#e5e510',
  blue: '#2472c8',
  magenta: '#bc3fbc',
  cyan: '#11a8cd',
  white: '#e5e5e5',
  brightBlack: '#666666',
  brightRed: '#f14c4c',
  brightGreen: '#23d18b',
  brightYellow: '#f5f543',
  brightBlue: '#3b8eea',
  brightMagenta: '#d670d6',
  brightCyan: '#29b8db',
  brightWhite: '#e5e5e5',
};

const light: ITheme = {
  background: '#f8f8f8',
  foreground: '#3b3b3b',
  cursor: '#005fb8',
  cursorAccent: '#f8f8f8',
  selectionBackground: '#add6ff',
  black: '#000000',
  red: '#cd3131',
  green: '#107c10',
  yellow: '#949800',
  blue: '#0451a5',
  magenta: '#bc05bc',
  cyan: '#0598bc',
  white: '#555555',
  brightBlack: '#666666',
  brightRed: '#cd3131',
  brightGreen: '#14ce14',
  brightYellow: '#b5ba00',
  brightBlue: '#0451a5',
  brightMagenta: '#bc05bc',
  brightCyan: '#0598bc',
  brightWhite: '#a5a5a5',
};

export function xtermTheme(theme: Theme): ITheme {
  return theme === 'light' ? light : dark;
}
