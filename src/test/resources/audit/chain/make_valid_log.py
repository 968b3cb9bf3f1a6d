#!/usr/bin/env python3
"""Writes valid-log.json: a 20-event audit chain computed independently of the Java code.

Run from this directory: python3 make_valid_log.py > valid-log.json

RFC 8785 canonical JSON for the values audit events hold (objects, arrays, strings, integers, booleans,
null): members sorted by the UTF-16 code units of their keys, no whitespace, and json.dumps escaping
with ensure_ascii=False, which escapes exactly what RFC 8785 escapes (" \\ \\b \\f \\n \\r \\t and the
other controls as lowercase \\u00xx). Link hash: SHA-256 over
b"tdeguard.audit.v1" 0x00 <prev hash, 64 lowercase hex, ASCII> 0x00 <canonical JSON, UTF-8>.
"""
import hashlib
import json

GENESIS = "0" * 64


def canonical(value):
    if isinstance(value, dict):
        keys = sorted(value, key=lambda k: k.encode("utf-16-be"))
        return "{" + ",".join(canonical(k) + ":" + canonical(value[k]) for k in keys) + "}"
    if isinstance(value, list):
        return "[" + ",".join(canonical(v) for v in value) + "]"
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, int) and abs(value) <= 2**53 - 1:
        return str(value)
    raise ValueError(f"unsupported value: {value!r}")


def link(prev_hash, canonical_json):
    data = b"tdeguard.audit.v1\x00" + prev_hash.encode("ascii") + b"\x00" + canonical_json.encode("utf-8")
    return hashlib.sha256(data).hexdigest()


def identity(user, key="LTAI5tExampleKey0001"):
    return {"type": "ram-user", "principalId": f"2034{sum(map(ord, user)):012d}",
            "accountId": "1234567890123456", "accessKeyId": key, "userName": user}


def event(n, name, phase=None, **fields):
    base = {"eventId": f"7e3f0c1a-0000-4000-8000-{n:012d}", "eventTime": f"2026-11-28T16:{n:02d}:28Z",
            "eventName": name, "eventType": "ApiCall", "eventRW": "Write", "requestId": f"REQ-{n:04d}",
            "sourceIpAddress": "203.0.113.7", "acsRegion": "cn-hangzhou", "serviceName": "kvstore"}
    if phase:
        base["phase"] = phase
    base.update(fields)
    return base


