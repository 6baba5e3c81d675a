"""The card agent: a small HTTP server on the staff member's workstation that signs login challenges with the
SITHS card through PKCS#11 (DESIGN.md 'SITHS login'). Started with ``manage.py card_agent``.

``module`` finds and loads the PKCS#11 module (the card middleware, or our SoftHSM2-based card simulator),
``tokens`` reads cards and signs, ``server`` is the HTTP side.
"""
