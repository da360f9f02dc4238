import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { getTemplate, normalizeBlueprint, templateNames } from '../../src/index.js';
import { validBlueprint } from '../blueprint/arbitraries.js';

describe.each(templateNames())('template %s on arbitrary valid Blueprints', (templateName) => {
  it('renders without throwing, with unique sorted paths, deterministically', () => {
    const template = getTemplate(templateName);
    fc.assert(
      fc.property(validBlueprint, (generated) => {
        const blueprint = normalizeBlueprint(generated);
        const files = template.render(blueprint);
        const paths = files.map((file) => file.path);
        expect(new Set(paths).size).toBe(paths.length);
        expect(paths).toEqual([...paths].sort());
        expect(template.render(blueprint)).toEqual(files);
        for (const entity of blueprint.entities) {
          expect(files.some((file) => file.entity === entity.name)).toBe(true);
        }
      }),
      { numRuns: 60 },
    );
  });
});
