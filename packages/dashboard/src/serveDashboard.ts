// Serves the dashboard: one page and a server-sent event stream of the actor tree, on Node's http module.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { isIP } from 'node:net';
import { inspect as formatValue } from 'node:util';
import type { InspectionEvent } from 'xstate';
import type { ActorSummaryView, DashboardView } from './dashboardView';
import { DashboardError } from './errors';
import { ActorTree } from './internal/actorTree';
import { PAGE_CSP, PAGE_HTML } from './internal/dashboardPage';

/**
 * Options of {@link serveDashboard}. Defaults: host `127.0.0.1`, port 0 (any free port: read `url`),
 * throttleMs 100, maxEventsPerActor 20, maxFinishedActors 1000.
 *
 * @example
 * ```ts
 * const options: DashboardOptions = { port: 4000, maxEventsPerActor: 50 };
 * ```
 */
export interface DashboardOptions {
  /** 0 picks a free port. */
  port?: number;
  /** Binding anything but a loopback address shows the actor system to the network: there is no authentication. */
  host?: string;
  /** Changes are batched into one push at most this long after the first of them (at most 250). */
  throttleMs?: number;
  /** Received and emitted events kept per actor (each list). */
  maxEventsPerActor?: number;
  /** Finished actors kept (done, stopped or crashed) before the oldest are forgotten. */
  maxFinishedActors?: number;
}

/**
 * A running dashboard. Pass `inspect` to `createActor(root, { inspect })` (several roots may share it);
 * open `url` in a browser. `view()` is what the page shows, as data. `close()` ends the event streams and
 * the server; after it `inspect` ignores events, and nothing of the dashboard keeps the process alive
 * (neither does it while open: the server and its connections are unref'd).
 *
 * @example
 * ```ts
 * const dashboard = await serveDashboard();
 * const app = createActor(appSupervisor, { inspect: dashboard.inspect }).start();
 * console.log(`dashboard: ${dashboard.url}`);
 * process.once('SIGTERM', () => void dashboard.close());
 * ```
 */
export interface Dashboard {
  readonly inspect: (event: InspectionEvent) => void;
  /** `http://<host>:<port>/`, with the port actually bound. */
  readonly url: string;
  view(): DashboardView;
  close(): Promise<void>;
}

interface Resolved {
  port: number;
  host: string;
  throttleMs: number;
  maxEventsPerActor: number;
  maxFinishedActors: number;
}

/** A push that waits longer than this for a slow page is dropped with its connection; the page reconnects. */
const MAX_BUFFERED_BYTES = 8 * 1024 * 1024;
const TICK_MS = 1000;
const HEARTBEAT_TICKS = 15;

function integer(options: Record<string, unknown>, field: string, fallback: number, min: number, max: number): number {
  const value = options[field];
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new DashboardError('invalid_option', `serveDashboard: options.${field} must be an integer from ${min} to ${max}, got ${formatValue(value)}`);
  }
  return value;
}

function resolveOptions(options: unknown): Resolved {
  if (options === undefined) options = {};
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new DashboardError('invalid_option', `serveDashboard: options must be an object, got ${formatValue(options)}`);
  }
  const o = options as Record<string, unknown>;
  const host = o.host ?? '127.0.0.1';
  if (typeof host !== 'string' || host === '') {
    throw new DashboardError('invalid_option', `serveDashboard: options.host must be a non-empty string, got ${formatValue(host)}`);
  }
  return {
    host,
    port: integer(o, 'port', 0, 0, 65535),
    throttleMs: integer(o, 'throttleMs', 100, 0, 250),
    maxEventsPerActor: integer(o, 'maxEventsPerActor', 20, 0, 10_000),
    maxFinishedActors: integer(o, 'maxFinishedActors', 1000, 1, 1_000_000),
  };
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || (isIP(host) === 4 && host.startsWith('127.'));
}

function hostName(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  const bracket = header.match(/^\[([^\]]+)\](?::\d+)?$/);
  if (bracket) return bracket[1];
  return header.replace(/:\d+$/, '');
}

