"""Shapes written once: a ninja schema names the fields, and what reads or answers them derives from it.

The columns a `.values()` or `.only()` reads, the fields of a Wagtail API v2 serializer and the dict
an endpoint answers all come from the schema the OpenAPI document publishes.
"""


def field_names(schema):
    """The names of `schema`'s fields, in their order."""
    return tuple(schema.model_fields)


def shape(source, schema, **computed):
    """The dict `schema` describes: each field read from the attribute of that name of `source`,
    except the fields given in `computed`."""
    return {
        name: computed[name] if name in computed else getattr(source, name) for name in schema.model_fields
    }
