"""Checks codec.py against the golden vectors and converts payloads for the cross-language test.

    python codec_vectors.py check ../../test/fixtures/codec-vectors.json
    python codec_vectors.py encode|decode FILE    (FILE: {"keys": [...], "payloads": [...]}; prints the result)

Payloads are JSON: {"metadata": {key: base64}, "data": base64}.
"""

import base64
import json
import sys
from typing import Any

from temporalio.api.common.v1 import Payload

from codec import EncryptionCodec


def keys_of(doc: dict[str, Any]) -> list[tuple[str, bytes]]:
    return [(k["id"], base64.b64decode(k["key"])) for k in doc["keys"]]


def from_json(p: dict[str, Any]) -> Payload:
    return Payload(
        metadata={k: base64.b64decode(v) for k, v in p["metadata"].items()},
        data=base64.b64decode(p["data"]),
    )


def to_json(p: Payload) -> dict[str, Any]:
    return {
        "metadata": {k: base64.b64encode(v).decode() for k, v in sorted(p.metadata.items())},
        "data": base64.b64encode(p.data).decode(),
    }


def check(doc: dict[str, Any]) -> dict[str, Any]:
    keys = keys_of(doc)
    failures = []
    for v in doc["vectors"]:
        # Encrypt with the vector's key and IV: byte for byte the stored payload.
        codec = EncryptionCodec([k for k in keys if k[0] == v["keyId"]])
        plain = Payload()
        plain.ParseFromString(base64.b64decode(v["plaintext"]))
        if plain != from_json(v["payload"]):
            failures.append(f'{v["name"]}: plaintext is not the payload')
        # The stored serialisation: protobuf does not fix the order of map entries, so bytes are compared
        # only for the same plaintext bytes.
        sealed = codec.seal(base64.b64decode(v["plaintext"]), base64.b64decode(v["iv"]))
        if to_json(sealed) != v["encoded"]:
            failures.append(f'{v["name"]}: encryption differs')
        # Decrypt with the whole key list (current key first): older keys still open their payloads.
        if EncryptionCodec(keys).decrypt(from_json(v["encoded"])) != from_json(v["payload"]):
            failures.append(f'{v["name"]}: decryption differs')
    for v in doc["invalid"]:
        try:
            EncryptionCodec(keys).decrypt(from_json(v["encoded"]))
            failures.append(f'{v["name"]}: accepted')
        except Exception:
            pass
    return {"vectors": len(doc["vectors"]), "invalid": len(doc["invalid"]), "failures": failures}


def main() -> None:
    command, path = sys.argv[1], sys.argv[2]
    with open(path, encoding="utf-8") as f:
        doc = json.load(f)
    if command == "check":
        result = check(doc)
        print(json.dumps(result))
        sys.exit(1 if result["failures"] else 0)
    codec = EncryptionCodec(keys_of(doc))
    convert = codec.encrypt if command == "encode" else codec.decrypt
    print(json.dumps([to_json(convert(from_json(p))) for p in doc["payloads"]]))


if __name__ == "__main__":
    main()
