"""Packets: a tailored CV and cover letter for one profile and one posting, rendered and checked.

So far: the document model (`packets.document`), renderers (`packets.renderers`) and the ATS
self-check (`packets.ats`); the Packet model, services, API and pages build on these.
"""
