export type { GeneratedFile, Template } from './template.js';
export { defaultTemplateName, getTemplate, templateNames, templates } from './templates/index.js';
