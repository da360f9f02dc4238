import type { Theme } from '@webnova/core/contracts';
import type * as Monaco from 'monaco-editor';

/** Monaco's themes, matched to the workbench palette in tokens.css. */
export function defineMonacoThemes(monaco: typeof Monaco): void {
  monaco.editor.defineTheme('webnova-dark', {
    base: 'vs-dark',
    inherit: true,
    rules: [],
    colors: {
      'editor.background': '#1f1f1f',
      'editor.foreground': '#cccccc',
      'editorLineNumber.foreground': '#6e7681',
      'editorLineNumber.activeForeground': '#cccccc',
      'editor.lineHighlightBackground': '#ffffff0a',
      'editor.lineHighlightBorder': '#00000000',
      'editorCursor.foreground': '#aeafad',
      'editor.selectionBackground': '#264f78',
      'editorIndentGuide.background1': '#404040',
      'editorIndentGuide.activeBackground1': '#707070',
      'editorWidget.background': '#202020',
      'editorWidget.border': '#313131',
      'editorGutter.background': '#1f1f1f',
      'scrollbarSlider.background': '#79797933',
      'scrollbarSlider.hoverBackground': '#64646466',
      'minimap.background': '#1f1f1f',
      focusBorder: '#0078d4',
    },
  });
  monaco.editor.defineTheme('webnova-light', {
    base: 'vs',
    inherit: true,
    rules: [],
    colors: {
      'editor.background': '#ffffff',
      'editor.foreground': '#3b3b3b',
      'editorLineNumber.foreground': '#6e7681',
      'editorLineNumber.activeForeground': '#171184',
      'editor.lineHighlightBackground': '#0000000a',
      'editor.lineHighlightBorder': '#00000000',
      'editor.selectionBackground': '#add6ff',
      'editorIndentGuide.background1': '#d3d3d3',
      'editorIndentGuide.activeBackground1': '#939393',
      'editorWidget.background': '#f8f8f8',
      'editorWidget.border': '#e5e5e5',
      'editorGutter.background': '#ffffff',
      focusBorder: '#005fb8',
    },
  });
}

export function monacoThemeFor(theme: Theme): string {
  return theme === 'dark' ? 'webnova-dark' : 'webnova-light';
}
