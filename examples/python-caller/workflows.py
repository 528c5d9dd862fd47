"""A workflow in the caller's namespace that charges a customer through the ixopay-payments Nexus endpoint.

A refusal (bad input, an idempotency conflict, an unknown customer) reaches it as a NexusOperationError whose
cause is a HandlerError (BAD_REQUEST, CONFLICT, NOT_FOUND) caused in turn by an ApplicationError whose `type`
names the pipeline's error; it returns that as a value here, to show where each piece is."""

from datetime import timedelta
from typing import Any

import nexusrpc
from temporalio import workflow
from temporalio.exceptions import ApplicationError, NexusOperationError

with workflow.unsafe.imports_passed_through():
    from payments_service import PaymentsService


@workflow.defn
class ChargeCustomerWorkflow:
    @workflow.run
    async def run(self, endpoint: str, request: dict[str, Any]) -> dict[str, Any]:
        payments = workflow.create_nexus_client(service=PaymentsService, endpoint=endpoint)
        try:
            result = await payments.execute_operation(
                PaymentsService.charge, request, schedule_to_close_timeout=timedelta(minutes=10)
            )
            return {"outcome": "charged", "result": result}
        except NexusOperationError as err:
            return {"outcome": "refused", **describe(err)}


def describe(err: NexusOperationError) -> dict[str, Any]:
    """The typed error under a failed Nexus operation: handler error type, application error type, details."""
    seen: dict[str, Any] = {"message": str(err)}
    cause = err.__cause__
    while cause is not None:
        if isinstance(cause, nexusrpc.HandlerError):
            seen["handlerErrorType"] = cause.type.name
            seen["retryable"] = cause.retryable
            seen["message"] = str(cause)
        elif isinstance(cause, ApplicationError):
            seen["type"] = cause.type
            seen["details"] = list(cause.details)
            seen.setdefault("message", cause.message)
        cause = cause.__cause__
    return seen
