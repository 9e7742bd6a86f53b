/** A logger whose JSON lines the test reads back: what an operator's log shows, as objects. */
import { Writable } from 'node:stream';
import { createLogger, type Logger } from '../../src/log.js';

export function logSink(): { lines: Array<Record<string, unknown>>; log: Logger } {
  const lines: Array<Record<string, unknown>> = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      done();
    },
  });
  return { lines, log: createLogger('info', stream) };
}
