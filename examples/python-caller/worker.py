"""Runs the caller's worker: ChargeCustomerWorkflow on the caller namespace, payloads encrypted (codec.py).

    python worker.py --address 127.0.0.1:7233 --namespace payments-caller --task-queue payments-caller
"""

import argparse
import asyncio

from temporalio.client import Client
from temporalio.worker import Worker

from codec import payments_data_converter
from workflows import ChargeCustomerWorkflow


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--address", default="127.0.0.1:7233")
    parser.add_argument("--namespace", default="payments-caller")
    parser.add_argument("--task-queue", default="payments-caller")
    args = parser.parse_args()
    client = await Client.connect(
        args.address, namespace=args.namespace, data_converter=payments_data_converter()
    )
    async with Worker(client, task_queue=args.task_queue, workflows=[ChargeCustomerWorkflow]):
        print(f"caller worker polling {args.namespace}/{args.task_queue}", flush=True)
        await asyncio.Event().wait()


if __name__ == "__main__":
    try:
        asyncio.run(main())
    except KeyboardInterrupt:
        pass
