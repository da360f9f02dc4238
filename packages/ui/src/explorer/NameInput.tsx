import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { NameProblem } from './validate-name';

interface NameInputProps {
  initial: string;
  label: string;
  check(name: string): NameProblem | null;
  onSubmit(name: string): Promise<boolean>;
  onCancel(): void;
}

/** The inline box for a new or renamed entry; says what is wrong with the name as you type. */
export function NameInput({ initial, label, check, onSubmit, onCancel }: NameInputProps) {
  const { t } = useTranslation();
  const [value, setValue] = useState(initial);
  const [tried, setTried] = useState(false);
  const busy = useRef(false);
  const ref = useRef<HTMLInputElement>(null);
  const messageId = useId();
  const problem = check(value);
  const shown = problem && (value !== '' || tried) ? problem : null;

  useEffect(() => {
    const input = ref.current;
    if (!input) return;
    input.focus();
    // Select the name without its extension, as renaming usually keeps the type.
    const dot = initial.lastIndexOf('.');
    input.setSelectionRange(0, dot > 0 ? dot : initial.length);
  }, [initial]);

  const submit = async () => {
    if (busy.current) return;
    setTried(true);
    if (problem) return;
    busy.current = true;
    const done = await onSubmit(value);
    busy.current = false;
    if (!done) ref.current?.focus();
  };

  return (
    <div className="name-input">
      <input
        ref={ref}
        value={value}
        aria-label={label}
        aria-invalid={shown ? true : undefined}
        aria-describedby={shown ? messageId : undefined}
        spellCheck={false}
        autoComplete="off"
        dir="auto"
        onChange={(event) => setValue(event.target.value)}
        onKeyDown={(event) => {
          event.stopPropagation();
          if (event.key === 'Enter') {
            event.preventDefault();
            void submit();
          } else if (event.key === 'Escape') {
            event.preventDefault();
            onCancel();
          }
        }}
        onBlur={() => {
          if (busy.current) return;
          if (problem || value === initial) onCancel();
          else void submit();
        }}
      />
      {shown ? (
        <div id={messageId} role="alert" className="name-input-message">
          {t(`explorer.nameProblems.${shown}`, { name: value.trim() })}
        </div>
      ) : null}
    </div>
  );
}
