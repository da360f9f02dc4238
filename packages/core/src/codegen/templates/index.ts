import { CoreError } from '../../contracts/errors.js';
import type { Template } from '../template.js';
import { reactExpressTemplate } from './react-express/index.js';
import { vueFastifyTemplate } from './vue-fastify/index.js';

/** Every template WebNova can generate from, by name. */
export const templates: Readonly<Record<string, Template>> = Object.freeze({
  [reactExpressTemplate.name]: reactExpressTemplate,
  [vueFastifyTemplate.name]: vueFastifyTemplate,
});

export const defaultTemplateName = 'react-express';

export function templateNames(): string[] {
  return Object.keys(templates).sort();
}

/** The template called `name`; INVALID_INPUT naming the known ones otherwise. */
export function getTemplate(name: string): Template {
  const template = Object.hasOwn(templates, name) ? templates[name] : undefined;
  if (!template) {
    throw new CoreError(
      'INVALID_INPUT',
      `Unknown template "${name}". Known templates: ${templateNames().join(', ')}.`,
      {
        template: name,
        known: templateNames(),
      },
    );
  }
  return template;
}
