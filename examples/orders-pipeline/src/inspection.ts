// Who watches the actors: the local dashboard page, and with XSTATE_INSPECT=1 Stately's inspector too.
import type { InspectionEvent } from 'xstate';
import { serveDashboard } from '@xstate-otp/dashboard';
import type { Settings } from './settings';

export interface Inspection {
  inspect: ((event: InspectionEvent) => void) | undefined;
  url: string | undefined;
  close(): Promise<void>;
}

export async function startInspection(settings: Settings, log: (line: string) => void): Promise<Inspection> {
  const observers: Array<(event: InspectionEvent) => void> = [];
  const closers: Array<() => unknown> = [];
  let url: string | undefined;
  if (settings.dashboard) {
    const dashboard = await serveDashboard({ port: settings.dashboard.port });
    observers.push(dashboard.inspect);
    closers.push(() => dashboard.close());
    url = dashboard.url;
  }
  if (settings.statelyInspect) {
    // @statelyai/inspect is ESM only (loaded with import()). Its server relays events to a page that embeds
    // Stately's inspector UI from stately.ai: the UI needs the internet, the relay does not.
    const { createInspectorServer } = await import('@statelyai/inspect/server');
    const { createWebSocketInspector } = await import('@statelyai/inspect');
    const port = settings.statelyInspect.port;
    const server = createInspectorServer({ port, autoOpen: false });
    const inspector = createWebSocketInspector({ url: `ws://localhost:${port}` });
    observers.push((event) => inspector.inspect.next?.(event));
    closers.push(() => inspector.stop(), () => server.stop());
    log(`Stately inspector: open http://localhost:${port} (its UI is served by stately.ai and needs internet)`);
  }
  return {
    inspect: observers.length === 0 ? undefined : (event) => observers.forEach((observe) => observe(event)),
    url,
    close: async () => {
      for (const close of closers) await close();
    },
  };
}
