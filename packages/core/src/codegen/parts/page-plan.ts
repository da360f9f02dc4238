import { fieldTypes } from '../model/field-types.js';
import type { EntityModel, PlatformModel } from '../model/platform.js';

/** What the generated pages show, decided once for every front-end stack. */
export interface PageItem {
  readonly name: string;
  /** Set for references: the target entity's route, for links. */
  readonly targetRoute?: string;
}

const hiddenInLists = new Set(['textarea', 'json']);

/** The display field first, then up to four short fields. */
export function listColumns(entity: EntityModel): PageItem[] {
  const visible = entity.fields.filter((field) => !field.secret);
  const first = visible.find((field) => field.name === entity.displayField);
  const rest = visible
    .filter((field) => field !== first && !hiddenInLists.has(fieldTypes[field.type].control))
    .slice(0, 4);
  return [...(first ? [first] : []), ...rest].map((field) => ({ name: field.name }));
}

export function detailRows(model: PlatformModel, entity: EntityModel): PageItem[] {
  return [
    ...entity.fields.filter((field) => !field.secret).map((field) => ({ name: field.name })),
    ...entity.references.map((reference) => ({
      name: reference.name,
      targetRoute: model.entity(reference.target).route,
    })),
  ];
}

/** Secret fields are write-only: they appear in forms but are never shown. */
export function formItems(entity: EntityModel): PageItem[] {
  return [
    ...entity.fields.map((field) => ({ name: field.name })),
    ...entity.references.map((reference) => ({ name: reference.name })),
  ];
}

/** Which access a page needs: its Blueprint roles and the grant for its action. */
export function pageComponent(entity: EntityModel, kind: 'List' | 'Detail' | 'Form'): string {
  return `${entity.name}${kind}Page`;
}
