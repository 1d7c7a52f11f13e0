// Kinesis (kinesalite) and DynamoDB (dynalite) in this process on 127.0.0.1, for tests, benches and the main job.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import dynalite from 'dynalite';
import kinesalite from 'kinesalite';

/** The running local services and what an AWS SDK v3 client needs to talk to each. */
export interface LocalAws {
  /** http://127.0.0.1:<port> of kinesalite and of dynalite (for another process, or a client of your own making). */
  endpoints: { kinesis: string; dynamo: string };
  /** Settings for a `new KinesisClient(...)` against kinesalite (a fresh HTTP handler each call: a client destroys its own). */
  kinesisConfig(): LocalClientConfig;
  /** Settings for a `new DynamoDBClient(...)` against dynalite (likewise). */
  dynamoConfig(): LocalClientConfig;
  /** Stops both servers, closing the connections clients still hold. */
  close(): Promise<void>;
}

/** The client settings of a local endpoint: loopback, fixed region and credentials, HTTP/1.1. */
export interface LocalClientConfig {
  endpoint: string;
  region: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
  /** kinesalite speaks HTTP/1.1 only: the SDK's default HTTP/2 handler fails with ERR_HTTP2_ERROR. */
  requestHandler: NodeHttpHandler;
}

/**
 * Starts kinesalite and dynalite on 127.0.0.1 with ports the OS picks, in memory, with stream and table
 * transitions made instant (CREATING -> ACTIVE at once), and returns their client settings.
 *
 * @example
 * ```ts
 * const aws = await startLocalAws();
 * const kinesis = new KinesisClient(aws.kinesisConfig());
 * // ...
 * kinesis.destroy();
 * await aws.close();
 * ```
 */
export async function startLocalAws(options: { shardLimit?: number } = {}): Promise<LocalAws> {
  const kinesisServer = kinesalite({ createStreamMs: 0, deleteStreamMs: 0, updateStreamMs: 0, shardLimit: options.shardLimit ?? 100 });
  const dynamoServer = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  const [kinesisPort, dynamoPort] = await Promise.all([listen(kinesisServer), listen(dynamoServer)]);
  return {
    endpoints: { kinesis: endpoint(kinesisPort), dynamo: endpoint(dynamoPort) },
    kinesisConfig: () => clientConfig(kinesisPort),
    dynamoConfig: () => clientConfig(dynamoPort),
    close: () => Promise.all([shut(kinesisServer), shut(dynamoServer)]).then(() => undefined),
  };
}

const endpoint = (port: number) => `http://127.0.0.1:${port}`;

function clientConfig(port: number): LocalClientConfig {
  return {
    endpoint: endpoint(port),
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    requestHandler: new NodeHttpHandler(),
  };
}

function listen(server: Server): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });
}

function shut(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}
