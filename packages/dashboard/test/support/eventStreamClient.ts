// A server-sent events client on node:http, reading the dashboard's stream frame by frame, as a browser would.
import { get, type IncomingMessage } from 'node:http';
import type { ActorSummaryView, DashboardView } from '../../src';

export interface Frame {
  event: string | undefined;
  /** Each `data:` line of the frame, in order (the dashboard sends exactly one). */
  data: string[];
}

export interface EventStreamClient {
  readonly response: IncomingMessage;
  /** Frames with an event or data, in arrival order (comments and `retry:` lines are left out). */
  readonly frames: Frame[];
  /** The views of the frames named `event`. */
  views(event: 'state' | 'update'): DashboardView<ActorSummaryView>[];
  readonly ended: Promise<void>;
  close(): void;
}

function parse(block: string): Frame {
  const frame: Frame = { event: undefined, data: [] };
  for (const line of block.split('\n')) {
    if (line.startsWith('event: ')) frame.event = line.slice('event: '.length);
    else if (line.startsWith('data: ')) frame.data.push(line.slice('data: '.length));
  }
  return frame;
}

/** Opens `<url>events` and resolves once the response headers arrived. */
export function connectEventStream(url: string, headers: Record<string, string> = {}): Promise<EventStreamClient> {
  return new Promise((resolve, reject) => {
    const request = get(`${url}events`, { headers: { Accept: 'text/event-stream', ...headers } }, (response) => {
      const frames: Frame[] = [];
      let buffer = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        buffer += chunk;
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const frame = parse(buffer.slice(0, end));
          buffer = buffer.slice(end + 2);
          if (frame.event !== undefined || frame.data.length > 0) frames.push(frame);
        }
      });
      const ended = new Promise<void>((done) => {
        response.on('end', done);
        response.on('close', done);
      });
      resolve({
        response,
        frames,
        views: (event) => frames.filter((f) => f.event === event).map((f) => JSON.parse(f.data.join('\n')) as DashboardView<ActorSummaryView>),
        ended,
        close: () => request.destroy(),
      });
    });
    request.on('error', reject);
  });
}
