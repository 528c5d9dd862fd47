/** Demo credentials (also the CLI defaults). */
export const SIMULATOR_DEFAULTS = {
  apiKey: 'sim-api-key',
  username: 'sim-user',
  password: 'sim-password',
  sharedSecret: 'sim-shared-secret',
} as const;
