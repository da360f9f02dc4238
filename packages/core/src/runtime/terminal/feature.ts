import { homedir } from 'node:os';
import { defineCoreFeature } from '../../api/feature.js';
import { terminalContract } from './contract.js';
import { Terminals } from './terminals.js';

/** Terminals live as long as the workspace they were opened in (or until core closes). */
export const terminalFeature = defineCoreFeature(terminalContract, (context) => {
  const terminals = new Terminals({
    data: (id, offset, data) => context.bus.emit('terminal.data', { id, offset, data }),
    exited: (id, exitCode, signal) => context.bus.emit('terminal.exited', { id, exitCode, signal }),
    changed: (list) => context.bus.emit('terminal.changed', { terminals: list }),
  });
  const done = {};
  return {
    handlers: {
      'terminal.create': async ({ cols, rows, name }) =>
        terminals.create({ cwd: context.workspace()?.root ?? homedir(), cols, rows, name }),
      'terminal.list': async () => ({ terminals: terminals.list() }),
      'terminal.attach': async ({ id }) => terminals.attach(id),
      'terminal.write': async ({ id, data }) => {
        terminals.write(id, data);
        return done;
      },
      'terminal.resize': async ({ id, cols, rows }) => {
        terminals.resize(id, cols, rows);
        return done;
      },
      'terminal.rename': async ({ id, name }) => terminals.rename(id, name),
      'terminal.kill': async ({ id }) => {
        await terminals.kill(id);
        return done;
      },
      'terminal.ack': async ({ id, chars }) => {
        terminals.ack(id, chars);
        return done;
      },
    },
    workspaceChanged: async () => {
      await terminals.closeAll();
    },
    close: async () => {
      await terminals.closeAll();
    },
  };
});
