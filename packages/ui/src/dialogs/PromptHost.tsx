import { useId } from 'react';
import { Dialog } from '../components/Dialog';
import { usePrompts } from './prompt-store';

/** Shows the question the prompt store is asking, if any. */
export function PromptHost() {
  const current = usePrompts((s) => s.current);
  const answer = usePrompts((s) => s.answer);
  const messageId = useId();
  if (!current) return null;
  return (
    <Dialog
      key={current.id}
      title={current.title}
      describedBy={messageId}
      onCancel={() => answer(current.cancelId)}
      className="prompt-dialog"
      footer={current.buttons.map((button) => (
        <button
          key={button.id}
          type="button"
          className={`button button-${button.kind ?? 'secondary'}`}
          onClick={() => answer(button.id)}
        >
          {button.label}
        </button>
      ))}
    >
      <p id={messageId} className="prompt-message">
        {current.message}
      </p>
      {current.detail ? <p className="prompt-detail">{current.detail}</p> : null}
    </Dialog>
  );
}
