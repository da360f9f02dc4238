import { Inbox } from 'lucide-react';
import { defineUiFeature } from '../workbench/ui-feature';
import { AuditIndicator } from './AuditIndicator';
import { InboxBadge } from './InboxBadge';
import { InboxView } from './InboxView';
import { inboxClient } from './inbox-store';
import ar from './strings.ar.json';
import en from './strings.en.json';
import { wireInbox } from './wire';

/** Governance on the desktop: decisions waiting for the owner, refusals, controls, the constitution. */
export const inboxFeature = defineUiFeature({
  id: 'inbox',
  views: [
    { id: 'inbox', component: InboxView, titleKey: 'views.inbox.title', icon: Inbox, order: 60, badge: InboxBadge },
  ],
  statusItems: [AuditIndicator],
  strings: { en, ar },
  clients: [inboxClient],
  wire: wireInbox,
});
