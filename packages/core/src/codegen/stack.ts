import type { Blueprint } from '../contracts/blueprint.js';
import { buildPlatformModel, type PlatformModel } from './model/platform.js';
import { renderSharedParts } from './parts/index.js';
import { ProjectFiles } from './project.js';
import type { Template } from './template.js';

/** One side of a generated project (the API or the web app) on a particular stack. */
export interface StackPart {
  readonly dependencies: Readonly<Record<string, string>>;
  readonly devDependencies: Readonly<Record<string, string>>;
  readonly scripts: Readonly<Record<string, string>>;
  render(model: PlatformModel, files: ProjectFiles): void;
}

/** A template is a name, a version and the two stack parts; everything else is shared. */
export interface StackDefinition {
  readonly name: string;
  readonly version: string;
  readonly description: string;
  /** How the README names the stack: `React + Vite, Express`. */
  readonly stackLabel: string;
  readonly api: StackPart;
  readonly web: StackPart;
}

export function defineTemplate(stack: StackDefinition): Template {
  return {
    name: stack.name,
    version: stack.version,
    description: stack.description,
    render(blueprint: Blueprint) {
      const model = buildPlatformModel(blueprint);
      const files = new ProjectFiles();
      renderSharedParts(model, files, stack);
      stack.api.render(model, files);
      stack.web.render(model, files);
      return files.list();
    },
  };
}
