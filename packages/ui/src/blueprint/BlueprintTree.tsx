import type { Blueprint, Labels } from '@webnova/core/contracts';
import { Box, FileText, Shield } from 'lucide-react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

/** A label in the UI's language, else the Blueprint's default locale, else any. */
function useLabel(blueprint: Blueprint) {
  const { i18n } = useTranslation();
  return (labels: Labels, fallback: string) =>
    labels[i18n.language] ?? labels[blueprint.platform.defaultLocale] ?? Object.values(labels)[0] ?? fallback;
}

function Group({
  title,
  count,
  icon,
  children,
}: {
  title: string;
  count: number;
  icon: ReactNode;
  children: ReactNode;
}) {
  return (
    <details className="blueprint-group" open>
      <summary>
        {icon}
        <span className="blueprint-group-title">{title}</span>
        <span className="blueprint-count">{count}</span>
      </summary>
      <ul>{children}</ul>
    </details>
  );
}

/** The platform's entities (with their fields), roles and pages, as collapsible groups. */
export function BlueprintTree({ blueprint }: { blueprint: Blueprint }) {
  const { t } = useTranslation();
  const label = useLabel(blueprint);
  const { platform } = blueprint;
  return (
    <section className="blueprint-section" aria-label={t('blueprint.tree.label')}>
      <div className="blueprint-platform">
        <p className="blueprint-platform-name" dir="auto">
          {platform.name}
        </p>
        <p className="blueprint-platform-meta">
          {t(`blueprint.domain.${platform.domain}`)}
          {platform.compliance.length > 0 ? ` · ${platform.compliance.join(', ')}` : ''}
          {` · ${platform.locales.join(', ')}`}
        </p>
      </div>
      <Group
        title={t('blueprint.tree.entities')}
        count={blueprint.entities.length}
        icon={<Box size={14} aria-hidden="true" />}
      >
        {blueprint.entities.map((entity) => (
          <li key={entity.name}>
            <details className="blueprint-entity">
              <summary>
                <span className="blueprint-name">{label(entity.label, entity.name)}</span>
                <span className="blueprint-id" dir="ltr">
                  {entity.name}
                </span>
                <span className="blueprint-count">{entity.fields.length}</span>
              </summary>
              <ul>
                {entity.fields.map((field) => (
                  <li key={field.name} className="blueprint-field">
                    <span className="blueprint-name">{label(field.label, field.name)}</span>
                    <span className="blueprint-id" dir="ltr">
                      {field.name}: {field.type}
                      {field.required ? ' *' : ''}
                    </span>
                    {field.classification !== 'internal' && field.classification !== 'public' ? (
                      <span className={`blueprint-tag is-${field.classification}`}>{field.classification}</span>
                    ) : null}
                  </li>
                ))}
              </ul>
            </details>
          </li>
        ))}
      </Group>
      <Group
        title={t('blueprint.tree.roles')}
        count={blueprint.roles.length}
        icon={<Shield size={14} aria-hidden="true" />}
      >
        {blueprint.roles.map((role) => {
          const grants = blueprint.permissions.filter((p) => p.role === role.name).length;
          return (
            <li key={role.name} className="blueprint-leaf">
              <span className="blueprint-name">{label(role.label, role.name)}</span>
              <span className="blueprint-id">{t('blueprint.tree.grants', { count: grants })}</span>
            </li>
          );
        })}
      </Group>
      <Group
        title={t('blueprint.tree.pages')}
        count={blueprint.pages.length}
        icon={<FileText size={14} aria-hidden="true" />}
      >
        {blueprint.pages.map((page) => (
          <li key={page.name} className="blueprint-leaf">
            <span className="blueprint-name">{label(page.title, page.name)}</span>
            <span className="blueprint-id">
              {t(`blueprint.pageKind.${page.kind}`)}
              {page.entity ? ` · ${page.entity}` : ''}
            </span>
          </li>
        ))}
      </Group>
    </section>
  );
}
