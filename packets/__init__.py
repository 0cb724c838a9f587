"""Packets: a tailored CV and cover letter for one profile and one posting, rendered, checked and stored.

Pure parts: tailoring (`packets.tailoring`), the documents (`packets.document`), renderers
(`packets.renderers`) and the ATS self-check (`packets.ats`). The app around them: models, services
(generate, edit and re-render), background jobs, API, pages and downloads (docs/ARCHITECTURE.md "Packets").
"""
