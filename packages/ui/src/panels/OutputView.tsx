import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useOutput } from './output-store';

const timeFormat = new Intl.DateTimeFormat('en-GB', {
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  fractionalSecondDigits: 3,
  hour12: false,
});

/** The UI's own log, newest at the bottom, following along unless the user scrolled up. */
export function OutputView() {
  const { t } = useTranslation();
  const lines = useOutput((s) => s.lines);
  const ref = useRef<HTMLDivElement>(null);
  const pinned = useRef(true);

  useEffect(() => {
    const element = ref.current;
    if (element && pinned.current && lines.length > 0) element.scrollTop = element.scrollHeight;
  }, [lines]);

  return (
    <div
      ref={ref}
      className="output"
      role="log"
      aria-label={t('panel.output.title')}
      // biome-ignore lint/a11y/noNoninteractiveTabindex: the log scrolls, so keyboard users must be able to reach it.
      tabIndex={0}
      dir="ltr"
      onScroll={(event) => {
        const el = event.currentTarget;
        pinned.current = el.scrollHeight - el.scrollTop - el.clientHeight < 8;
      }}
    >
      {lines.length === 0 ? <p className="output-empty">{t('panel.output.empty')}</p> : null}
      {lines.map((line) => (
        <div key={line.id} className={`output-line output-${line.level}`}>
          <time dateTime={new Date(line.time).toISOString()} className="output-time">
            {timeFormat.format(line.time)}
          </time>
          <span className="output-level">{t(`panel.output.levels.${line.level}`)}</span>
          <span className="output-text" dir="auto">
            {line.text}
          </span>
        </div>
      ))}
    </div>
  );
}
