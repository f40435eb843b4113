"""gRPC server reflection, v1 and v1alpha.

grpcio-reflection (1.85) ships only ``grpc.reflection.v1alpha`` (grpc/grpc#38576), while current
grpcurl and Node's ``@grpc/reflection`` ask for ``grpc.reflection.v1`` first. The v1 API is the
v1alpha one under another package name: the same messages with the same field numbers, so the
same bytes on the wire. This module therefore

- derives the v1 file descriptor (``grpc/reflection/v1/reflection.proto``) from the v1alpha one by
  renaming its package, and adds it to the default descriptor pool, so reflection can describe the
  v1 service itself; and
- serves ``/grpc.reflection.v1.ServerReflection/ServerReflectionInfo`` with grpcio-reflection's own
  servicer, whose v1alpha messages (de)serialise v1 requests and responses unchanged.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable

import grpc
from google.protobuf import descriptor_pb2, descriptor_pool
from google.protobuf.descriptor import FileDescriptor
from grpc_reflection.v1alpha import reflection, reflection_pb2

V1_PACKAGE = "grpc.reflection.v1"
V1_FILE = "grpc/reflection/v1/reflection.proto"
V1_SERVICE_NAME = f"{V1_PACKAGE}.ServerReflection"
V1ALPHA_SERVICE_NAME = reflection.SERVICE_NAME
SERVICE_NAMES = (V1_SERVICE_NAME, V1ALPHA_SERVICE_NAME)


@functools.cache
def v1_file() -> FileDescriptor:
    """The v1 reflection file descriptor, added to the default pool on first use."""
    pool = descriptor_pool.Default()
    try:
        return pool.FindFileByName(V1_FILE)
    except KeyError:
        pass
    proto = descriptor_pb2.FileDescriptorProto()
    reflection_pb2.DESCRIPTOR.CopyToProto(proto)
    old = "." + proto.package + "."
    new = "." + V1_PACKAGE + "."
    proto.name, proto.package = V1_FILE, V1_PACKAGE
    for message in proto.message_type:
        for field in message.field:
            if field.HasField("type_name"):
                field.type_name = field.type_name.replace(old, new)
    for service in proto.service:
        for method in service.method:
            method.input_type = method.input_type.replace(old, new)
            method.output_type = method.output_type.replace(old, new)
    proto.options.java_package = "io.grpc.reflection.v1"
    proto.options.go_package = "google.golang.org/grpc/reflection/grpc_reflection_v1"
    pool.Add(proto)
    return pool.FindFileByName(V1_FILE)


def enable(service_names: Iterable[str], server: grpc.Server) -> None:
    """Serve reflection v1 and v1alpha on `server` for `service_names` (plus both reflection services)."""
    v1_file()
    names = [*service_names, *SERVICE_NAMES]
    reflection.enable_server_reflection(names, server)
    servicer = reflection.ReflectionServicer(names)
    handler = grpc.method_handlers_generic_handler(
        V1_SERVICE_NAME,
        {
            "ServerReflectionInfo": grpc.stream_stream_rpc_method_handler(
                servicer.ServerReflectionInfo,
                request_deserializer=reflection_pb2.ServerReflectionRequest.FromString,
                response_serializer=reflection_pb2.ServerReflectionResponse.SerializeToString,
            )
        },
    )
    server.add_generic_rpc_handlers((handler,))
