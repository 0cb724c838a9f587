"""Interviews' writes: generating a prep (generate.py), its writer enrichment (enrich.py) and practice (practice.py)."""
