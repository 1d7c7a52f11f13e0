// childLogger: bindings on every line, through the logger's own child() or merged by hand.
import { childLogger, type Logger } from '../src';

describe('childLogger', () => {
  it("merges the bindings into each line's metadata when the logger has no child()", () => {
    const lines: unknown[] = [];
    const flat: Logger = {
      error: (m, meta) => lines.push(['error', m, meta]),
      warn: (m, meta) => lines.push(['warn', m, meta]),
      info: (m, meta) => lines.push(['info', m, meta]),
      debug: (m, meta) => lines.push(['debug', m, meta]),
    };
    const log = childLogger(flat, { component: 'x' });
    log.warn('careful', { n: 1 });
    log.child!({ childId: 'c1' }).error('boom');
    expect(lines).toEqual([
      ['warn', 'careful', { component: 'x', n: 1 }],
      ['error', 'boom', { component: 'x', childId: 'c1' }],
    ]);
  });

  it("uses the logger's own child() when it has one", () => {
    const made: unknown[] = [];
    const parent: Logger = { error() {}, warn() {}, info() {}, debug() {}, child: (b) => (made.push(b), parent) };
    expect(childLogger(parent, { component: 'y' })).toBe(parent);
    expect(made).toEqual([{ component: 'y' }]);
  });
});
