#!/usr/bin/env python3
"""Writes the custom-handler invocation fixtures the way the Functions host serializes them (see README.md).

The host builds HttpScriptInvocationContext {Data, Metadata} and serializes it with Newtonsoft.Json: a value that
JObject.FromObject accepts (an object) stays an object; anything else (string, number, array) is
JsonConvert.SerializeObject'ed, i.e. sent as a JSON string holding JSON text. A byte[][] trigger value
(eventHubTrigger, cardinality many, dataType binary) becomes the text of an array of base64 strings. The Event Hubs
extension's DateTime values (EnqueuedTime.DateTime) have no zone, so Newtonsoft writes them without an offset.
Run it from this folder: python3 make-fixtures.py (deterministic: gzip mtime 0).
"""
import base64, gzip, json

def batch(server, seq_from, seq_to, records, kind="periodic"):
    return {
        "schema": "cloudstatus.batch/v1", "tenantId": "tenant-a", "siteId": "site-1", "serverId": server,
        "epoch": "epoch-1", "seqFrom": seq_from, "seqTo": seq_to, "kind": kind,
        "sentAt": "2030-01-01T00:00:00+00:00", "records": records, "connectivity": [],
    }

def record(server, local, seq, health="online"):
    return {"producerId": f"{server}.{local}", "kind": "device", "parentId": server, "seq": seq,
            "localTimestamp": "2030-01-01T00:00:00+00:00", "health": health, "state": {"seq": seq}}

def utf8(doc):
    return json.dumps(doc, separators=(",", ":")).encode()

def gz(data):
    return gzip.compress(data, mtime=0)

# (body bytes, device, module, content-encoding, application properties)
events = [
    (utf8(batch("srv-01", 1, 2, [record("srv-01", "a", 1), record("srv-01", "b", 2)])), "srv-01", "cloudstatus", "utf-8", "periodic"),
    (gz(utf8(batch("srv-01", 3, 3, [record("srv-01", "c", 3, "degraded")]))), "srv-01", "cloudstatus", "gzip", "periodic"),
    (b"hello, not json", "srv-02", "cloudstatus", "utf-8", "periodic"),
    (utf8(batch("srv-01", 4, 4, [record("srv-01", "d", 4)])), "srv-03", "cloudstatus", "utf-8", "periodic"),
    (bytes([0x1F, 0x8B, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xFF, 0xFF, 0xFF]), "srv-02", "cloudstatus", "gzip", "periodic"),
    (utf8(batch("srv-02", 1, 1, [record("srv-02", "a", 1)])), "srv-02", "cloudstatus", "utf-8", "periodic"),
    (utf8(batch("srv-04", 1, 1, [record("srv-04", "a", 1)])), None, None, "utf-8", "periodic"),
    (utf8({**batch("srv-02", 2, 2, [record("srv-02", "b", 2)]), "schema": "cloudstatus.batch/v9"}), "srv-02", "cloudstatus", "utf-8", "periodic"),
]

first_seq = 4100
system, props, enqueued, seqs, offsets, keys = [], [], [], [], [], []
for i, (body, device, module, encoding, kind) in enumerate(events):
    seq = first_seq + i
    t = f"2030-01-01T00:00:{i:02d}.25"
    offset = 8589934592 + i * 1024
    entry = {
        "iothub-connection-device-id": device,
        "iothub-connection-module-id": module,
        "iothub-connection-auth-method": json.dumps({"scope": "module", "type": "sas", "issuer": "iothub", "acceptingIpFilterRule": None}, separators=(",", ":")),
        "iothub-connection-auth-generation-id": "638000000000000000",
        "iothub-enqueuedtime": f"2030-01-01T00:00:{i:02d}.2Z",
        "iothub-message-source": "Telemetry",
        "message-id": f"msg-{i:04d}",
        "content-type": "application/json",
        "content-encoding": encoding,
        "x-opt-sequence-number": seq,
        "x-opt-offset": str(offset),
        "x-opt-enqueued-time": t + "Z",
        "SequenceNumber": seq,
        "Offset": offset,
        "OffsetString": str(offset),
        "PartitionKey": None,
        "EnqueuedTimeUtc": t,
    }
    if device is None:  # not sent by an IoT Hub device: no connection properties at all
        entry = {k: v for k, v in entry.items() if not k.startswith("iothub-connection")}
    system.append(entry)
    props.append({"csSchema": "cloudstatus.batch/v1", "csKind": kind})
    enqueued.append(t)
    seqs.append(seq)
    offsets.append(str(offset))
    keys.append(None)

def encoded(value):
    return json.dumps(value, separators=(",", ":"))

partition = {"FullyQualifiedNamespace": "cs-events.servicebus.windows.net", "EventHubName": "iothub-status",
             "ConsumerGroup": "cloudstatus-ingest", "PartitionId": "0"}
ingest = {
    "Data": {"events": encoded([base64.b64encode(b).decode() for b, *_ in events])},
    "Metadata": {
        "TriggerPartitionContext": partition,
        "PartitionContext": partition,
        "PartitionKeyArray": encoded(keys),
        "OffsetArray": encoded(offsets),
        "OffsetStringArray": encoded(offsets),
        "SequenceNumberArray": encoded(seqs),
        "EnqueuedTimeUtcArray": encoded(enqueued),
        "PropertiesArray": encoded(props),
        "SystemPropertiesArray": encoded(system),
        "sys": {"MethodName": "IngestStatus", "UtcNow": "2030-01-01T00:00:10.5Z", "RandGuid": "0f8fad5b-d9cb-469f-a165-70867728950e"},
    },
}
with open("ingest-status.json", "w") as f:
    json.dump(ingest, f, indent=2)
    f.write("\n")

def timer(name, past_due):
    return {
        "Data": {"timer": {"Schedule": {"AdjustForDST": True},
                           "ScheduleStatus": {"Last": "2030-01-01T00:00:00+00:00", "Next": "2030-01-01T00:00:30+00:00", "LastUpdated": "2030-01-01T00:00:00+00:00"},
                           "IsPastDue": past_due}},
        "Metadata": {"sys": {"MethodName": name, "UtcNow": "2030-01-01T00:00:30.1Z", "RandGuid": "7c9e6679-7425-40de-944b-e07fc1f90ae7"}},
    }

for file, name, past_due in [("sweep-heartbeats.json", "SweepHeartbeats", False), ("build-connectivity-matrix.json", "BuildConnectivityMatrix", True)]:
    with open(file, "w") as f:
        json.dump(timer(name, past_due), f, indent=2)
        f.write("\n")
