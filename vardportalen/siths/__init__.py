"""SITHS card login: nonces, signature and certificate verification, login views (DESIGN.md 'SITHS login')."""
