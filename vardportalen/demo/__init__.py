"""Demo region for Vårdportalen: units, staff and a synthetic population.

Everything here is synthetic. Units and staff are fixed (the same on every run, so SITHS demo cards and the
README stay valid); citizens come from Faker("sv_SE") seeded with --seed and are written with PostgreSQL COPY.

Modules: units (vårdenheter and their contact cards), staff (medarbetare and commissions), citizens
(people, families, identity numbers), relations (listing, care relations, guardianship), named (the
memorable citizens for the README), writer (COPY and cleanup), loader (phases and timing).
"""
