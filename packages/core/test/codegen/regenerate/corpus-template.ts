import { defaultTemplateName, getTemplate } from '../../../src/codegen/templates/index.js';
import { fixtureTemplate } from './fixture-template.js';

/** The templates the corpus regenerates with: the shipped default one, and the small fixture. */
export const corpusTemplates = [getTemplate(defaultTemplateName), fixtureTemplate];
