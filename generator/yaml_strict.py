"""The YAML papercat reads from curators' files (entries, catalog.yml): safe, and stricter.

- no aliases (`*name`): nine levels of anchors in 469 bytes expand to gigabytes ("billion laughs"),
  and nothing a curator writes needs them;
- no key given twice in one mapping: YAML would silently keep the last one;
- dates stay text: `2024-13-45` is then a validation error with a line number instead of a crash,
  and `2024-05` and `2024-05-14` are the same kind of value."""

from __future__ import annotations

import yaml
from yaml.constructor import ConstructorError

_Base = yaml.CSafeLoader if hasattr(yaml, "CSafeLoader") else yaml.SafeLoader  # (libyaml: twenty times as fast)


class StrictLoader(_Base):  # type: ignore[misc,valid-type]
    line_offset = 0  # lines of the file before the YAML (an entry's `---`), for messages that name a line

    def construct_object(self, node, deep=False):
        if node in self.constructed_objects or node in self.recursive_objects:
            raise ConstructorError(None, None, "the value anchored here (&name) is repeated by an alias (*name); "
                                   "papercat does not accept aliases: write the value out where it is used",
                                   node.start_mark)
        return super().construct_object(node, deep)

    def construct_mapping(self, node, deep=False):
        if isinstance(node, yaml.MappingNode):
            seen: dict = {}
            for key_node, _ in node.value:
                key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
                if key is not None and key in seen:
                    raise ConstructorError(None, None, f"the key {key!r} is given twice (first on line "
                                           f"{seen[key] + 1 + self.line_offset}); keep one", key_node.start_mark)
                seen.setdefault(key, key_node.start_mark.line)
        return super().construct_mapping(node, deep)


StrictLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
