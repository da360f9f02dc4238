import { webnovaVersion } from '../shared/version.js';
import { auditCommand, auditUsage } from './audit.js';
import { blueprintCommand } from './blueprint.js';
import { generateCommand, generateUsage } from './generate.js';
import { governanceCommand, governanceUsage } from './governance.js';
import { CliError } from './json-file.js';
import { planCommand, planUsage } from './plan.js';
import { sandboxCommand, sandboxUsage } from './sandbox.js';
import { serveWeb } from './serve-web.js';
import { syncCommand, syncUsage } from './sync.js';

const usage = `Usage: webnova <command> [options]

Commands:
  serve-web [--host 127.0.0.1] [--port N] [--open] [folder]
      Serve the IDE to a browser: the renderer over HTTP and the core API over WebSocket.
      Loopback only by default; the printed URL carries a per-launch token. Without --port it
      uses 47320 when free (a stable address keeps the browser's cache), else any free port.
      --open  open it in a Chromium app window when one can be shown
  blueprint validate FILE [--json] [--lang ar]
      Check a Blueprint file: shape and meaning; every problem with its JSON path.
  blueprint diff A B [--json] [--lang ar]
      The patch from Blueprint A to B and its summary.
${planUsage}${generateUsage}${auditUsage}${governanceUsage}${syncUsage}${sandboxUsage}  help    Show this text
  version Print the version
`;

export async function main(argv: string[]): Promise<number> {
  try {
    return await run(argv);
  } catch (error) {
    if (error instanceof CliError) {
      if (error.message) console.error(error.message);
      return error.exitCode;
    }
    // parseArgs rejects unknown options with a TypeError whose message names the option.
    if ((error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      console.error(`webnova: ${(error as Error).message}`);
      return 2;
    }
    throw error;
  }
}

async function run(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'serve-web':
      return serveWeb(rest);
    case 'blueprint':
      return blueprintCommand(rest);
    case 'plan':
      return planCommand(rest);
    case 'generate':
      return generateCommand(rest);
    case 'audit':
      return auditCommand(rest);
    case 'governance':
      return governanceCommand(rest);
    case 'sandbox':
      return sandboxCommand(rest);
    case 'login':
    case 'logout':
    case 'sync':
      return syncCommand(command, rest);
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