function sendJson(req: IncomingMessage, res: ServerResponse, body: unknown): void {
  res
    .writeHead(200, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' })
    .end(req.method === 'HEAD' ? undefined : JSON.stringify(body));
}

function frame(event: 'state' | 'update', view: DashboardView<ActorSummaryView>): string {
  // JSON escapes every line break, so a hostile string cannot end the `data:` line and forge a frame.
  return `event: ${event}\ndata: ${JSON.stringify(view)}\n\n`;
}

/**
 * Starts the dashboard's HTTP server and resolves once it listens. Throws {@link DashboardError}
 * `invalid_option` at once for bad options; the promise rejects with Node's error if it cannot listen
 * (EADDRINUSE...).
 *
 * Routes: `/` the page, `/events` the server-sent event stream (a `state` event with every actor, then
 * `update` events with the actors whose view changed, at most `throttleMs` after a change; neither carries
 * an actor's details: context, received and emitted events), `/state.json` the full view with details,
 * `/actor.json?key=<key>` one actor with its details (what the page's details pane shows). Bound to a loopback address (the default), it answers only requests whose Host header is
 * a loopback name, so that a web page elsewhere cannot read it through DNS rebinding.
 *
 * The inspection callback only records (map look-ups and array pushes); snapshots are read and turned
 * into text when a push is due, and only while a page is connected.
 *
 * @example
 * ```ts
 * import { createActor } from 'xstate';
 * import { createSupervisor } from '@xstate-otp/core';
 * import { serveDashboard } from '@xstate-otp/dashboard';
 *
 * const dashboard = await serveDashboard({ port: 4000 });
 * const app = createActor(createSupervisor({ children }), { inspect: dashboard.inspect }).start();
 * console.log(`dashboard: ${dashboard.url}`); // http://127.0.0.1:4000/
 * // on shutdown:
 * await dashboard.close();
 * ```
 */
export function serveDashboard(options?: DashboardOptions): Promise<Dashboard> {
  const config = resolveOptions(options);
  const tree = new ActorTree(config);
  const clients = new Set<ServerResponse>();
  const allowAnyHost = !isLoopback(config.host);
  let closed = false;
  let flushTimer: NodeJS.Timeout | undefined;
  let ticker: NodeJS.Timeout | undefined;
  let ticks = 0;

  const send = (client: ServerResponse, text: string) => {
    if (client.writableLength > MAX_BUFFERED_BYTES) {
      clients.delete(client);
      client.destroy();
      return;
    }
    client.write(text);
  };

  const flush = () => {
    flushTimer = undefined;
    const changes = tree.takeChanges();
    if (clients.size === 0 || (changes.actors.length === 0 && changes.removed.length === 0)) return;
    const text = frame('update', changes);
    for (const client of clients) send(client, text);
  };

  tree.onChange = () => {
    if (clients.size > 0 && flushTimer === undefined) flushTimer = setTimeout(flush, config.throttleMs).unref();
  };

  const tick = () => {
    tree.checkRoots();
    if (++ticks % HEARTBEAT_TICKS === 0) for (const client of clients) send(client, ': heartbeat\n\n');
  };

  const openStream = (req: IncomingMessage, res: ServerResponse) => {
    res.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
      Connection: 'keep-alive',
    });
    // Pages already connected get what changed before the newcomer's full view, so no change is lost to them.
    if (flushTimer !== undefined) clearTimeout(flushTimer);
    flush();
    res.write(`retry: 1000\n\n${frame('state', tree.streamView())}`);
    clients.add(res);
    tree.watch(true);
    ticker ??= setInterval(tick, TICK_MS).unref();
    req.on('close', () => {
      clients.delete(res);
      if (clients.size > 0) return;
      tree.watch(false);
      if (ticker === undefined) return;
      clearInterval(ticker);
      ticker = undefined;
    });
  };

  const handle = (req: IncomingMessage, res: ServerResponse) => {
    if (!allowAnyHost && !isLoopback(hostName(req.headers.host) ?? '')) {
      res.writeHead(403, { 'Content-Type': 'text/plain; charset=utf-8' }).end('forbidden host\n');
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD', 'Content-Type': 'text/plain; charset=utf-8' }).end('method not allowed\n');
      return;
    }
    const url = new URL(req.url ?? '/', 'http://localhost');
    const path = url.pathname;
    if (path === '/events' && req.method === 'GET') {
      openStream(req, res);
    } else if (path === '/') {
      res
        .writeHead(200, {
          'Content-Type': 'text/html; charset=utf-8',
          'Content-Security-Policy': PAGE_CSP,
          'Cache-Control': 'no-store',
          'X-Content-Type-Options': 'nosniff',
          'Referrer-Policy': 'no-referrer',
        })
        .end(req.method === 'HEAD' ? undefined : PAGE_HTML);
    } else if (path === '/events') {
      res.writeHead(200, { 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-store' }).end();
    } else if (path === '/state.json') {
      sendJson(req, res, tree.fullView());
    } else if (path === '/actor.json') {
      const actor = tree.details(url.searchParams.get('key') ?? '');
      if (actor) sendJson(req, res, actor);
      else res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('no such actor\n');
    } else {
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('not found\n');
    }
  };

  const server = createServer(handle);
  server.on('connection', (socket) => socket.unref());
  server.unref();

  const close = (): Promise<void> => {
    if (closed) return Promise.resolve();
    closed = true;
    tree.onChange = undefined;
    if (flushTimer !== undefined) clearTimeout(flushTimer);
    if (ticker !== undefined) clearInterval(ticker);
    flushTimer = ticker = undefined;
    for (const client of clients) client.end();
    clients.clear();
    return new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  };

  return new Promise<Dashboard>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => {
      server.off('error', reject);
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : config.port;
      const urlHost = config.host.includes(':') ? `[${config.host}]` : config.host;
      resolve({
        inspect: (event: InspectionEvent) => {
          if (!closed) tree.record(event);
        },
        url: `http://${urlHost}:${port}/`,
        view: () => tree.fullView(),
        close,
      });
    });
  });
}
