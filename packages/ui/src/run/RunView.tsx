import type { TaskInfo } from '@webnova/core/contracts';
import { Play, RefreshCw, RotateCcw, ScrollText, Sparkles, Square, SquareTerminal, UserPlus } from 'lucide-react';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { askAi, fixFailedTask } from '../ai/questions';
import { EmptyState } from '../components/EmptyState';
import { IconButton } from '../components/IconButton';
import { ViewHeader } from '../components/ViewHeader';
import { useFollowScroll } from '../panels/follow-scroll';
import { usePreview } from '../preview/preview-store';
import { useLayout } from '../workbench/layout-store';
import { useWorkspace } from '../workspace/workspace-store';
import { showTaskLog } from './task-channels';
import { emptyLog, logText } from './task-log';
import { useTasks } from './tasks-store';
import './run.css';

function stateLabel(task: TaskInfo, t: (key: string, values?: Record<string, unknown>) => string): string {
  if (task.state === 'exited' || task.state === 'crashed') {
    if (task.exitCode !== null) return t(`run.state.${task.state}WithCode`, { code: task.exitCode });
    if (task.signal) return t(`run.state.${task.state}WithSignal`, { signal: task.signal });
  }
  return t(`run.state.${task.state}`);
}

/** "Fix this failure": the end of the task's log (read from core if this page has not seen it) to the AI. */
async function fixFailure(task: TaskInfo): Promise<void> {
  await useTasks.getState().loadLog(task.name);
  const log = useTasks.getState().logs[task.name];
  askAi(fixFailedTask(task.name, task.exitCode, log ? logText(log) : ''));
}

function TaskRow({ task }: { task: TaskInfo }) {
  const { t } = useTranslation();
  const { start, stop, restart, select } = useTasks.getState();
  const selected = useTasks((s) => s.selected === task.name);
  const running = task.state === 'running';
  const failed = task.state === 'crashed' || (task.state === 'exited' && task.exitCode !== 0);
  return (
    <li className={`task-row${selected ? ' is-selected' : ''}`} aria-label={task.name}>
      <button
        type="button"
        className="task-main"
        aria-pressed={selected}
        aria-label={t('run.showLog', { name: task.name })}
        onClick={() => void select(task.name)}
      >
        <span className={`task-dot task-${task.state}`} aria-hidden="true" />
        <span className="task-name">{task.name}</span>
        <span className="task-command" dir="ltr">
          {task.command}
        </span>
        <span className={`task-state task-state-${task.state}`}>{stateLabel(task, t)}</span>
      </button>
      <div className="task-actions">
        {running ? (
          <>
            <IconButton
              icon={RotateCcw}
              label={t('run.restart', { name: task.name })}
              onClick={() => void restart(task.name)}
            />
            <IconButton icon={Square} label={t('run.stop', { name: task.name })} onClick={() => void stop(task.name)} />
          </>
        ) : (
          <IconButton icon={Play} label={t('run.start', { name: task.name })} onClick={() => void start(task.name)} />
        )}
        <IconButton
          icon={ScrollText}
          label={t('run.showInOutput', { name: task.name })}
          onClick={() => showTaskLog(task.name)}
        />
        {failed ? (
          <IconButton
            icon={Sparkles}
            label={t('run.fixWithAi', { name: task.name })}
            onClick={() => void fixFailure(task)}
          />
        ) : null}
      </div>
      {running && task.setupPath && task.url && task.previewUrl ? (
        <button type="button" className="task-setup button button-primary button-small" onClick={() => openSetup(task)}>
          <UserPlus size={14} aria-hidden="true" /> {t('run.createOwner')}
        </button>
      ) : null}
    </li>
  );
}

/** Opens the platform's first-owner setup (its one-time token in the fragment) in the preview. */
function openSetup(task: TaskInfo): void {
  if (!task.setupPath || !task.url || !task.previewUrl) return;
  usePreview.getState().show(new URL(task.setupPath, task.url).href, new URL(task.setupPath, task.previewUrl).href);
  useLayout.setState({ previewVisible: true });
}

function TaskLog({ name }: { name: string }) {
  const { t } = useTranslation();
  const text = useTasks((s) => logText(s.logs[name] ?? emptyLog()));
  const { ref, onScroll } = useFollowScroll<HTMLPreElement>(text, name);
  return (
    <section className="task-log" aria-label={t('run.log', { name })}>
      <h3 className="task-log-title">{t('run.log', { name })}</h3>
      <pre
        ref={ref}
        className="task-log-text"
        role="log"
        dir="ltr"
        // biome-ignore lint/a11y/noNoninteractiveTabindex: the log scrolls, so keyboard users must be able to reach it.
        tabIndex={0}
        onScroll={onScroll}
      >
        {text.length > 0 ? text : t('run.logEmpty')}
      </pre>
    </section>
  );
}

/** The Run side view: the project's tasks (install and package.json scripts), their state and logs. */
export function RunView() {
  const { t } = useTranslation();
  const workspace = useWorkspace((s) => s.workspace);
  const tasks = useTasks((s) => s.tasks);
  const loaded = useTasks((s) => s.loaded);
  const selected = useTasks((s) => s.selected);
  const refresh = useTasks((s) => s.refresh);
  const toolchain = useTasks((s) => s.toolchain);
  const missing = toolchain ? (['node', 'npm'] as const).filter((tool) => !toolchain[tool]) : [];

  useEffect(() => {
    if (workspace && !loaded) void refresh();
  }, [workspace, loaded, refresh]);

  if (!workspace) {
    return (
      <div className="view">
        <ViewHeader title={t('views.run.title')} />
        <EmptyState icon={SquareTerminal} text={t('run.noFolder')} />
      </div>
    );
  }
  return (
    <div className="view run-view">
      <ViewHeader title={t('views.run.title')}>
        <IconButton icon={RefreshCw} label={t('run.refresh')} onClick={() => void refresh()} />
      </ViewHeader>
      {missing.length ? (
        <div className="run-toolchain" role="alert">
          <p>{t('run.toolchainMissing', { tools: missing.join(', ') })}</p>
          <p>{t('run.toolchainHow')}</p>
        </div>
      ) : null}
      <ul className="task-list" aria-label={t('run.tasks')}>
        {tasks.map((task) => (
          <TaskRow key={task.name} task={task} />
        ))}
      </ul>
      {loaded && tasks.length <= 1 ? <p className="run-hint">{t('run.noScripts')}</p> : null}
      {selected ? <TaskLog name={selected} /> : null}
    </div>
  );
}
