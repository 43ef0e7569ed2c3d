"""The Spark types of the dataset's tables (``spark.schema``), derived from ``newstrail.records``
so that a field added to a record is a column without a second list to keep in step.
"""

from __future__ import annotations

import types
import typing
from dataclasses import fields, is_dataclass

from pyspark.sql.types import (
    ArrayType,
    BinaryType,
    BooleanType,
    DataType,
    DoubleType,
    LongType,
    StringType,
    StructField,
    StructType,
)

from newstrail.records import Article

_SCALARS: dict[type, DataType] = {str: StringType(), int: LongType(), float: DoubleType(), bool: BooleanType(),
                                  bytes: BinaryType()}


def spark_type(hint) -> DataType:
    """The Spark type of a ``records`` field's type hint: optional scalars, fixed values, lists, dataclasses."""
    if is_dataclass(hint):
        return record_struct(hint)
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):  # X | None: Spark columns are nullable anyway
        (inner,) = [arg for arg in typing.get_args(hint) if arg is not type(None)]
        return spark_type(inner)
    if origin is list:
        return ArrayType(spark_type(typing.get_args(hint)[0]))
    if origin is typing.Literal:  # fixed values (a quote's ``kind``): a column of their type
        return spark_type(type(typing.get_args(hint)[0]))
    return _SCALARS[hint]


def record_struct(record: type) -> StructType:
    """A struct with the fields of a ``records`` dataclass, in order, named as in its JSON form."""
    hints = typing.get_type_hints(record)
    return StructType([StructField(f.name, spark_type(hints[f.name])) for f in fields(record)])


BOOKKEEPING = StructType([
    StructField("position", LongType(), False),
    StructField("origin", StringType()),
    StructField("content_hash", StringType(), False),
    StructField("minhash", BinaryType()),
    StructField("line_keys", ArrayType(StringType())),
    StructField("copy_of_source", StringType()),
    StructField("copy_of_id", StringType()),
    StructField("copy_kind", StringType()),
    StructField("similarity", DoubleType()),
])
ARTICLES = StructType(record_struct(Article).fields + BOOKKEEPING.fields)
FAILED = StructType([StructField("position", LongType(), False), StructField("location", StringType(), False),
                     StructField("message", StringType(), False)])


def to_row(value, kind: DataType):
    """``value`` (JSON form: dicts, lists, scalars) as the tuples Spark builds rows of."""
    if value is None:
        return None
    if isinstance(kind, StructType):
        return tuple(to_row(value.get(f.name), f.dataType) for f in kind.fields)
    if isinstance(kind, ArrayType):
        return [to_row(item, kind.elementType) for item in value]
    if isinstance(kind, DoubleType):
        return float(value)
    return value
