import { type InputHTMLAttributes, type Ref, useId, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Dialog } from '../components/Dialog';
import { type SignInField, useSync } from './sync-store';
import { signInErrorMessage } from './sync-words';

type InputProps = Omit<InputHTMLAttributes<HTMLInputElement>, 'id' | 'value' | 'onChange'>;

interface FieldProps extends InputProps {
  field: SignInField;
  label: string;
  inputRef?: Ref<HTMLInputElement>;
  /** What the field keeps of what is typed (the code drops spaces). */
  clean?(value: string): string;
}

/** A labelled input bound to the store's form, read-only while signing in, with its check's message under it. */
function Field({ field, label, inputRef, clean = (value) => value, className, ...input }: FieldProps) {
  const { t } = useTranslation();
  const id = `sync-sign-in-${field}`;
  const errorId = useId();
  const value = useSync((s) => s.form[field]);
  const error = useSync((s) => s.fieldErrors[field]);
  const signingIn = useSync((s) => s.signingIn);
  return (
    <div className="sync-field">
      <label className="field-label" htmlFor={id}>
        {label}
      </label>
      <input
        {...input}
        id={id}
        ref={inputRef}
        className={`text-input ${className ?? ''}`}
        value={value}
        readOnly={signingIn}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? errorId : undefined}
        onChange={(event) => useSync.getState().setField(field, clean(event.target.value))}
      />
      {error ? (
        <p id={errorId} className="sync-field-error">
          {t(error)}
        </p>
      ) : null}
    </div>
  );
}

/**
 * Sign in to a governance server: its address, the account's email and password (and TOTP code),
 * and this device's name. Checked before sending; core's refusal is shown in the window's language and
 * nothing typed is lost. Escape or Cancel closes it (not while signing in).
 */
export function SignInDialog() {
  const { t } = useTranslation();
  const signingIn = useSync((s) => s.signingIn);
  const failure = useSync((s) => s.signInError);
  const { closeSignIn } = useSync.getState();
  const serverRef = useRef<HTMLInputElement>(null);
  const introId = useId();
  const errorId = useId();

  const submit = async () => {
    if (await useSync.getState().signIn()) return;
    // Focus goes to the first field the checks named, or back to the address after core's refusal.
    const { fieldErrors } = useSync.getState();
    const first = (['server', 'email', 'password', 'totp', 'deviceName'] as const).find((f) => fieldErrors[f]);
    document.getElementById(`sync-sign-in-${first ?? 'server'}`)?.focus();
  };

  return (
    <Dialog
      title={t('sync.signIn.title')}
      onCancel={closeSignIn}
      initialFocus={serverRef}
      className="sync-sign-in-dialog"
      describedBy={introId}
      footer={
        <>
          <button type="button" className="button button-secondary" onClick={closeSignIn} disabled={signingIn}>
            {t('common.cancel')}
          </button>
          <button
            type="submit"
            form="sync-sign-in-form"
            className="button button-primary"
            disabled={signingIn}
            aria-busy={signingIn}
          >
            {signingIn ? t('sync.signIn.signingIn') : t('sync.signIn.submit')}
          </button>
        </>
      }
    >
      <form
        id="sync-sign-in-form"
        className="sync-sign-in-form"
        noValidate
        aria-busy={signingIn}
        onSubmit={(event) => {
          event.preventDefault();
          void submit();
        }}
      >
        <p id={introId} className="view-text sync-intro">
          {t('sync.signIn.intro')}
        </p>
        <Field
          field="server"
          label={t('sync.signIn.server')}
          inputRef={serverRef}
          dir="ltr"
          type="url"
          inputMode="url"
          autoComplete="url"
          spellCheck={false}
          placeholder={t('sync.signIn.serverPlaceholder')}
        />
        <Field
          field="email"
          label={t('sync.signIn.email')}
          dir="ltr"
          type="email"
          autoComplete="username"
          spellCheck={false}
        />
        <Field
          field="password"
          label={t('sync.signIn.password')}
          dir="ltr"
          type="password"
          autoComplete="current-password"
        />
        <Field
          field="totp"
          label={t('sync.signIn.totp')}
          className="sync-totp"
          dir="ltr"
          inputMode="numeric"
          autoComplete="one-time-code"
          maxLength={6}
          clean={(value) => value.replace(/\s/g, '')}
        />
        <Field field="deviceName" label={t('sync.signIn.deviceName')} dir="auto" autoComplete="off" maxLength={80} />
        {failure ? (
          <p id={errorId} role="alert" className="field-error">
            {signInErrorMessage(failure)}
            <span className="field-error-detail">{failure.detail}</span>
          </p>
        ) : null}
      </form>
    </Dialog>
  );
}
