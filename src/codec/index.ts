/** Payload encryption for Temporal: keys, the AES-256-GCM codec, the data converter and the codec server. */
export * from './keys.js';
export * from './encryption-codec.js';
export * from './data-converter.js';
export * from './server.js';
