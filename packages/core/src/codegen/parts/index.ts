import type { PlatformModel } from '../model/platform.js';
import type { ProjectFiles } from '../project.js';
import type { StackDefinition } from '../stack.js';
import { renderAccess } from './access.js';
import { renderApiTests } from './api-tests.js';
import { renderAuth } from './auth.js';
import { renderCompliance } from './compliance.js';
import { renderDatabase } from './database.js';
import { renderEntityServices } from './entity-service.js';
import { renderReadme } from './readme.js';
import { renderRoutes } from './routes.js';
import { renderWebShared } from './web-shared.js';
import { renderWorkspace } from './workspace.js';

/** The files every template shares: workspace, database, access rules, services, compliance, tests. */
export function renderSharedParts(model: PlatformModel, files: ProjectFiles, stack: StackDefinition): void {
  renderWorkspace(model, files, stack);
  renderDatabase(model, files);
  renderAccess(model, files);
  renderAuth(files);
  renderCompliance(model, files);
  renderEntityServices(model, files);
  renderRoutes(model, files);
  renderApiTests(model, files);
  renderWebShared(model, files);
  renderReadme(model, files, stack);
}
