"""Starts ChargeCustomerWorkflow and prints its outcome as one JSON line.

    python starter.py --endpoint ixopay-payments --charge-id order-1 --customer-id cust-1 \
        --amount-minor 1999 --currency EUR
"""

import argparse
import asyncio
import json
import os
import sys
import uuid

from temporalio.client import Client

from codec import payments_data_converter
from workflows import ChargeCustomerWorkflow


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--address", default="127.0.0.1:7233")
    parser.add_argument("--namespace", default="payments-caller")
    parser.add_argument("--task-queue", default="payments-caller")
    parser.add_argument("--endpoint", default="ixopay-payments")
    parser.add_argument("--workflow-id", help="default: charge-<charge id>-<random>")
    parser.add_argument("--charge-id", required=True)
    parser.add_argument("--customer-id", required=True)
    parser.add_argument("--amount-minor", type=int, required=True)
    parser.add_argument("--currency", default="EUR")
    args = parser.parse_args()
    client = await Client.connect(
        args.address, namespace=args.namespace, data_converter=payments_data_converter()
    )
    request = {
        "chargeId": args.charge_id,
        "customerId": args.customer_id,
        "amountMinor": args.amount_minor,
        "currency": args.currency,
        "initiator": "merchant",
    }
    outcome = await client.execute_workflow(
        ChargeCustomerWorkflow.run,
        args=[args.endpoint, request],
        id=args.workflow_id or f"charge-{args.charge_id}-{uuid.uuid4().hex[:8]}",
        task_queue=args.task_queue,
    )
    print(json.dumps(outcome, sort_keys=True), flush=True)


if __name__ == "__main__":
    asyncio.run(main())
    # A short-lived client process can abort in interpreter teardown while the SDK's native threads still run
    # (temporalio/sdk-python#300): the work is done and printed, so leave without the teardown.
    sys.stdout.flush()
    os._exit(0)
