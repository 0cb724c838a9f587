"""Notifications: Standard Webhooks delivery and e-mail (new matches, reminders, the weekly digest).

One module per concern: `signing` (Standard Webhooks headers), `endpoints` (endpoint CRUD, rotation, test
events, re-sends), `subscriptions` (events → deliveries and e-mails), `delivery` (claim, send, retry, sweep),
`alerts` (an endpoint turned off), `email` (exactly-once sending, unsubscribe tokens), `emails` (what each
e-mail says and when), `digest` (the section registry apps fill), `preferences`; `api`, `views`, `forms`,
`urls`, `admin`, `tasks`, and `registration` (what JoblyConfig.ready() registers). Apps reach in only
through `digest.register_digest_section`.
"""
