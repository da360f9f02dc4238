import { Ban } from 'lucide-react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { IconButton } from '../components/IconButton';
import { useTaskChannelNames } from '../run/task-channels';
import { emptyLog, logText } from '../run/task-log';
import { useTasks } from '../run/tasks-store';
import { useFollowScroll } from './follow-scroll';
import { channelTask, taskChannel, useOutput, WEBNOVA_CHANNEL } from './output-store';
import './output.css';

const timeFormat = new Intl.DateTimeFormat('en-GB', {
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  fractionalSecondDigits: 3,
  hour12: false,
});

type Translate = (key: string, values?: Record<string, unknown>) => string;

/** The ids of the channels other features added that have something to show now. */
function useListedChannels(): string[] {
  const channels = useOutput((s) => s.channels);
  // One hook a channel, in a list that only changes as features are wired.
  return channels.filter((channel) => channel.useListed()).map((channel) => channel.id);
}

/** The channel the panel shows: the chosen one while it still has something to show, else WebNova's. */
export function useShownChannel(): string {
  const channel = useOutput((s) => s.channel);
  const tasks = useTaskChannelNames();
  const listed = useListedChannels();
  const task = channelTask(channel);
  if (listed.includes(channel)) return channel;
  return task !== null && tasks.includes(task) ? channel : WEBNOVA_CHANNEL;
}

export function channelLabel(channel: string, t: Translate): string {
  const added = useOutput.getState().channels.find((one) => one.id === channel);
  if (added) return t(added.titleKey);
  const task = channelTask(channel);
  return task === null ? t('outputChannels.webnova') : t('outputChannels.task', { name: task });
}

/** The picker in the panel's title bar, as in VS Code: WebNova's own log, then one per task that ran. */
export function OutputChannelPicker() {
  const { t } = useTranslation();
  const shown = useShownChannel();
  const channels = [WEBNOVA_CHANNEL, ...useListedChannels(), ...useTaskChannelNames().map(taskChannel)];
  return (
    <select
      className="output-channel"
      aria-label={t('outputChannels.picker')}
      value={shown}
      onChange={(event) => useOutput.getState().selectChannel(event.target.value)}
    >
      {channels.map((channel) => (
        <option key={channel} value={channel}>
          {channelLabel(channel, t)}
        </option>
      ))}
    </select>
  );
}

/** The Output tab's buttons in the panel's header: which channel shows, and clearing it. */
export function OutputActions() {
  const { t } = useTranslation();
  const channel = useShownChannel();
  return (
    <>
      <OutputChannelPicker />
      <IconButton icon={Ban} label={t('panel.output.clear')} onClick={() => clearShownChannel(channel)} />
    </>
  );
}

/** Clears what the shown channel holds (a task's log here; core keeps its own copy). */
export function clearShownChannel(channel: string): void {
  const added = useOutput.getState().channels.find((one) => one.id === channel);
  const task = channelTask(channel);
  if (added) added.clear();
  else if (task === null) useOutput.getState().clear();
  else useTasks.getState().clearLog(task);
}

/** A log that scrolls on its own, keeps to its newest line unless the reader scrolled up, and takes keyboard focus. */
function FollowingLog({
  label,
  className,
  follow,
  channel,
  children,
}: {
  label: string;
  className: string;
  follow: unknown;
  channel: string;
  children: ReactNode;
}) {
  const { ref, onScroll } = useFollowScroll<HTMLDivElement>(follow, channel);
  return (
    <div
      ref={ref}
      className={className}
      role="log"
      aria-label={label}
      // biome-ignore lint/a11y/noNoninteractiveTabindex: the log scrolls, so keyboard users must be able to reach it.
      tabIndex={0}
      dir="ltr"
      onScroll={onScroll}
    >
      {children}
    </div>
  );
}

/** The UI's own log, newest at the bottom. */
function WebNovaLog() {
  const { t } = useTranslation();
  const lines = useOutput((s) => s.lines);
  return (
    <FollowingLog label={t('outputChannels.webnova')} className="output" follow={lines} channel={WEBNOVA_CHANNEL}>
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
    </FollowingLog>
  );
}

/** A task's log as it streams in; core ends it with how the task ended ("Ended with exit code 3"). */
function TaskChannelLog({ name }: { name: string }) {
  const { t } = useTranslation();
  const text = useTasks((s) => logText(s.logs[name] ?? emptyLog()));
  return (
    <FollowingLog
      label={channelLabel(taskChannel(name), t)}
      className="output output-task"
      follow={text}
      channel={name}
    >
      {text.length > 0 ? (
        <pre className="output-task-text">{text}</pre>
      ) : (
        <p className="output-empty">{t('run.logEmpty')}</p>
      )}
    </FollowingLog>
  );
}

/** The Output panel's body: the chosen channel's log. */
export function OutputView() {
  const shown = useShownChannel();
  const added = useOutput((s) => s.channels.find((channel) => channel.id === shown));
  if (added) return <added.component />;
  const task = channelTask(shown);
  return task === null ? <WebNovaLog /> : <TaskChannelLog key={task} name={task} />;
}
