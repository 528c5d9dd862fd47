/**
 * `ixopay-temporal/codec`: the payload codec (AES-256-GCM with key ids), the data converter the pipeline's
 * clients and workers use, and the Web UI's remote codec endpoint, as a server or a request listener to mount.
 */
export {
  DEV_PAYLOAD_KEYS,
  ENCRYPTED_ENCODING,
  EncryptionCodec,
  FAILURE_CONVERTER_PATH,
  METADATA_KEY_ID,
  PAYLOAD_KEY_BYTES,
  PayloadDecryptionError,
  PayloadKeyError,
  bearerMatches,
  codecRequestHandler,
  parsePayloadKeys,
  paymentsDataConverter,
  startCodecServer,
  type CodecHandlerOptions,
  type CodecServer,
  type CodecServerOptions,
  type EncryptionCodecOptions,
  type PayloadKey,
} from '../codec/index.js';
