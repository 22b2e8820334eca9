"""Enums stored by value, each member with a translatable label for people to read."""
import enum


class LabelledEnum(enum.StrEnum):
    """Declare members as `NAME = "value", _l("Label")`; the database keeps the value, pages show the label."""

    label: str

    def __new__(cls, value: str, label: str):
        member = str.__new__(cls, value)
        member._value_ = value
        member.label = label
        return member
