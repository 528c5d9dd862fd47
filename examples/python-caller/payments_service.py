"""The ixopay-payments Nexus service as a caller sees it (src/nexus/service.ts). Inputs and results are the
JSON objects docs/nexus.md describes (camelCase keys, amounts in integer minor units)."""

from typing import Any

import nexusrpc

Json = dict[str, Any]


@nexusrpc.service(name="ixopay-payments")
class PaymentsService:
    charge: nexusrpc.Operation[Json, Json]
    chargeStatus: nexusrpc.Operation[Json, Json]
    capture: nexusrpc.Operation[Json, Json]
    void: nexusrpc.Operation[Json, Json]
    refund: nexusrpc.Operation[Json, Json]
    register: nexusrpc.Operation[Json, Json]
    startBillingRun: nexusrpc.Operation[Json, Json]
