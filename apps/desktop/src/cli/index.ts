import { webnovaVersion } from '../shared/version.js';
import { serveWeb } from './serve-web.js';

const usage = `Usage: webnova <command> [options]

Commands:
  serve-web [--host 127.0.0.1] [--port N] [--open] [folder]
      Serve the IDE to a browser: the renderer over HTTP and the core API over WebSocket.
      Loopback only by default; the printed URL carries a per-launch token. Without --port it
      uses 47320 when free (a stable address keeps the browser's cache), else any free port.
      --open  open it in a Chromium app window when one can be shown
  help    Show this text
  version Print the version
`;

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'serve-web':
      return serveWeb(rest);
    case 'version':
    case '--version':
    case '-v':
      console.log(webnovaVersion);
      return 0;
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      console.log(usage);
      return 0;
    default:
      console.error(`webnova: unknown command "${command}"\n\n${usage}`);
      return 2;
  }
}
