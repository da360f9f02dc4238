import type { Blueprint, BlueprintPermission } from '../contracts/index.js';
import type { CheckContext } from './check-context.js';
import { reservedKeyName } from './reserved-names.js';

export function checkRoles(context: CheckContext): void {
  const { roles } = context.blueprint;
  context.checkUniqueNames(roles, '/roles', 'role', (role) => role.name);
  roles.forEach((role, index) => {
    context.checkLabels(role.label, `/roles/${index}/label`);
  });
}

/**
 * The names an "own records" rule may key on: the entity's fields, and the relation ends through
 * which the entity itself holds a reference (the `inverse` of one-to-one and one-to-many relations).
 */
function ownerKeys(blueprint: Blueprint, entity: string): Set<string> {
  const keys = new Set(blueprint.entities.find((item) => item.name === entity)?.fields.map((field) => field.name));
  for (const relation of blueprint.relations) {
    if (relation.to === entity && relation.kind !== 'many-to-many') keys.add(relation.inverse);
  }
  return keys;
}

export function checkPermissions(context: CheckContext): void {
  const granted = new Set<string>();
  context.blueprint.permissions.forEach((permission, index) => {
    const path = `/permissions/${index}`;
    const { role, entity } = permission;
    if (!context.roleNames.has(role)) context.report(`${path}/role`, 'UNKNOWN_ROLE', { name: role });
    if (!context.entityNames.has(entity)) context.report(`${path}/entity`, 'UNKNOWN_ENTITY', { name: entity });
    const cell = JSON.stringify([role, entity]);
    if (granted.has(cell)) context.report(path, 'DUPLICATE_GRANT', { role, entity });
    granted.add(cell);
    context.checkUniqueValues(permission.actions, `${path}/actions`);
    checkRowRule(context, permission, path);
  });
}

function checkRowRule(context: CheckContext, permission: BlueprintPermission, path: string): void {
  const { rows, entity } = permission;
  if (rows.scope !== 'own' || !context.entityNames.has(entity)) return;
  if (!ownerKeys(context.blueprint, entity).has(rows.field)) {
    context.report(`${path}/rows/field`, 'UNKNOWN_FIELD', { entity, name: rows.field });
  }
}

export function checkPages(context: CheckContext): void {
  const { pages } = context.blueprint;
  context.checkUniqueNames(pages, '/pages', 'page', (page) => page.name);
  pages.forEach((page, index) => {
    const path = `/pages/${index}`;
    const reason = reservedKeyName(page.name);
    if (reason) context.report(`${path}/name`, 'RESERVED_NAME', { name: page.name, reason });
    if (page.entity === undefined) {
      if (page.kind !== 'dashboard') context.report(path, 'PAGE_NEEDS_ENTITY', { kind: page.kind });
    } else if (!context.entityNames.has(page.entity)) {
      context.report(`${path}/entity`, 'UNKNOWN_ENTITY', { name: page.entity });
    }
    context.checkLabels(page.title, `${path}/title`);
    context.checkRoleList(page.roles, `${path}/roles`);
  });
}

export function checkNavigation(context: CheckContext): void {
  const { navigation, pages } = context.blueprint;
  const kinds = new Map(pages.map((page) => [page.name, page.kind]));
  context.checkUniqueNames(navigation, '/navigation', 'navigation', (item) => item.page, 'page');
  navigation.forEach((item, index) => {
    const kind = kinds.get(item.page);
    if (kind === undefined) context.report(`/navigation/${index}/page`, 'UNKNOWN_PAGE', { name: item.page });
    else if (kind === 'detail')
      context.report(`/navigation/${index}/page`, 'NAVIGATION_TO_DETAIL', { name: item.page });
  });
}

export function checkApi(context: CheckContext): void {
  const { endpoints } = context.blueprint.api;
  context.checkUniqueNames(endpoints, '/api/endpoints', 'endpoint', (endpoint) => endpoint.name);
  const routes = new Set<string>();
  endpoints.forEach((endpoint, index) => {
    const path = `/api/endpoints/${index}`;
    const reason = reservedKeyName(endpoint.name);
    if (reason) context.report(`${path}/name`, 'RESERVED_NAME', { name: endpoint.name, reason });
    // `/a/:id` and `/a/:key` are the same route to a router.
    const route = `${endpoint.method} ${endpoint.path.replace(/:[A-Za-z0-9]+/g, ':')}`;
    if (routes.has(route)) {
      context.report(`${path}/path`, 'DUPLICATE_ENDPOINT', { method: endpoint.method, path: endpoint.path });
    }
    routes.add(route);
    context.checkRoleList(endpoint.roles, `${path}/roles`);
  });
}

export function checkIntegrations(context: CheckContext): void {
  context.checkUniqueNames(
    context.blueprint.integrations,
    '/integrations',
    'integration',
    (integration) => `${integration.category}: ${integration.provider}`,
    'provider',
  );
}
