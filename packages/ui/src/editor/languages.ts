import { baseName } from '../workspace/paths';

export interface LanguageInfo {
  /** Monaco's language id. */
  id: string;
  /** The language's own name; `null` for plain text, whose name is translated. */
  name: string | null;
}

const byExtension: Record<string, LanguageInfo> = {};
const byFileName: Record<string, LanguageInfo> = {};

function language(id: string, name: string, extensions: string[], fileNames: string[] = []): void {
  for (const ext of extensions) byExtension[ext] = { id, name };
  for (const file of fileNames) byFileName[file] = { id, name };
}

language('typescript', 'TypeScript', ['ts', 'tsx', 'mts', 'cts']);
language('javascript', 'JavaScript', ['js', 'jsx', 'mjs', 'cjs']);
language('json', 'JSON', ['json', 'jsonc', 'json5', 'webmanifest'], ['.babelrc', '.eslintrc', 'tsconfig.json']);
language('html', 'HTML', ['html', 'htm', 'xhtml', 'vue', 'svelte']);
language('css', 'CSS', ['css']);
language('scss', 'SCSS', ['scss']);
language('less', 'Less', ['less']);
language('markdown', 'Markdown', ['md', 'markdown', 'mdx']);
language('yaml', 'YAML', ['yml', 'yaml']);
language('xml', 'XML', ['xml', 'svg', 'xsd', 'xsl', 'plist', 'csproj']);
language('python', 'Python', ['py', 'pyw', 'pyi']);
language('go', 'Go', ['go']);
language('rust', 'Rust', ['rs']);
language('java', 'Java', ['java']);
language('kotlin', 'Kotlin', ['kt', 'kts']);
language('csharp', 'C#', ['cs']);
language('cpp', 'C++', ['c', 'h', 'cc', 'cpp', 'cxx', 'hpp', 'hh']);
language('php', 'PHP', ['php']);
language('ruby', 'Ruby', ['rb', 'gemspec'], ['Gemfile', 'Rakefile']);
language('swift', 'Swift', ['swift']);
language('dart', 'Dart', ['dart']);
language('lua', 'Lua', ['lua']);
language('sql', 'SQL', ['sql']);
language('shell', 'Shell Script', ['sh', 'bash', 'zsh'], ['.bashrc', '.zshrc', '.profile']);
language('powershell', 'PowerShell', ['ps1', 'psm1']);
language('graphql', 'GraphQL', ['graphql', 'gql']);
language('ini', 'Ini', ['ini', 'toml', 'cfg', 'conf', 'properties'], ['.env', '.npmrc', '.editorconfig']);
language('dockerfile', 'Dockerfile', ['dockerfile'], ['Dockerfile', 'Containerfile']);
language('handlebars', 'Handlebars', ['hbs', 'handlebars']);

const plainText: LanguageInfo = { id: 'plaintext', name: null };

/** The language Monaco should use for a file, from its name (case-insensitive extension). */
export function languageOf(path: string): LanguageInfo {
  const name = baseName(path);
  const exact = byFileName[name];
  if (exact) return exact;
  if (name.startsWith('.env.')) return byFileName['.env'] ?? plainText;
  const dot = name.lastIndexOf('.');
  if (dot <= 0) return plainText;
  return byExtension[name.slice(dot + 1).toLowerCase()] ?? plainText;
}
