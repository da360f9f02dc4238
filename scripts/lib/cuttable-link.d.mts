/** A relay to a local port that a test can cut (the server cannot be reached) and restore. */
export interface CuttableLink {
  port: number;
  /** `http://127.0.0.1:<port>`: the server's address as the device behind the link uses it. */
  address: string;
  cut(): void;
  restore(): void;
  close(): Promise<void>;
}

export function cuttableLink(targetPort: number): Promise<CuttableLink>;