INSTANCE = {"InstanceId": "r-bp1zxszhcgatnx", "TDEStatus": "Enabled", "RegionId": "cn-hangzhou"}
EVENTS = [
    event(1, "CreateApproval", userIdentity=identity("alice"), serviceName="tdeguard", approvalId="apr-0001",
          requestParameters={"Action": "kvstore:ModifyInstanceTDE", "Parameters": INSTANCE,
                             "Reason": "quarterly key rollout \u2014 ticket #4711", "ExpiresInSeconds": 86400}),
    event(2, "ApproveApproval", userIdentity=identity("bob"), serviceName="tdeguard", approvalId="apr-0001",
          requestParameters={"ApprovalId": "apr-0001", "Comment": "looks good \U0001F44D"}),
    event(3, "ModifyInstanceTDE", "intent", userIdentity=identity("zo\u00eb"), approvalId="apr-0001",
          userAgent="aliyun-sdk-java/2.23.2 (Linux; amd64)", requestParameters=INSTANCE,
          decision={"effect": "Allow", "reasons": ["stmt-allow-tde", "approval apr-0001 reserved"]}),
    event(4, "ModifyInstanceTDE", "outcome", intentEventId="7e3f0c1a-0000-4000-8000-000000000003",
          approvalId="apr-0001", responseElements={"RequestId": "B2C3D4E5-F6A7-4B8C-9D0E-1F2A3B4C5D6E"},
          errorCode=None, errorMessage=None, latencyMs=1834),
    event(5, "ModifyInstanceTDE", "intent", userIdentity=identity("mallory"), eventRW="Write",
          requestParameters={"InstanceId": "r-bp1other", "TDEStatus": "Enabled"},
          decision={"effect": "ImplicitDeny", "reasons": []}, errorCode="Forbidden.RAM",
          errorMessage="no statement allows kvstore:ModifyInstanceTDE on\n\"acs:kvstore:cn-hangzhou:1234567890123456:instance/r-bp1other\""),
    event(6, "DescribeInstanceTDEStatus", userIdentity=identity("alice"), eventRW="Read",
          requestParameters={"InstanceId": "r-bp1zxszhcgatnx"}, responseElements={"TDEStatus": "Enabled"}),
    event(7, "CreateApproval", userIdentity=identity("carol\u00a0smith"), serviceName="tdeguard",
          approvalId="apr-0002", requestParameters={"Action": "kvstore:ModifyInstanceTDE",
                                                    "Parameters": {"InstanceId": "r-bp1third", "TDEStatus": "Enabled",
                                                                   "EncryptionKey": "0d2470df-da7b-4786-b981-9a164dae****"},
                                                    "Reason": "\u9700\u8981\u52a0\u5bc6 (needs encryption)"}),
    event(8, "RejectApproval", userIdentity=identity("bob"), serviceName="tdeguard", approvalId="apr-0002",
          requestParameters={"ApprovalId": "apr-0002", "Comment": "wrong key\tuse the KMS default"}),
    event(9, "ModifyInstanceTDE", "intent", userIdentity=identity("carol"),
          requestParameters={"InstanceId": "r-bp1third", "TDEStatus": "Enabled"},
          decision={"effect": "Allow", "reasons": ["stmt-allow-tde"]}, errorCode="Forbidden.ApprovalRequired",
          errorMessage="no approval matches"),
    event(10, "CreateUser", userIdentity=identity("admin", "LTAI5tBootstrap0000"), serviceName="ram",
          requestParameters={"UserName": "dave"}, responseElements={"User": {"UserName": "dave", "UserId": 9007199254740991}}),
    event(11, "CreateAccessKey", userIdentity=identity("admin", "LTAI5tBootstrap0000"), serviceName="ram",
          requestParameters={"UserName": "dave"}, responseElements={"AccessKey": {"AccessKeyId": "LTAI5tDave0001", "Status": "Active"}}),
    event(12, "CreatePolicy", userIdentity=identity("admin", "LTAI5tBootstrap0000"), serviceName="ram",
          requestParameters={"PolicyName": "tde-operators", "Description": "line one\u2028line two\u2029end",
                             "PolicyDocument": "{\"Version\":\"1\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"kvstore:*TDE*\",\"Resource\":\"*\"}]}"}),
    event(13, "AttachPolicyToUser", userIdentity=identity("admin", "LTAI5tBootstrap0000"), serviceName="ram",
          requestParameters={"PolicyName": "tde-operators", "UserName": "dave"}),
    event(14, "ModifyInstanceTDE", "intent", userIdentity=identity("dave", "LTAI5tDave0001"),
          requestParameters={"InstanceId": "r-bp1zxszhcgatnx", "TDEStatus": "Enabled"},
          decision={"effect": "Allow", "reasons": ["tde-operators#0"]}, approvalId="apr-0003",
          userAgent="curl/8.5.0 \u0007bell \u001fus \u007fdel"),
    event(15, "ModifyInstanceTDE", "outcome", intentEventId="7e3f0c1a-0000-4000-8000-000000000014",
          approvalId="apr-0003", errorCode="TaskExists", errorMessage="A task is running. \\ retry later",
          outcome="released", latencyMs=-1),
    event(16, "LookupEvents", userIdentity=identity("auditor"), serviceName="tdeguard", eventRW="Read",
          requestParameters={"StartTime": "2026-11-28T00:00:00Z", "EndTime": "2026-11-29T00:00:00Z",
                             "MaxResults": 50, "NextToken": None}, responseElements={"Events": []}),
    event(17, "VerifyAuditTrail", userIdentity=identity("auditor"), serviceName="tdeguard", eventRW="Read",
          requestParameters={}, responseElements={"Verified": True, "CheckedEvents": 16, "FirstBrokenSeq": None}),
    event(18, "ModifyInstanceTDE", "intent", userIdentity=identity("\U0001F512 robot"),
          requestParameters={"InstanceId": "r-bp1zxszhcgatnx", "TDEStatus": "Enabled", "RoleArn": "acs:ram::1234567890123456:role/aliyunkvstoreaccessingkmsrole"},
          decision={"effect": "Allow", "reasons": ["tde-operators#0"], "matched": [{"policy": "tde-operators", "statement": 0}]},
          approvalId="apr-0004"),
    event(19, "ModifyInstanceTDE", "outcome", intentEventId="7e3f0c1a-0000-4000-8000-000000000018",
          approvalId="apr-0004", outcome="inDoubt", errorCode="ServiceUnavailable",
          errorMessage="read timed out after 10000 ms", retryable=True),
    event(20, "ModifyInstanceTDE", "outcome", intentEventId="7e3f0c1a-0000-4000-8000-000000000018",
          approvalId="apr-0004", outcome="success", reconciled=True, responseElements={"TDEStatus": "Enabled"},
          tags={"\u20ac": 1, "\r": 2, "\ufb33": 3, "1": 4, "\U0001F600": 5, "\u0080": 6, "\u00f6": 7}),
]


def main():
    prev, entries = GENESIS, []
    for seq, ev in enumerate(EVENTS, start=1):
        text = canonical(ev)
        digest = link(prev, text)
        entries.append({"seq": seq, "event": ev, "canonicalEventJson": text, "prevHash": prev, "hash": digest})
        prev = digest
    print(json.dumps({"description": "a valid 20-event chain from seq 1, written by make_valid_log.py",
                      "entries": entries}, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
