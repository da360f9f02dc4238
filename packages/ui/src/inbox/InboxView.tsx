import { PlannedView } from '../workbench/PlannedView';

/** The inbox side view. */
export function InboxView() {
  return <PlannedView view="inbox" />;
}
