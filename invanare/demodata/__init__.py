"""Demo region for Vårdportalen: units, staff and a synthetic population.

Everything here is synthetic. Units and staff are fixed (the same on every run, so SITHS demo cards and the
README stay valid); citizens come from Faker("sv_SE") seeded with --seed and are written with PostgreSQL COPY.

Moved here from vardportalen/demo/ (the ground floor imports no domain app); vardportalen/demo/steps.py keeps
DEMO_STEPS, where the other apps register their demo data.

Modules: units (vårdenheter and their contact cards), staff (medarbetare and commissions), citizens
(people, families, identity numbers), relations (listing, care relations, guardianship), named (the
memorable citizens for the README), writer (COPY and cleanup), loader (phases and timing), steps (demo data
of other domains), report (printed tables).

Data sources: postal codes with locality, municipality and coordinates come from the Postnummer table
(swedish-geodata by sjbrg, CC0 1.0; GeoNames, CC BY 4.0; see invanare/data/README.md); birth-clinic positions
from the shared geo README; name frequencies from Faker's sv_SE tables (Skatteverket and Isof statistics).
Phone numbers of units and named citizens are from PTS's ranges reserved for fiction.
"""
