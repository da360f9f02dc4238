import { PlannedView } from '../workbench/PlannedView';

/** The git side view. */
export function GitView() {
  return <PlannedView view="git" />;
}
