import type { SystemMessage } from '../contracts/messages/system-message.js';
import { errorLocations } from './error-location.js';
import type { AssistRequest } from './provider.js';

const DECLARATION =
  /^\s*(?:export\s+)?(?:default\s+)?(?:async\s+)?(?:function\*?|class|interface|type|enum|const|let|def)\s+([A-Za-z_$][\w$]*)/;
const IMPORT = /^\s*(?:import\s|from\s+\S+\s+import\s|(?:const|let|var)\s+\w+\s*=\s*require\()/;
const ERROR_LINE = /\b(?:error|Error|ERR!|failed|FAIL|TypeError|SyntaxError|ReferenceError|TS\d{4})\b.*$/m;

const offline = (code: string, params?: SystemMessage['params']): SystemMessage =>
  params ? { code: `OFFLINE_${code}`, params } : { code: `OFFLINE_${code}` };

function describeFile(path: string, content: string): SystemMessage {
  const lines = content.split('\n');
  const declarations = lines.map((line) => DECLARATION.exec(line)?.[1]).filter((name): name is string => !!name);
  const imports = lines.filter((line) => IMPORT.test(line)).length;
  const shown = declarations.slice(0, 12).join(', ');
  const more = declarations.length - 12;
  return offline('FILE', {
    path,
    lines: offline('LINES', { count: lines.length }),
    imports: offline('IMPORTS', { count: imports }),
    ...(declarations.length > 0
      ? { context: 'DECLARES', names: more > 0 ? offline('NAMES_MORE', { names: shown, count: more }) : shown }
      : {}),
  });
}

/**
 * What can be said about code without a model: the shape of a file or a selection, where an error
 * points. Honest about its limits: explanations in depth and fixes need a Claude key. Core's own words,
 * so a system message (`OFFLINE_ANSWER`, one line a part) the UI puts into its language.
 */
export function explainOffline(request: AssistRequest): SystemMessage {
  const parts: SystemMessage[] = [];
  if (request.mode === 'fix' && request.errorText) {
    const location = request.errorAt ?? errorLocations(request.errorText)[0];
    const message = ERROR_LINE.exec(request.errorText)?.[0]?.trim();
    parts.push(
      location
        ? offline('ERROR_AT', {
            path: 'path' in location ? location.path : location.file,
            line: location.line,
            ...(location.column ? { column: location.column, context: 'COLUMN' } : {}),
          })
        : offline('ERROR_NO_PLACE'),
    );
    if (message) parts.push(offline('ERROR_SAYS', { message }));
  }
  if (request.selection) parts.push(offline('SELECTION', { count: request.selection.split('\n').length }));
  if (request.file) parts.push(describeFile(request.file.path, request.file.content));
  parts.push(offline('LIMITS'));
  return offline('ANSWER', { parts, separator: 'LINES' });
}
