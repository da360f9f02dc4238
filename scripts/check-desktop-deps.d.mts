export interface Load {
  kind: 'import' | 'import()' | 'require' | 'require.resolve' | 'import.meta.resolve';
  /** null when the name is computed at run time. */
  specifier: string | null;
  offset: number;
}

export function packageName(specifier: string): string | null;
export function isBuiltin(specifier: string): boolean;
export function workspacePackageNames(root?: string): string[];

export function checkDesktopDependencies(options?: {
  /** The built app (apps/desktop/out): main/, preload/, renderer/. */
  outDir?: string;
  /** The desktop package.json's contents. */
  manifest?: { dependencies?: Record<string, string>; devDependencies?: Record<string, string> };
  workspacePackages?: string[];
  /** Where declared packages must be installed (looked up through node_modules folders upwards). */
  resolveFrom?: string;
}): Promise<{ problems: string[]; external: Map<string, Set<string>> }>;
