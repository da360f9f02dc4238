/** The ai part of the API table: methods and event streams. */
export const aiMethods = {} as const;

export const aiEvents = {} as const;
