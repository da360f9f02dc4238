import { ChevronRight } from 'lucide-react';
import { Fragment } from 'react';
import { useTranslation } from 'react-i18next';
import { FileIcon } from '../explorer/FileIcon';

/** Where the active file lives, folder by folder. */
export function Breadcrumbs({ path }: { path: string }) {
  const { t } = useTranslation();
  const parts = path.split('/');
  return (
    <nav className="breadcrumbs" aria-label={t('editor.breadcrumbs')}>
      <ol>
        {parts.map((part, index) => {
          const last = index === parts.length - 1;
          return (
            <Fragment key={index}>
              <li className={`crumb${last ? ' is-last' : ''}`} aria-current={last ? 'page' : undefined}>
                {last ? <FileIcon path={path} /> : null}
                <span dir="auto">{part}</span>
              </li>
              {last ? null : (
                <li aria-hidden="true" className="crumb-separator">
                  <ChevronRight size={14} className="chevron" />
                </li>
              )}
            </Fragment>
          );
        })}
      </ol>
    </nav>
  );
}
