import {
  Braces,
  File,
  FileCode,
  FileImage,
  FileJson,
  FileText,
  Folder,
  FolderOpen,
  type LucideIcon,
  Settings,
} from 'lucide-react';
import { baseName } from '../workspace/paths';

interface IconKind {
  icon: LucideIcon;
  /** A colour family from the theme: icon-blue, icon-yellow… */
  tone: string;
}

const byExtension: Record<string, IconKind> = {
  ts: { icon: FileCode, tone: 'blue' },
  tsx: { icon: FileCode, tone: 'blue' },
  mts: { icon: FileCode, tone: 'blue' },
  cts: { icon: FileCode, tone: 'blue' },
  js: { icon: FileCode, tone: 'yellow' },
  jsx: { icon: FileCode, tone: 'yellow' },
  mjs: { icon: FileCode, tone: 'yellow' },
  cjs: { icon: FileCode, tone: 'yellow' },
  json: { icon: FileJson, tone: 'yellow' },
  css: { icon: Braces, tone: 'purple' },
  scss: { icon: Braces, tone: 'pink' },
  html: { icon: FileCode, tone: 'orange' },
  md: { icon: FileText, tone: 'teal' },
  txt: { icon: FileText, tone: 'muted' },
  png: { icon: FileImage, tone: 'green' },
  jpg: { icon: FileImage, tone: 'green' },
  jpeg: { icon: FileImage, tone: 'green' },
  gif: { icon: FileImage, tone: 'green' },
  svg: { icon: FileImage, tone: 'orange' },
  webp: { icon: FileImage, tone: 'green' },
  ico: { icon: FileImage, tone: 'green' },
  yml: { icon: Settings, tone: 'purple' },
  yaml: { icon: Settings, tone: 'purple' },
  toml: { icon: Settings, tone: 'muted' },
  py: { icon: FileCode, tone: 'blue' },
  go: { icon: FileCode, tone: 'teal' },
  rs: { icon: FileCode, tone: 'orange' },
  sh: { icon: FileCode, tone: 'green' },
  sql: { icon: FileCode, tone: 'pink' },
};

const configNames = /^(\.|package-lock\.json$|tsconfig.*\.json$|biome\.json$)/;

function kindOf(name: string): IconKind {
  const dot = name.lastIndexOf('.');
  const found = dot > 0 ? byExtension[name.slice(dot + 1).toLowerCase()] : undefined;
  if (found) return found;
  if (configNames.test(name)) return { icon: Settings, tone: 'muted' };
  return { icon: File, tone: 'muted' };
}

/** A small coloured icon by file type, or an open/closed folder. */
export function FileIcon({ path, folder, open }: { path: string; folder?: boolean; open?: boolean }) {
  if (folder) {
    const Icon = open ? FolderOpen : Folder;
    return <Icon size={16} strokeWidth={1.75} aria-hidden="true" className="file-icon icon-folder" />;
  }
  const { icon: Icon, tone } = kindOf(baseName(path));
  return <Icon size={16} strokeWidth={1.75} aria-hidden="true" className={`file-icon icon-${tone}`} />;
}
