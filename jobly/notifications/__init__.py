"""Notifications: Standard Webhooks delivery and e-mail (new matches, reminders, the weekly digest).

One module per concern: `signing` (Standard Webhooks headers), `endpoints` (endpoint CRUD, rotation,
test events), `fanout` (events → deliveries), `delivery` (claim, send, retry, sweep), `email` (exactly-once
sending, unsubscribe tokens), `digest` (the section registry apps fill), `emails` (what each e-mail says),
`preferences`. Apps reach in only through `digest.register_digest_section`.
"""
