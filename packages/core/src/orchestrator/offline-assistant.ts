import { errorLocations } from './error-location.js';
import type { AssistRequest } from './provider.js';

const DECLARATION =
  /^\s*(?:export\s+)?(?:default\s+)?(?:async\s+)?(?:function\*?|class|interface|type|enum|const|let|def)\s+([A-Za-z_$][\w$]*)/;
const IMPORT = /^\s*(?:import\s|from\s+\S+\s+import\s|(?:const|let|var)\s+\w+\s*=\s*require\()/;
const ERROR_LINE = /\b(?:error|Error|ERR!|failed|FAIL|TypeError|SyntaxError|ReferenceError|TS\d{4})\b.*$/m;

function describeFile(path: string, content: string): string {
  const lines = content.split('\n');
  const declarations = lines.map((line) => DECLARATION.exec(line)?.[1]).filter((name): name is string => !!name);
  const imports = lines.filter((line) => IMPORT.test(line)).length;
  const shown = declarations.slice(0, 12).join(', ');
  return (
    `${path}: ${lines.length} lines, ${imports} import${imports === 1 ? '' : 's'}` +
    (declarations.length > 0
      ? `; declares ${shown}${declarations.length > 12 ? ` and ${declarations.length - 12} more` : ''}.`
      : '.')
  );
}

/**
 * What can be said about code without a model: the shape of a file or a selection, where an error
 * points. Honest about its limits: explanations in depth and fixes need a Claude key.
 */
export function explainOffline(request: AssistRequest): string {
  const parts: string[] = [];
  if (request.mode === 'fix' && request.errorText) {
    const location = request.errorAt ?? errorLocations(request.errorText)[0];
    const message = ERROR_LINE.exec(request.errorText)?.[0]?.trim();
    parts.push(
      location
        ? `The error points at ${'path' in location ? location.path : location.file} line ${location.line}${location.column ? `, column ${location.column}` : ''}.`
        : 'The error text names no file and line.',
    );
    if (message) parts.push(`It says: ${message}`);
  }
  if (request.selection) {
    const lines = request.selection.split('\n').length;
    parts.push(`The selection is ${lines} line${lines === 1 ? '' : 's'}.`);
  }
  if (request.file) parts.push(describeFile(request.file.path, request.file.content));
  parts.push(
    'The offline assistant plans Blueprints but cannot reason about code; set an Anthropic API key in the AI panel for explanations, fixes and chat.',
  );
  return parts.join('\n');
}
