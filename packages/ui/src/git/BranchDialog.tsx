import { Check, GitBranch, Trash2 } from 'lucide-react';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Dialog } from '../components/Dialog';
import { IconButton } from '../components/IconButton';
import { useGit } from './git-store';

/** Git's own rules for a branch name, checked again by core. */
export function isBranchName(name: string): boolean {
  return (
    name.length > 0 &&
    name.length <= 200 &&
    !/[\s~^:?*[\\]/.test(name) &&
    !name.includes('..') &&
    !name.includes('@{') &&
    !name.includes('//') &&
    !/^[-/.]/.test(name) &&
    !/(\/|\.|\.lock)$/.test(name) &&
    name !== 'HEAD'
  );
}

/** Switch to, create and delete branches. */
export function BranchDialog({ onClose }: { onClose(): void }) {
  const { t } = useTranslation();
  const branches = useGit((s) => s.branches);
  const busy = useGit((s) => s.busy);
  const [name, setName] = useState('');
  const invalid = name !== '' && !isBranchName(name.trim());

  const create = async (event: FormEvent) => {
    event.preventDefault();
    const branch = name.trim();
    if (!isBranchName(branch)) return;
    if (await useGit.getState().createBranch(branch)) onClose();
  };

  return (
    <Dialog title={t('git.branches.title')} onCancel={onClose} className="git-branch-dialog">
      <ul className="git-branch-list" aria-label={t('git.branches.list')}>
        {branches.map((branch) => (
          <li key={branch.name} className={`git-branch${branch.current ? ' is-current' : ''}`}>
            <button
              type="button"
              className="git-branch-switch"
              aria-current={branch.current ? 'true' : undefined}
              aria-label={
                branch.current
                  ? t('git.branches.current', { name: branch.name })
                  : t('git.branches.switchTo', { name: branch.name })
              }
              disabled={busy}
              onClick={async () => {
                if (branch.current || (await useGit.getState().switchBranch(branch.name))) onClose();
              }}
            >
              {branch.current ? <Check size={14} aria-hidden="true" /> : <GitBranch size={14} aria-hidden="true" />}
              <span dir="ltr">{branch.name}</span>
            </button>
            <IconButton
              icon={Trash2}
              label={t('git.branches.delete', { name: branch.name })}
              disabled={busy || branch.current}
              onClick={() => void useGit.getState().deleteBranch(branch.name)}
            />
          </li>
        ))}
      </ul>
      <form className="git-branch-create" onSubmit={create}>
        <label className="field-label" htmlFor="git-new-branch">
          {t('git.branches.newLabel')}
        </label>
        <div className="git-branch-create-row">
          <input
            id="git-new-branch"
            className="text-input"
            dir="ltr"
            value={name}
            aria-invalid={invalid}
            aria-describedby={invalid ? 'git-new-branch-error' : undefined}
            onChange={(event) => setName(event.target.value)}
            autoComplete="off"
            spellCheck={false}
          />
          <button type="submit" className="button button-primary" disabled={busy || !isBranchName(name.trim())}>
            {t('git.branches.create')}
          </button>
        </div>
        {invalid ? (
          <p id="git-new-branch-error" className="field-error" role="alert">
            {t('git.branches.invalid')}
          </p>
        ) : null}
      </form>
    </Dialog>
  );
}
