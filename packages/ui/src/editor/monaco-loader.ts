import type * as Monaco from 'monaco-editor';
import { defineMonacoThemes } from '../theme/monaco-themes';

export type MonacoApi = typeof Monaco;

let loading: Promise<MonacoApi> | null = null;

/** Loads Monaco on first use, after the shell has painted; later calls share the same promise. */
export function loadMonaco(): Promise<MonacoApi> {
  loading ??= (async () => {
    const [{ installMonacoWorkers }, monaco] = await Promise.all([import('./monaco-workers'), import('monaco-editor')]);
    installMonacoWorkers();
    defineMonacoThemes(monaco);
    // Without the project's other files and types, semantic errors would be noise: keep syntax checks only.
    for (const defaults of [monaco.typescript.typescriptDefaults, monaco.typescript.javascriptDefaults]) {
      defaults.setDiagnosticsOptions({ noSemanticValidation: true, noSyntaxValidation: false });
      defaults.setCompilerOptions({
        target: monaco.typescript.ScriptTarget.ESNext,
        module: monaco.typescript.ModuleKind.ESNext,
        jsx: monaco.typescript.JsxEmit.ReactJSX,
        allowJs: true,
        allowNonTsExtensions: true,
      });
    }
    return monaco;
  })();
  loading.catch(() => {
    loading = null;
  });
  return loading;
}
