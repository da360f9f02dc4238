// The page that loads only Monaco, the editor bench's baseline: the IDE's Monaco workers, the file
// named in `?file=` fetched from the same web host, one editor showing it. Marks as the IDE's do.
import { installMonacoWorkers } from '../../../packages/ui/src/editor/monaco-workers';

performance.mark('monaco-only:page-ready');
const file = new URLSearchParams(location.search).get('file');
const [monaco, text] = await Promise.all([import('monaco-editor'), fetch(file).then((response) => response.text())]);
installMonacoWorkers();
const editor = monaco.editor.create(document.getElementById('editor'), {
  model: monaco.editor.createModel(text, 'typescript', monaco.Uri.file(file)),
  automaticLayout: true,
});
performance.mark('monaco-only:editor-ready');

/** Opens another file as the IDE does from its tree: its text fetched, then a model of its own. */
window.openFile = async (path) => {
  const content = await (await fetch(path)).text();
  editor.setModel(monaco.editor.createModel(content, 'plaintext', monaco.Uri.file(path)));
};
