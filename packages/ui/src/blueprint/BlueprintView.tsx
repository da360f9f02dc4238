import { PlannedView } from '../workbench/PlannedView';

/** The blueprint side view. */
export function BlueprintView() {
  return <PlannedView view="blueprint" />;
}
