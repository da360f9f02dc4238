import { PlannedView } from '../workbench/PlannedView';

/** The run side view. */
export function RunView() {
  return <PlannedView view="run" />;
}
