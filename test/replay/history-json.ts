/**
 * Temporal's JSON history format (proto3 JSON of temporal.api.history.v1.History, as the CLI and Web UI export
 * it), both ways. The SDK's own historyToJSON/historyFromJSON (@temporalio/common/lib/proto-utils) throw
 * "type must be a Type" in this dependency tree: @temporalio/common and @temporalio/proto each get their own
 * nested protobufjs copy (the top-level one is the 7.x that OpenTelemetry and grpc want), so common's protojson
 * does not recognise proto's reflected types. Here protojson comes from the protobufjs copy @temporalio/proto
 * itself loads, so the types always match.
 */
import { createRequire } from 'node:module';
import proto from '@temporalio/proto';
import { patchProtobufRoot } from '@temporalio/proto/lib/patch-protobuf-root.js';

export type History = proto.temporal.api.history.v1.IHistory;

interface ProtoJson {
  toJson(type: unknown, message: unknown): unknown;
  fromJson(type: unknown, json: unknown, options?: { ignoreUnknownFields?: boolean }): unknown;
}

const requireHere = createRequire(import.meta.url);
const protoJson = createRequire(requireHere.resolve('@temporalio/proto'))(
  'protobufjs/ext/protojson',
) as ProtoJson;
const historyType = (patchProtobufRoot(proto) as unknown as { lookupType(name: string): unknown }).lookupType(
  'temporal.api.history.v1.History',
);

/** A fetched history (`handle.fetchHistory()`) as a JSON value in Temporal's history format. */
export function historyToJson(history: History): unknown {
  return protoJson.toJson(historyType, proto.temporal.api.history.v1.History.fromObject(history));
}

/** Temporal JSON history → the History the replayer takes. Unknown fields (newer servers) are ignored. */
export function historyFromJson(json: unknown): History {
  return protoJson.fromJson(historyType, json, { ignoreUnknownFields: true }) as History;
}
