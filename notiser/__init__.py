"""What reaches a citizen's phone: the SMS outbox and the push outbox, their backends and her notice choices.
Domain apps call it; it calls no domain app but ``invanare`` (DESIGN.md, floors)."""
