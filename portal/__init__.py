"""The top floor: the root URLconf that mounts every app (docs/design.md). Nothing imports it but Django and the
test and bench URLconfs that extend it."""
