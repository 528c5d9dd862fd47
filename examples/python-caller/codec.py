"""The payments payload codec (docs/codec.md) in Python: AES-256-GCM over the serialised Payload, key id as
associated data. Payloads this caller sends and receives are encrypted exactly as the TypeScript side does."""

from __future__ import annotations

import base64
import dataclasses
import os
from typing import Optional, Sequence

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from temporalio.api.common.v1 import Payload
from temporalio.converter import (
    DataConverter,
    DefaultFailureConverterWithEncodedAttributes,
    PayloadCodec,
)

ENCODING = b"binary/encrypted"
KEY_ID = "encryption-key-id"
IV_BYTES = 12
# The published development key (src/codec/keys.ts): protects nothing, development only.
DEV_PAYLOAD_KEYS = "dev-1:2bwiBweGdMcpJm39HwcMCssQ3VAy4Y105Lvxo7w5gvo="


def parse_payload_keys(spec: str) -> list[tuple[str, bytes]]:
    """PAYLOAD_KEYS: "keyId:base64key,..." with the current key first."""
    keys = []
    for entry in filter(None, (e.strip() for e in spec.split(","))):
        key_id, _, material = entry.partition(":")
        # Standard or URL-safe base64, as Node's Buffer accepts both.
        std = material.replace("-", "+").replace("_", "/")
        key = base64.b64decode(std + "=" * (-len(std) % 4))
        if not key_id or len(key) != 32:
            raise ValueError(f"PAYLOAD_KEYS entry {key_id or '?'} must be keyId:base64 of 32 bytes")
        keys.append((key_id, key))
    if not keys:
        raise ValueError("PAYLOAD_KEYS needs at least one keyId:base64key")
    return keys


class EncryptionCodec(PayloadCodec):
    def __init__(self, keys: Sequence[tuple[str, bytes]]):
        self.current_id, current = keys[0]
        self.current = AESGCM(current)
        self.by_id = {key_id: AESGCM(key) for key_id, key in keys}

    def encrypt(self, payload: Payload) -> Payload:
        return self.seal(payload.SerializeToString(), os.urandom(IV_BYTES))

    def seal(self, plain: bytes, iv: bytes) -> Payload:
        """`plain` is the serialised Payload. The IV is a parameter only to reproduce the golden vectors."""
        # AESGCM.encrypt returns ciphertext || 16-byte tag; the key id is the associated data.
        sealed = self.current.encrypt(iv, plain, self.current_id.encode())
        return Payload(
            metadata={"encoding": ENCODING, KEY_ID: self.current_id.encode()},
            data=iv + sealed,
        )

    def decrypt(self, payload: Payload) -> Payload:
        if payload.metadata.get("encoding") != ENCODING:
            return payload
        key_id = payload.metadata[KEY_ID].decode()
        aead = self.by_id.get(key_id)
        if aead is None:
            raise ValueError(f'payload encrypted with key id "{key_id}", which is not configured')
        data = payload.data
        plain = aead.decrypt(data[:IV_BYTES], data[IV_BYTES:], key_id.encode())
        decoded = Payload()
        decoded.ParseFromString(plain)
        return decoded

    async def encode(self, payloads: Sequence[Payload]) -> list[Payload]:
        return [self.encrypt(p) for p in payloads]

    async def decode(self, payloads: Sequence[Payload]) -> list[Payload]:
        return [self.decrypt(p) for p in payloads]


def payments_data_converter(spec: Optional[str] = None) -> DataConverter:
    """The data converter of the caller: codec plus encrypted failure messages, as on the payments side."""
    keys = parse_payload_keys(spec or os.environ.get("PAYLOAD_KEYS") or DEV_PAYLOAD_KEYS)
    return dataclasses.replace(
        DataConverter.default,
        payload_codec=EncryptionCodec(keys),
        failure_converter_class=DefaultFailureConverterWithEncodedAttributes,
    )
