import type { Blueprint } from '../contracts/blueprint.js';

/** One file a template produces; `path` is POSIX and relative to the project root. */
export interface GeneratedFile {
  readonly path: string;
  readonly content: string;
  /** The Blueprint entity this file belongs to, so its files can follow a rename of the entity. */
  readonly entity?: string;
}

/**
 * A project template: data plus small functions over a normalised, valid Blueprint. Rendering is
 * pure and deterministic: the same Blueprint and template version give byte-identical files, in a
 * stable order.
 */
export interface Template {
  readonly name: string;
  /** Bumped whenever the output changes for the same Blueprint; recorded in the manifest. */
  readonly version: string;
  readonly description: string;
  render(blueprint: Blueprint): GeneratedFile[];
}
