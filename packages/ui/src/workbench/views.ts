import { DraftingCompass, Files, GitBranch, Inbox, type LucideIcon, Play, Search, Sparkles } from 'lucide-react';
import type { SideView } from './layout-store';

export const viewIcons: Record<SideView, LucideIcon> = {
  explorer: Files,
  search: Search,
  run: Play,
  git: GitBranch,
  blueprint: DraftingCompass,
  inbox: Inbox,
  ai: Sparkles,
};

/** The command whose keybinding opens the view, shown in the activity bar's tooltips. */
export const viewCommands: Partial<Record<SideView, string>> = {
  explorer: 'view.focusExplorer',
  search: 'view.focusSearch',
};
