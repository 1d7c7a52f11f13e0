// A machine's state value as one line: `processing.running`, or `{poll: waiting, checks: idle}` for parallel states.
import type { StateValue } from 'xstate';

export function stateValueText(value: StateValue): string {
  if (typeof value === 'string') return value;
  const entries = Object.entries(value).filter((entry): entry is [string, StateValue] => entry[1] !== undefined);
  if (entries.length === 1) {
    const [key, child] = entries[0];
    return typeof child === 'object' && Object.keys(child).length === 0 ? key : `${key}.${stateValueText(child)}`;
  }
  return `{${entries.map(([key, child]) => `${key}: ${stateValueText(child)}`).join(', ')}}`;
}
