import { PlannedView } from '../workbench/PlannedView';

/** The ai side view. */
export function AiView() {
  return <PlannedView view="ai" />;
}
