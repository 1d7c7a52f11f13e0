// Types for kinesalite and dynalite, which ship none: each is a factory of a node http.Server.
declare module 'kinesalite' {
  import type { Server } from 'node:http';
  function kinesalite(options?: {
    createStreamMs?: number;
    deleteStreamMs?: number;
    updateStreamMs?: number;
    shardLimit?: number;
    path?: string;
    ssl?: boolean;
  }): Server;
  export = kinesalite;
}

declare module 'dynalite' {
  import type { Server } from 'node:http';
  function dynalite(options?: { createTableMs?: number; deleteTableMs?: number; updateTableMs?: number; path?: string; ssl?: boolean }): Server;
  export = dynalite;
}
