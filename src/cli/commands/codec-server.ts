/** `codec-server`: the Temporal Web UI's remote codec endpoint, decrypting payloads for authorised viewers. */
import { EncryptionCodec, startCodecServer } from '../../codec/index.js';
import { DEVELOPMENT_MODE_WARNING, loadConfig } from '../../config/config.js';
import { CODEC_SERVER_USAGE as USAGE } from './services-usage.js';
import { EXIT, parse } from '../args.js';

function logJson(message: string, fields?: Record<string, unknown>): void {
  console.log(JSON.stringify({ at: new Date().toISOString(), message, ...fields }));
}

export async function codecServerCommand(argv: string[]): Promise<number> {
  parse(argv, {}, USAGE);
  const config = loadConfig(process.env, 'codec-server');
  if (config.mode === 'development') {
    console.error(`*** ${DEVELOPMENT_MODE_WARNING} ***`);
    logJson(DEVELOPMENT_MODE_WARNING, { mode: config.mode });
  }
  const server = await startCodecServer({
    codec: new EncryptionCodec(config.payloadKeys),
    host: config.codecServer.host,
    port: config.codecServer.port,
    token: config.codecServer.token,
    corsOrigins: config.codecServer.corsOrigins,
    log: logJson,
  });
  logJson('codec server listening', {
    url: server.url,
    mode: config.mode,
    corsOrigins: config.codecServer.corsOrigins,
    token: config.codecServer.token
      ? 'required'
      : 'not set: allowed origins on loopback only (development mode)',
    keyIds: config.payloadKeys.map((k) => k.id),
  });
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await server.stop();
  logJson('codec server stopped');
  return EXIT.ok;
}
