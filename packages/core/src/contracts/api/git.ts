/** The git part of the API table: methods and event streams. */
export const gitMethods = {} as const;

export const gitEvents = {} as const;
