import type { ComponentType } from 'react';
import { aiFeature } from './ai/feature';
import { blueprintFeature } from './blueprint/feature';
import type { CoreClient } from './client';
import { useCommands } from './commands/command-registry';
import { explorerFeature } from './explorer/feature';
import { gitFeature } from './git/feature';
import { addFeatureStrings } from './i18n/i18n';
import { inboxFeature } from './inbox/feature';
import { outputFeature } from './panels/feature';
import { useOutput } from './panels/output-store';
import { problemsFeature } from './problems/feature';
import { runFeature } from './run/feature';
import { sandboxFeature } from './sandbox/feature';
import { searchFeature } from './search/feature';
import { syncFeature } from './sync/feature';
import { terminalFeature } from './terminal/feature';
import { workbenchFeature } from './workbench/feature';
import type {
  PanelTabContribution,
  PanelTabIdOf,
  SideViewContribution,
  UiFeature,
  ViewIdOf,
} from './workbench/ui-feature';

/**
 * Every feature of the UI, each registered once. The side bar, the activity bar, the panel's tabs,
 * the commands, the catalogues and the event wiring are all read from this list. The shell comes
 * first: its listeners run before the features' (a folder is applied before the views refresh).
 */
export const uiFeatures = [
  workbenchFeature,
  explorerFeature,
  searchFeature,
  runFeature,
  sandboxFeature,
  gitFeature,
  blueprintFeature,
  inboxFeature,
  aiFeature,
  syncFeature,
  terminalFeature,
  outputFeature,
  problemsFeature,
] as const;

type Registered = (typeof uiFeatures)[number];
/** A view of the side bar: only a registered feature's id compiles. */
export type SideView = ViewIdOf<Registered>;
/** A tab of the bottom panel: only a registered feature's id compiles. */
export type PanelTab = PanelTabIdOf<Registered>;

const features: readonly UiFeature<SideView, PanelTab>[] = uiFeatures;
const byOrder = (a: { order: number }, b: { order: number }) => a.order - b.order;

/** The side bar's views in the activity bar's order. */
export const sideViews: readonly SideViewContribution<SideView>[] = features
  .flatMap((feature) => feature.views ?? [])
  .sort(byOrder);

/** The bottom panel's tabs in order. */
export const panelTabs: readonly PanelTabContribution<PanelTab>[] = features
  .flatMap((feature) => feature.panelTabs ?? [])
  .sort(byOrder);

/** The editor title's buttons, in the list's order. */
export const editorTitleActions: readonly ComponentType[] = features.flatMap(
  (feature) => feature.editorTitleActions ?? [],
);

/** What the features add to the status bar, in the list's order. */
export const statusItems: readonly ComponentType[] = features.flatMap((feature) => feature.statusItems ?? []);

addFeatureStrings(features.flatMap((feature) => (feature.strings ? [feature.strings] : [])));

/** Hands every feature's stores the client (the workbench does it first; a test may do only this). */
export function connectFeatures(client: CoreClient): () => void {
  const stops = features.flatMap((feature) => (feature.clients ?? []).map((store) => store.connect(client)));
  return () => {
    for (const stop of stops.reverse()) stop();
  };
}

/** Connects the stores, registers every feature's commands, wires each; returns what undoes it all. */
export function wireFeatures(client: CoreClient): () => void {
  const stops = [connectFeatures(client)];
  for (const feature of features) {
    if (feature.commands) stops.push(useCommands.getState().register(feature.commands));
    // The Output panel is a feature too: it learns the others' channels here rather than importing them.
    if (feature.outputChannels) stops.push(useOutput.getState().addChannels(feature.outputChannels));
    if (feature.wire) stops.push(feature.wire(client));
  }
  return () => {
    for (const stop of stops.reverse()) stop();
  };
}
