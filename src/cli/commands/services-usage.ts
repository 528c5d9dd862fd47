/** The --help of `worker` and `webhook`, apart from their code so it prints without loading it. */

export const WORKER_USAGE = `Usage: ixopay-temporal worker

Runs the payment worker (workflows + activities) until SIGINT/SIGTERM, then shuts down gracefully.
Configured by the environment (docs/configuration.md): TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE, TEMPORAL_API_KEY,
TEMPORAL_TLS* (or a Temporal config profile), TEMPORAL_TASK_QUEUE, IXOPAY_BASE_URL (default the simulator on
127.0.0.1:SIMULATOR_PORT, 8480), IXOPAY_API_KEY, IXOPAY_USERNAME, IXOPAY_PASSWORD, IXOPAY_SHARED_SECRET,
WEBHOOK_PUBLIC_URL, DATA_DIR, SESSION_PROOF_SECRETS, PERSONAL_DATA_KEY, PAYLOAD_KEYS, WORKFLOW_BUNDLE, METRICS_PORT,
APP_MODE (production unless APP_MODE=development; production refuses to start without real secrets),
CUSTOMER_STORE_URL (postgres:// URL of a customer store shared by all workers; default: DATA_DIR/customers.sqlite),
WORKER_VERSIONING (on|off; required in production), WORKER_DEPLOYMENT_NAME (default ixopay-payments),
WORKER_BUILD_ID (default <package version>+<git commit>; see docs/deploys.md).
GET /metrics on METRICS_HOST:METRICS_PORT and GET /health on METRICS_HOST:HEALTH_PORT (each off when unset).
Logs are JSON lines. Exit codes: 0 stopped, 2 invalid configuration, 1 error (e.g. Temporal unreachable).`;

export const WEBHOOK_USAGE = `Usage: ixopay-temporal webhook

Runs the callback receiver on WEBHOOK_HOST:WEBHOOK_PORT (default 127.0.0.1:8787; POST /ixopay/callback) until
SIGINT/SIGTERM. Verifies IXOPAY_SHARED_SECRET (and IXOPAY_SHARED_SECRET_PREVIOUS during rotation), Date within
WEBHOOK_TOLERANCE_SECONDS, then signals the charge's workflow. GET /metrics on its own listener,
METRICS_HOST:WEBHOOK_METRICS_PORT (default host 127.0.0.1; off when the port is unset).
Logs are JSON lines. Exit codes: 0 stopped, 2 invalid configuration, 1 error (e.g. Temporal unreachable).`;

export const CODEC_SERVER_USAGE = `Usage: ixopay-temporal codec-server

Serves POST /decode and /encode (the Temporal remote codec protocol) on CODEC_SERVER_HOST:CODEC_SERVER_PORT
(default 127.0.0.1:8888) until SIGINT/SIGTERM, with the keys of PAYLOAD_KEYS. Requests need
"Authorization: Bearer $CODEC_SERVER_TOKEN" (required in production mode); CORS answers CODEC_CORS_ORIGIN
(comma list, default http://localhost:8233). Point the Web UI at it: temporal server start-dev
--ui-codec-endpoint http://127.0.0.1:8888, or the namespace's codec server setting in Temporal Cloud.
Logs are JSON lines. Exit codes: 0 stopped, 2 invalid configuration, 1 error.`;

export const MIGRATE_USAGE = `Usage: ixopay-temporal migrate

Applies the migrations of the PostgreSQL customer store at CUSTOMER_STORE_URL (a role with DDL rights), then
exits. Workers in production open the store with CUSTOMER_STORE_MIGRATIONS=verify (the default there): they
refuse a schema that lacks migrations and never run DDL themselves.
Exit codes: 0 migrated, 2 CUSTOMER_STORE_URL unset or invalid configuration, 1 error (e.g. the database unreachable).`;

export const DEMO_OPTIONS = { 'keep-running': { type: 'boolean' }, 'data-dir': { type: 'string' } } as const;

export const DEMO_USAGE = `Usage: ixopay-temporal demo [--keep-running] [--data-dir DIR] [--json]

Starts the Temporal dev server (SQLite file in DIR, Web UI on :8233), the IXOPAY simulator, the webhook
receiver and the worker; seeds customers; runs a first purchase with registration, a charge on the stored
profile, a PENDING charge completed by callback, a 3-D Secure REDIRECT completed by the simulated customer,
a decline, a duplicate start, a small billing run and a charge through the Nexus endpoint from another
namespace (payments-caller); prints a table of outcomes. Exits 0 when every outcome is the expected one.
  --keep-running   stay up afterwards to explore the Web UI (Ctrl-C stops everything)
  --data-dir DIR   default .data/demo
  --json           the outcomes as JSON on stdout (progress on stderr)
METRICS_PORT (METRICS_HOST, default 127.0.0.1) serves the worker's Prometheus /metrics while it runs.
Exit codes: 0 every outcome as expected, 1 otherwise or an error, 2 invalid input.`;
