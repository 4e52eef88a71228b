"""The protobuf wire format of an ONNX model, just what the graph rewrite reads and writes."""

# Hand-written so that no `onnx` package is needed at run time; fields the rewrite does not
# touch are copied byte for byte.

from __future__ import annotations

import struct
from dataclasses import dataclass, field

# Field numbers from onnx.proto.
MODEL_GRAPH, MODEL_OPSET = 7, 8
GRAPH_NODE, GRAPH_INIT, GRAPH_OUTPUT, GRAPH_VALUE_INFO = 1, 5, 12, 13
NODE_IN, NODE_OUT, NODE_NAME, NODE_OP, NODE_ATTR, NODE_DOMAIN = 1, 2, 3, 4, 5, 7
ATTR_INT = 2
TENSOR_INT64 = 7


class GraphRewriteError(Exception):
    """The graph does not have the shape the rewrite expects."""


def read_varint(buf: memoryview, pos: int) -> tuple[int, int]:
    result = shift = 0
    while True:
        byte = buf[pos]
        pos += 1
        result |= (byte & 0x7F) << shift
        if byte < 0x80:
            return result, pos
        shift += 7


def varint(value: int) -> bytes:
    value &= (1 << 64) - 1
    out = bytearray()
    while value >= 0x80:
        out.append((value & 0x7F) | 0x80)
        value >>= 7
    out.append(value)
    return bytes(out)


def message_fields(buf: memoryview) -> list[tuple[int, memoryview | int, memoryview]]:
    """Split a message into (field number, value, raw bytes of the whole field)."""
    out: list[tuple[int, memoryview | int, memoryview]] = []
    pos = 0
    while pos < len(buf):
        start = pos
        key, pos = read_varint(buf, pos)
        number, wire = key >> 3, key & 7
        value: memoryview | int
        if wire == 0:
            value, pos = read_varint(buf, pos)
        elif wire == 2:
            size, pos = read_varint(buf, pos)
            value, pos = buf[pos : pos + size], pos + size
        elif wire == 1:
            value, pos = struct.unpack_from("<q", buf, pos)[0], pos + 8
        elif wire == 5:
            value, pos = struct.unpack_from("<i", buf, pos)[0], pos + 4
        else:
            raise GraphRewriteError(f"unsupported protobuf wire type {wire}")
        out.append((number, value, buf[start:pos]))
    return out


def length_delimited(number: int, payload: bytes) -> bytes:
    return varint(number << 3 | 2) + varint(len(payload)) + payload


def text_of(value: memoryview | int) -> str:
    assert isinstance(value, memoryview)
    return bytes(value).decode()


def int_attr(name: str, value: int) -> bytes:
    return (
        length_delimited(1, name.encode())
        + varint(20 << 3)
        + varint(ATTR_INT)
        + varint(3 << 3)
        + varint(value)
    )


@dataclass
class Node:
    inputs: list[str]
    outputs: list[str]
    name: str
    op_type: str
    raw: bytes | None = None  # original encoding, reused when the node is kept as is
    domain: str = ""
    attrs: list[bytes] = field(default_factory=list)

    def encode(self) -> bytes:
        if self.raw is not None:
            return self.raw
        body = b"".join(length_delimited(NODE_IN, i.encode()) for i in self.inputs)
        body += b"".join(length_delimited(NODE_OUT, o.encode()) for o in self.outputs)
        body += length_delimited(NODE_NAME, self.name.encode()) + length_delimited(
            NODE_OP, self.op_type.encode()
        )
        body += b"".join(length_delimited(NODE_ATTR, a) for a in self.attrs)
        if self.domain:
            body += length_delimited(NODE_DOMAIN, self.domain.encode())
        return length_delimited(GRAPH_NODE, body)


def parse_node(value: memoryview, raw: memoryview) -> Node:
    node = Node([], [], "", "", raw=bytes(raw))
    for number, item, _ in message_fields(value):
        if number == NODE_IN:
            node.inputs.append(text_of(item))
        elif number == NODE_OUT:
            node.outputs.append(text_of(item))
        elif number == NODE_NAME:
            node.name = text_of(item)
        elif number == NODE_OP:
            node.op_type = text_of(item)
        elif number == NODE_DOMAIN:
            node.domain = text_of(item)
    return node


def int64_tensor(name: str, values: list[int]) -> bytes:
    body = varint(1 << 3) + varint(len(values))  # dims
    body += varint(2 << 3) + varint(TENSOR_INT64)
    body += length_delimited(8, name.encode()) + length_delimited(
        9, struct.pack(f"<{len(values)}q", *values)
    )
    return length_delimited(GRAPH_INIT, body)
