import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Dialog } from '../components/Dialog';
import { useGit } from './git-store';

/** The name and email commits are made with, kept in WebNova's settings. */
export function AuthorDialog() {
  const { t } = useTranslation();
  const current = useGit((s) => s.author?.author ?? null);
  const [name, setName] = useState(current?.name ?? '');
  const [email, setEmail] = useState(current?.email ?? '');
  const emailOk = /^[^\s<>@]+@[^\s<>@]+$/.test(email.trim());
  const ok = name.trim() !== '' && emailOk;
  const close = () => useGit.getState().editAuthor(false);
  const save = (event: FormEvent) => {
    event.preventDefault();
    if (ok) void useGit.getState().saveAuthor({ name: name.trim(), email: email.trim() });
  };
  return (
    <Dialog
      title={t('git.authorDialog.title')}
      onCancel={close}
      footer={
        <>
          <button type="submit" form="git-author-form" className="button button-primary" disabled={!ok}>
            {t('git.authorDialog.save')}
          </button>
          <button type="button" className="button button-secondary" onClick={close}>
            {t('common.cancel')}
          </button>
        </>
      }
    >
      <form id="git-author-form" className="git-author-form" onSubmit={save}>
        <p className="view-text">{t('git.authorDialog.text')}</p>
        <label className="field-label" htmlFor="git-author-name">
          {t('git.authorDialog.name')}
        </label>
        <input
          id="git-author-name"
          className="text-input"
          dir="auto"
          value={name}
          onChange={(event) => setName(event.target.value)}
          autoComplete="name"
        />
        <label className="field-label" htmlFor="git-author-email">
          {t('git.authorDialog.email')}
        </label>
        <input
          id="git-author-email"
          className="text-input"
          dir="ltr"
          type="email"
          value={email}
          aria-invalid={email !== '' && !emailOk}
          onChange={(event) => setEmail(event.target.value)}
          autoComplete="email"
        />
      </form>
    </Dialog>
  );
}
