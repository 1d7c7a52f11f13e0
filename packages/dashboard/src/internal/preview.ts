// Short, bounded text of values that come from user code (contexts, event payloads, errors), for the page.
// Never throws, never descends into class instances (a supervisor's engine, a breaker's), never runs long.

const MAX_DEPTH = 3;
const MAX_ITEMS = 10;
const MAX_STRING = 120;

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/** At most `max` characters, the last one `…` when some were cut. */
function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

function isActorRef(value: object): value is { id: string } {
  const ref = value as { sessionId?: unknown; send?: unknown; id?: unknown };
  return typeof ref.sessionId === 'string' && typeof ref.send === 'function' && typeof ref.id === 'string';
}

function className(value: object): string {
  const name = (Object.getPrototypeOf(value) as { constructor?: { name?: unknown } } | null)?.constructor?.name;
  return typeof name === 'string' && name !== '' ? name : 'Object';
}

/** Collects text until `budget` characters are used; the caller truncates what overflows. */
class Writer {
  text = '';
  constructor(private readonly budget: number) {}
  get full(): boolean {
    return this.text.length >= this.budget;
  }
  write(part: string): void {
    this.text += part;
  }
}

function write(out: Writer, value: unknown, depth: number, omitKey?: string): void {
  if (out.full) return;
  switch (typeof value) {
    case 'string':
      out.write(JSON.stringify(truncate(value, MAX_STRING)));
      return;
    case 'number':
    case 'boolean':
    case 'undefined':
      out.write(String(value));
      return;
    case 'bigint':
      out.write(`${value}n`);
      return;
    case 'symbol':
      out.write(value.toString());
      return;
    case 'function':
      out.write(`[Function${value.name ? ` ${value.name}` : ''}]`);
      return;
  }
  if (value === null) {
    out.write('null');
    return;
  }
  const object = value as object;
  if (object instanceof Error) {
    out.write(`[${errorText(object)}]`);
  } else if (object instanceof Date) {
    out.write(Number.isNaN(object.getTime()) ? 'Invalid Date' : object.toISOString());
  } else if (isActorRef(object)) {
    out.write(`[actor ${truncate(object.id, MAX_STRING)}]`);
  } else if (ArrayBuffer.isView(object)) {
    out.write(`${className(object)}(${(object as { length?: number }).length ?? object.byteLength})`);
  } else if (object instanceof Map || object instanceof Set) {
    out.write(`${className(object)}(${object.size})`);
  } else if (Array.isArray(object)) {
    if (depth >= MAX_DEPTH) {
      out.write(`Array(${object.length})`);
      return;
    }
    out.write('[');
    const shown = Math.min(object.length, MAX_ITEMS);
    for (let i = 0; i < shown && !out.full; i++) {
      if (i > 0) out.write(', ');
      write(out, object[i], depth + 1);
    }
    if (object.length > shown) out.write(`, … ${object.length - shown} more`);
    out.write(']');
  } else {
    const proto = Object.getPrototypeOf(object) as unknown;
    if (proto !== Object.prototype && proto !== null) {
      out.write(`[${className(object)}]`);
      return;
    }
    const keys = Object.keys(object).filter((key) => key !== omitKey);
    if (depth >= MAX_DEPTH) {
      out.write(keys.length === 0 ? '{}' : '{…}');
      return;
    }
    out.write('{');
    const shown = Math.min(keys.length, MAX_ITEMS);
    for (let i = 0; i < shown && !out.full; i++) {
      const key = keys[i];
      out.write(`${i > 0 ? ', ' : ''}${IDENTIFIER.test(key) ? key : JSON.stringify(truncate(key, MAX_STRING))}: `);
      write(out, (object as Record<string, unknown>)[key], depth + 1);
    }
    if (keys.length > shown) out.write(`, … ${keys.length - shown} more`);
    out.write('}');
  }
}

/**
 * A one-line text of `value`, at most `maxChars` long: plain objects and arrays to depth 3 and 10 items,
 * class instances as `[ClassName]`, actors as `[actor id]`, errors as `[Name: message]`.
 * `omitKey` leaves one top-level key out (an event's `type`, shown elsewhere).
 */
export function preview(value: unknown, maxChars: number, omitKey?: string): string {
  const out = new Writer(maxChars);
  try {
    write(out, value, 0, omitKey);
  } catch {
    // A getter or a proxy of user code threw: what was written so far is still worth showing.
    out.write(' [unreadable]');
  }
  return truncate(out.text, maxChars);
}

/** The text of an error as people read it: `Name: message` for an Error, else a short preview. */
export function errorText(error: unknown, maxChars = 500): string {
  if (error instanceof Error) {
    let message: unknown;
    try {
      message = error.message;
    } catch {
      message = '[unreadable]';
    }
    return truncate(`${error.name || 'Error'}: ${String(message)}`, maxChars);
  }
  return typeof error === 'string' ? truncate(error, maxChars) : preview(error, maxChars);
}
