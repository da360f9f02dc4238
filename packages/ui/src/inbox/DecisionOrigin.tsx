import type { Decision } from '@webnova/core/contracts';
import { Laptop, Server } from 'lucide-react';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useSync } from '../sync/sync-store';
import { originText } from './decision-words';

/** The devices the list was read for (per signed-in device), so one the server does not list is asked about once. */
const asked = new Set<string>();

/**
 * "From another device: Desk A · clinic-booking" on a decision proposed on another device (nothing on
 * this device's own). The device is named from `sync.devices`, read once while signed in.
 */
export function DecisionOrigin({
  decision,
  className,
  as: Element = 'span',
}: {
  decision: Decision;
  className: string;
  /** A line of its own in the details, a part of the item in the list. */
  as?: 'span' | 'p';
}) {
  // Re-rendered when the language changes: the words are chosen here.
  useTranslation();
  const devices = useSync((s) => s.devices);
  const thisDevice = useSync((s) => s.status?.account?.deviceId ?? null);
  const remoteDevice = decision.origin && !decision.origin.here ? decision.origin.deviceId : null;
  useEffect(() => {
    const key = `${thisDevice}>${remoteDevice}`;
    if (remoteDevice === null || thisDevice === null || asked.has(key)) return;
    const known = useSync.getState().devices?.some((device) => device.deviceId === remoteDevice);
    if (known) return;
    // Once per device: one registered since the list was read is asked for again, an unlisted one is not.
    asked.add(key);
    void useSync.getState().loadDevices();
  }, [remoteDevice, thisDevice]);
  const text = originText(decision, devices);
  if (!text) return null;
  const Icon = decision.origin?.deviceId === null ? Server : Laptop;
  return (
    <Element className={className} data-testid="inbox-origin">
      <Icon size={12} aria-hidden="true" className="inbox-origin-icon" /> {text}
    </Element>
  );
}
