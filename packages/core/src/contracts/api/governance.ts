/** The governance part of the API table: methods and event streams. */
export const governanceMethods = {} as const;

export const governanceEvents = {} as const;
