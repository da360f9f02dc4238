import type { LucideIcon } from 'lucide-react';
import type { ComponentType } from 'react';
import type { CoreClient } from '../client';
import type { Command } from '../commands/command-registry';
import type { StoreClient } from '../connection/store-client';

/**
 * A feature's strings, `<feature>/strings.<lang>.json` beside its code, laid over the shared catalogue
 * (`i18n/en.json`, `ar.json`); a key defined twice is an error at start.
 */
export interface FeatureStrings {
  en: object;
  ar: object;
}

/** A view of the side bar and the activity-bar item that shows it. */
export interface SideViewContribution<Id extends string = string> {
  id: Id;
  component: ComponentType;
  /** Its title: the side bar's label and the activity-bar item's tooltip. */
  titleKey: string;
  icon: LucideIcon;
  /** Its place in the activity bar, smallest first. */
  order: number;
  /** The command whose shortcut the activity-bar item's tooltip shows. */
  command?: string;
  /** Drawn over the activity-bar item (the Inbox's count of waiting decisions). */
  badge?: ComponentType;
}

/** A tab of the bottom panel. */
export interface PanelTabContribution<Id extends string = string> {
  id: Id;
  component: ComponentType;
  titleKey: string;
  /** Its place among the panel's tabs, smallest first. */
  order: number;
  /** The command whose shortcut the tab's tooltip shows. */
  command?: string;
  /** Buttons in the panel's header while the tab shows. */
  actions?: ComponentType;
}

/** A channel of the Output panel besides WebNova's log and the tasks' (listed while `useListed` says so). */
export interface OutputChannelContribution {
  id: string;
  titleKey: string;
  component: ComponentType;
  /** A hook: whether the picker lists the channel now (it has something to show). */
  useListed(): boolean;
  /** What the panel's Clear button does while it shows. */
  clear(): void;
}

/**
 * A feature of the UI, from one folder: what it adds to the workbench and how it follows core.
 * `features.ts` registers each once; the side bar, activity bar, panel, command registry, catalogues
 * and event wiring read them from there.
 */
export interface UiFeature<View extends string = string, Tab extends string = string> {
  id: string;
  views?: readonly SideViewContribution<View>[];
  panelTabs?: readonly PanelTabContribution<Tab>[];
  /** Items at the start of the status bar's trailing group (the Inbox's audit indicator). */
  statusItems?: readonly ComponentType[];
  /** Buttons in the editor title, after the tabs (each renders nothing when it does not apply). */
  editorTitleActions?: readonly ComponentType[];
  /** Channels it adds to the Output panel. */
  outputChannels?: readonly OutputChannelContribution[];
  /** Its commands and their keybindings; a command's title is `commands.<id>` in the catalogues. */
  commands?: readonly Command[];
  strings?: FeatureStrings;
  /** The clients its stores call core through; each is handed the one client before `wire` runs. */
  clients?: readonly StoreClient[];
  /** Follows core's events (and whatever else it listens to); returns what stops it. */
  wire?(client: CoreClient): () => void;
}

/** Keeps the literal ids of the feature's views and tabs, so the registry can derive their types. */
export function defineUiFeature<const View extends string = never, const Tab extends string = never>(
  feature: UiFeature<View, Tab>,
): UiFeature<View, Tab> {
  return feature;
}

export type ViewIdOf<F> = F extends UiFeature<infer View, string> ? View : never;
export type PanelTabIdOf<F> = F extends UiFeature<string, infer Tab> ? Tab : never;
