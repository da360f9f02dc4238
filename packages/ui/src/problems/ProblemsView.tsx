import { CircleAlert, ListChecks, Sparkles, Trash2, TriangleAlert } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import { askAi, fixProblem } from '../ai/questions';
import { EmptyState } from '../components/EmptyState';
import { IconButton } from '../components/IconButton';
import { useEditors } from '../editor/editors-store';
import { parseSourceTag } from '../preview/preview-messages';
import { useProblems } from './problems-store';
import './problems.css';

/** A workspace position opens in the editor; any other address is only shown. */
function ProblemLocation({ location }: { location: string }) {
  const { t } = useTranslation();
  const target = /^[a-z]+:/i.test(location) ? null : parseSourceTag(location);
  if (!target)
    return (
      <span className="problem-location" dir="ltr">
        {location}
      </span>
    );
  return (
    <button
      type="button"
      className="problem-location problem-link"
      dir="ltr"
      title={t('problems.open', { location })}
      onClick={() => void useEditors.getState().open(target.path, { line: target.line, column: target.column })}
    >
      {location}
    </button>
  );
}

/** The Problems tab of the bottom panel: errors the previewed page reported, newest last. */
export function ProblemsView() {
  const { t } = useTranslation();
  const problems = useProblems((s) => s.problems);
  const clear = useProblems((s) => s.clear);
  if (problems.length === 0) return <EmptyState icon={ListChecks} text={t('panel.problems.empty')} />;
  return (
    <div className="problems">
      <div className="problems-bar">
        <span>{t('problems.count', { count: problems.length })}</span>
        <IconButton icon={Trash2} label={t('problems.clear')} onClick={clear} />
      </div>
      <ul className="problems-list" aria-label={t('panel.problems.title')}>
        {problems.map((problem) => {
          const Icon = problem.level === 'error' ? CircleAlert : TriangleAlert;
          return (
            <li key={problem.id} className={`problem problem-${problem.level}`}>
              <Icon size={14} aria-label={t(`problems.level.${problem.level}`)} className="problem-icon" />
              <span className="problem-origin">{t(`problems.origin.${problem.origin}`)}</span>
              <span className="problem-message" dir="auto">
                {problem.message}
              </span>
              {problem.location ? <ProblemLocation location={problem.location} /> : null}
              {problem.count > 1 ? (
                <span className="problem-count" title={t('problems.repeated', { count: problem.count })}>
                  {problem.count}
                </span>
              ) : null}
              <IconButton
                icon={Sparkles}
                label={t('ai.ask.fixProblemAction')}
                className="problem-fix"
                onClick={() => askAi(fixProblem(problem))}
              />
            </li>
          );
        })}
      </ul>
    </div>
  );
}
