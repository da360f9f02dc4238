import { create } from 'zustand';
import type { TransportStatus } from '../client';

export type HostKind = 'electron' | 'web';

interface ConnectionState {
  host: HostKind;
  status: TransportStatus;
  setHost(host: HostKind): void;
  setStatus(status: TransportStatus): void;
}

/** How the UI reaches core: which host it runs in and whether the transport is up. */
export const useConnection = create<ConnectionState>((set) => ({
  host: 'web',
  status: 'connecting',
  setHost: (host) => set({ host }),
  setStatus: (status) => set({ status }),
}));
